using System.Text.Json;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Announcing;

public sealed class ExecAnnouncerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string name, string body)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("exec scripts are POSIX shell scripts");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void A_script_that_fails_the_first_time_is_retried_and_gets_the_alarm_as_arguments_and_json()
    {
        // First run: leaves a 'tried' mark and exits 1. Second run: writes its arguments and stdin to 'done'.
        Script("page.sh", """
            dir=$(dirname "$0")
            if [ ! -e "$dir/tried" ]; then touch "$dir/tried"; echo "pager busy" >&2; exit 1; fi
            { echo "$@"; cat; } > "$dir/done.tmp" && mv "$dir/done.tmp" "$dir/done"
            """);
        var host = Feeder.Host(_dir.Path);
        var output = new SeizureAlarmOutput
        {
            Value = "seizure", Confirm = 1, Refractory = 0, LogFile = "alarms.jsonl", ConsoleAnnounce = false,
            Exec = ["./page.sh", "ward-3"], Retries = 3, RetryBackoff = 0.05,
        };
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25);
        output.Close();
        output.Dispose();

        Assert.True(File.Exists(_dir.File("tried")));
        string[] done = File.ReadAllLines(_dir.File("done"));
        Assert.Equal("ward-3 alarm 1", done[0]);
        string logged = Assert.Single(AlarmLog.ReadLines(_dir.File("alarms.jsonl")));
        Assert.Equal(logged, done[1]);
        Assert.Equal(1, host.Counter("announce retries"));
        Assert.Equal(0, host.Counter("announce failures"));
        Assert.Contains(host.Lines, l => l.Contains("page.sh exited with code 1: pager busy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_script_past_its_timeout_is_killed_and_the_failure_recorded()
    {
        Script("hang.sh", "sleep 60\n");
        var host = Feeder.Host(_dir.Path);
        var output = new SeizureAlarmOutput
        {
            Value = "seizure", Confirm = 1, Refractory = 0, LogFile = "alarms.jsonl", ConsoleAnnounce = false,
            Exec = ["./hang.sh"], ExecTimeout = 0.3, Retries = 1, RetryBackoff = 0.01,
        };
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25);
        output.Close();
        output.Dispose();

        Assert.Equal(1, host.Counter("announce retries"));
        Assert.Equal(1, host.Counter("announce failures"));
        string[] lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl"));
        var failed = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal("exec", failed.GetProperty("announcer").GetString());
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("did not finish within 0.3 s and was killed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
