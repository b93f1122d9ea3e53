using System.Text.Json;
using NeuroRT.Plugins.SeizureAlarm.Log;
using NeuroRT.Plugins.SeizureAlarm.Tests.Output;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Announcing;

public sealed class RetryTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private SeizureAlarmOutput Alarm(int retries) => new() { Value = "seizure", Confirm = 1, Refractory = 0, LogFile = "alarms.jsonl", ConsoleAnnounce = false, Retries = retries, RetryBackoff = 0.01 };

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement;

    [Fact]
    public void A_failing_announcer_is_retried_and_counted_until_it_succeeds()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(retries: 3);
        var announcer = new RecordingAnnouncer(_dir.File("alarms.jsonl")) { FailFirst = 2 };
        output.AddAnnouncer(announcer);
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25);
        output.Close();
        output.Dispose();

        Assert.Equal(3, announcer.Attempts);
        Assert.Single(announcer.Seen);
        Assert.Equal(2, host.Counter("announce retries"));
        Assert.Equal(0, host.Counter("announce failures"));
        Assert.Equal(2, host.Lines.Count(l => l.StartsWith("Warning: announcer recording: alarm 1 failed", StringComparison.Ordinal)));
        Assert.Single(AlarmLog.ReadLines(_dir.File("alarms.jsonl")));
    }

    [Fact]
    public void An_announcement_that_never_succeeds_is_counted_and_recorded_as_failed_in_the_alarm_log()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(retries: 2);
        var announcer = new RecordingAnnouncer(_dir.File("alarms.jsonl")) { FailFirst = int.MaxValue };
        output.AddAnnouncer(announcer);
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25);
        output.Close();
        output.Dispose();

        Assert.Equal(3, announcer.Attempts);
        Assert.Equal(2, host.Counter("announce retries"));
        Assert.Equal(1, host.Counter("announce failures"));
        string[] lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl"));
        Assert.Equal(2, lines.Length);
        var failed = Json(lines[1]);
        Assert.Equal("announce-failed", failed.GetProperty("event").GetString());
        Assert.Equal(1, failed.GetProperty("seq").GetInt64());
        Assert.Equal("alarm", failed.GetProperty("of").GetString());
        Assert.Equal("recording", failed.GetProperty("announcer").GetString());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Equal("failure 3 on purpose", failed.GetProperty("error").GetString());
        Assert.Contains(host.Lines, l => l.StartsWith("Error: announcer recording: alarm 1 was not announced after 3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_blocked_announcer_delays_neither_the_log_nor_the_other_announcers()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(retries: 0);
        var slow = new RecordingAnnouncer(_dir.File("alarms.jsonl"));
        var fast = new RecordingAnnouncer(_dir.File("alarms.jsonl"));
        slow.Gate.Reset();
        output.AddAnnouncer(slow);
        output.AddAnnouncer(fast);
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25).Hold(0.1f, 0.25).Hold(0.9f, 1.25).Hold(0.1f, 0.25);

        // Two alarms and their offsets are logged while the slow announcer still holds the first one.
        Assert.Equal(4, AlarmLog.ReadLines(_dir.File("alarms.jsonl")).Length);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fast.Seen.Length < 4 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal(4, fast.Seen.Length);
        Assert.Empty(slow.Seen);

        slow.Gate.Set();
        output.Close();
        output.Dispose();
        Assert.Equal([1L, 1, 2, 2], slow.Seen.Select(s => s.Event.Sequence));
        Assert.All(slow.Seen, s => Assert.True(s.InLog));
        Assert.Equal(0, host.Counter("announce failures"));
    }

    [Fact]
    public void Announcements_still_pending_at_close_are_recorded_as_failed_not_lost()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(retries: 0);
        output.CloseTimeout = 0.2;
        var stuck = new RecordingAnnouncer(_dir.File("alarms.jsonl"));
        stuck.Gate.Reset(); // never opens: Close gives up on it
        output.AddAnnouncer(stuck);
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25).Hold(0.1f, 0.25);
        output.Close();
        output.Dispose();

        Assert.Equal(2, host.Counter("announce failures"));
        string[] lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl"));
        Assert.Equal(["alarm", "offset", "announce-failed", "announce-failed"], lines.Select(l => Json(l).GetProperty("event").GetString()));
        Assert.Equal(["alarm", "offset"], lines.Skip(2).Select(l => Json(l).GetProperty("of").GetString()));
    }

    [Fact]
    public void Disposing_without_close_records_pending_announcements_as_failed()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(retries: 0);
        var stuck = new RecordingAnnouncer(_dir.File("alarms.jsonl"));
        stuck.Gate.Reset();
        output.AddAnnouncer(stuck);
        output.Open(host);
        new Feeder(output).Hold(0.9f, 1.25);
        output.Dispose();

        Assert.Equal(1, host.Counter("announce failures"));
        Assert.Equal(["alarm", "announce-failed"], AlarmLog.ReadLines(_dir.File("alarms.jsonl")).Select(l => Json(l).GetProperty("event").GetString()));
    }
}
