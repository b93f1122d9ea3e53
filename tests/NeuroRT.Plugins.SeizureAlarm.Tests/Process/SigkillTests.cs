using System.Diagnostics;
using System.Text.Json;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Process;

/// <summary>The alarm survives the process: kill -9 right after it is raised, and it is in the log, complete.</summary>
public sealed class SigkillTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static System.Diagnostics.Process Start(string log, string mode)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AlarmHarness.dll"));
        psi.ArgumentList.Add(log);
        psi.ArgumentList.Add(mode);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Leaves no harness behind, whatever failed.</summary>
    private static void Stop(System.Diagnostics.Process process)
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
    }

    /// <summary>Reads stdout until <paramref name="line"/>; fails with stderr when the process ends or 60 s pass first.</summary>
    private static async Task WaitForLine(System.Diagnostics.Process process, string line, Task<string> stderr)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            string? text;
            while ((text = await process.StandardOutput.ReadLineAsync(limit.Token)) is not null)
                if (text == line) return;
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.Fail($"the harness did not print '{line}'; stderr: {await stderr}");
    }

    [Fact]
    public async Task An_alarm_raised_just_before_sigkill_is_in_the_log_and_the_next_run_continues_its_sequence()
    {
        string log = _dir.File("alarms.jsonl");
        using (var first = Start(log, "kill"))
        {
            try
            {
                var stderr = first.StandardError.ReadToEndAsync();
                await WaitForLine(first, "ALARM RAISED 1", stderr);
                first.Kill(); // SIGKILL on Linux: no handler, no flush, no Close
                using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await first.WaitForExitAsync(exit.Token);
                Assert.Equal(137, first.ExitCode); // 128 + SIGKILL
            }
            finally
            {
                Stop(first);
            }
        }

        var alarm = JsonDocument.Parse(Assert.Single(AlarmLog.ReadLines(log))).RootElement;
        Assert.Equal("alarm", alarm.GetProperty("event").GetString());
        Assert.Equal(1, alarm.GetProperty("seq").GetInt64());
        Assert.Equal(5.0, alarm.GetProperty("onset").GetDouble());
        Assert.Equal(15.0, alarm.GetProperty("confirmed").GetDouble());
        Assert.Equal(0.9f, alarm.GetProperty("peak").GetSingle());
        Assert.EndsWith("\n", File.ReadAllText(log), StringComparison.Ordinal);

        using (var second = Start(log, "finish"))
        {
            try
            {
                var stderr = second.StandardError.ReadToEndAsync();
                await WaitForLine(second, "ALARM RAISED 2", stderr);
                using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await second.WaitForExitAsync(exit.Token);
                string errors = await stderr;
                Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {errors}");
                Assert.Contains("continuing after alarm 1", errors, StringComparison.Ordinal);
            }
            finally
            {
                Stop(second);
            }
        }

        string[] lines = AlarmLog.ReadLines(log);
        Assert.Equal([("alarm", 1L), ("alarm", 2L), ("offset", 2L)], lines.Select(l => JsonDocument.Parse(l).RootElement).Select(j => (j.GetProperty("event").GetString(), j.GetProperty("seq").GetInt64())));
    }
}
