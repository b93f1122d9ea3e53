using System.Text.Json;
using NeuroRT.Plugins.SeizureAlarm.Harness;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Output;

public sealed class SeizureAlarmOutputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private SeizureAlarmOutput Alarm(double refractory = 0) => new() { Value = "seizure", Confirm = 2, Release = 0.3, Refractory = refractory, LogFile = "alarms.jsonl", ConsoleAnnounce = false, RetryBackoff = 0.01 };

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement;

    [Fact]
    public void Every_alarm_and_offset_is_in_the_log_before_an_announcer_is_told()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm();
        var announcer = new RecordingAnnouncer(_dir.File("alarms.jsonl"));
        output.AddAnnouncer(announcer);
        output.Open(host);
        new Feeder(output).Hold(0.1f, 1).Hold(0.9f, 3).Hold(0.1f, 1).Hold(0.8f, 2.5).Hold(0.2f, 1);
        output.Close();
        output.Dispose();

        var seen = announcer.Seen;
        Assert.Equal(4, seen.Length);
        Assert.All(seen, s => Assert.True(s.InLog, $"{s.Event.KindName} {s.Event.Sequence} was announced before it was in the log"));
        Assert.Equal([(AlarmEventKind.Alarm, 1L), (AlarmEventKind.Offset, 1L), (AlarmEventKind.Alarm, 2L), (AlarmEventKind.Offset, 2L)], seen.Select(s => (s.Event.Kind, s.Event.Sequence)));
        Assert.Equal(2, host.Counter("alarms"));
        Assert.Equal(2, host.Counter("offsets"));
    }

    [Fact]
    public void Log_lines_carry_sequence_onset_confirmation_offset_peak_and_wall_time()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm();
        output.Open(host);
        var before = DateTime.UtcNow;
        // 4 Hz: onset at 1.0, confirmed at 3.0 (2 s), peak 0.9 then 0.95 before the offset at 5.0.
        new Feeder(output).Hold(0.1f, 1).Hold(0.9f, 2.25).Hold(0.95f, 1.75).Hold(0.1f, 1);
        output.Close();
        output.Dispose();

        string[] lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl"));
        Assert.Equal(2, lines.Length);
        var alarm = Json(lines[0]);
        Assert.Equal("alarm", alarm.GetProperty("event").GetString());
        Assert.Equal(1, alarm.GetProperty("seq").GetInt64());
        Assert.Equal(1.0, alarm.GetProperty("onset").GetDouble());
        Assert.Equal(3.0, alarm.GetProperty("confirmed").GetDouble());
        Assert.Equal(0.9f, alarm.GetProperty("peak").GetSingle());
        Assert.False(alarm.TryGetProperty("offset", out _));
        var wall = DateTime.Parse(alarm.GetProperty("wall").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, wall.Kind);
        Assert.InRange(wall, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("alarm", alarm.GetProperty("output").GetString());
        Assert.Equal("seizure", alarm.GetProperty("source").GetString());

        var offset = Json(lines[1]);
        Assert.Equal("offset", offset.GetProperty("event").GetString());
        Assert.Equal(1, offset.GetProperty("seq").GetInt64());
        Assert.Equal(1.0, offset.GetProperty("onset").GetDouble());
        Assert.Equal(3.0, offset.GetProperty("confirmed").GetDouble());
        Assert.Equal(5.0, offset.GetProperty("offset").GetDouble());
        Assert.Equal(4.0, offset.GetProperty("duration").GetDouble());
        Assert.Equal(0.95f, offset.GetProperty("peak").GetSingle());
    }

    [Fact]
    public void A_second_run_appends_and_continues_the_sequence()
    {
        for (int run = 0; run < 2; run++)
        {
            var output = Alarm();
            output.Open(Feeder.Host(_dir.Path));
            Assert.Equal(run * 2, output.LastSequence);
            new Feeder(output).Hold(0.9f, 2.5).Hold(0.1f, 1).Hold(0.9f, 2.5).Hold(0.1f, 1);
            output.Close();
            output.Dispose();
        }

        string[] lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl"));
        Assert.Equal([1L, 1, 2, 2, 3, 3, 4, 4], lines.Select(l => Json(l).GetProperty("seq").GetInt64()));
        Assert.Equal(["alarm", "offset", "alarm", "offset", "alarm", "offset", "alarm", "offset"], lines.Select(l => Json(l).GetProperty("event").GetString()));
    }

    [Fact]
    public void Replaying_the_same_commands_gives_the_same_alarms_whatever_the_wall_clock()
    {
        string[] Replay(string name, int pauseEvery)
        {
            var output = Alarm(refractory: 3);
            output.LogFile = name;
            output.Open(Feeder.Host(_dir.Path));
            var feeder = new Feeder(output);
            var random = new Random(11);
            for (int i = 0; i < 600; i++)
            {
                feeder.Send(random.NextSingle() < 0.2f ? 0.1f : 0.9f, i * 0.25);
                if (pauseEvery > 0 && i % pauseEvery == 0) Thread.Sleep(1);
            }

            output.Close();
            output.Dispose();
            return AlarmLog.ReadLines(_dir.File(name)).Select(l => Json(l)).Select(j => $"{j.GetProperty("event")} {j.GetProperty("seq")} {j.GetProperty("onset")} {j.GetProperty("confirmed")} {j.GetProperty("peak")}").ToArray();
        }

        var fast = Replay("fast.jsonl", 0);
        Assert.NotEmpty(fast);
        Assert.Equal(fast, Replay("slow.jsonl", 50));
    }

    [Fact]
    public void No_alarm_is_raised_within_the_refractory_period_after_an_offset()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm(refractory: 5);
        output.Open(host);
        // Alarm 1: onset 0, confirmed 2, offset 3 (0.1 < release 0.3): onsets are accepted again from 8.
        var feeder = new Feeder(output).Hold(0.9f, 3).Hold(0.1f, 1).Hold(0.9f, 3);
        Assert.Equal(1, output.LastSequence);
        Assert.Equal(NeuroRT.Plugins.SeizureAlarm.Rules.DetectorState.Idle, output.Detector!.State);
        feeder.Hold(0.9f, 3); // t = 7..9.75: onset at 8, confirmed at 10 would be next
        feeder.Hold(0.9f, 0.25);
        output.Close();
        output.Dispose();

        var lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl")).Select(Json).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal(2, lines[2].GetProperty("seq").GetInt64());
        Assert.Equal(8.0, lines[2].GetProperty("onset").GetDouble());
        Assert.Equal(10.0, lines[2].GetProperty("confirmed").GetDouble());
        Assert.Equal(16, host.Counter("refractory suppressed")); // t = 4.0 .. 7.75 at 4 Hz
    }

    [Fact]
    public void Class_mode_detects_the_commands_named_after_the_class()
    {
        var output = new SeizureAlarmOutput { Class = "seizure", Confirm = 1, Refractory = 0, LogFile = "alarms.jsonl", ConsoleAnnounce = false };
        output.Open(Feeder.Host(_dir.Path));
        new Feeder(output).Hold(0.2f, 1).Hold(0.7f, 1.5).Hold(0.2f, 1);
        output.Close();
        output.Dispose();
        var lines = AlarmLog.ReadLines(_dir.File("alarms.jsonl")).Select(Json).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(1.0, lines[0].GetProperty("onset").GetDouble());
        Assert.Equal(2.0, lines[0].GetProperty("confirmed").GetDouble());
        Assert.Equal(1f, lines[0].GetProperty("peak").GetSingle());
        Assert.Equal(2.5, lines[1].GetProperty("offset").GetDouble());
        Assert.Equal("seizure", lines[0].GetProperty("source").GetString());
    }

    [Fact]
    public void Missing_values_and_rejected_timestamps_are_counted_and_warned_once()
    {
        var host = new RecordingHost(_dir.Path, "background", "seizure");
        var output = Alarm();
        output.Open(host);
        var feeder = new Feeder(output);
        feeder.Send(0.9f, 1);
        feeder.Send(float.NaN, 2);
        feeder.Send(0.9f, 1.5);
        feeder.Send(0.9f, 0.5);
        output.Send(new Command("background", new float[1], 1, 3, 99, 0, 0)); // too few values: 'seizure' is missing
        output.Close();
        output.Dispose();
        Assert.Equal(2, host.Counter("missing values"));
        Assert.Equal(2, host.Counter("rejected timestamps"));
        Assert.Equal(1, host.Counter("unconfirmed detections"));
        Assert.Single(host.Lines, l => l.Contains("timestamp 1.5", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Lines, l => l.Contains("timestamp 0.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Commands_that_raise_nothing_allocate_nothing()
    {
        var output = Alarm();
        output.Open(Feeder.Host(_dir.Path));
        var feeder = new Feeder(output);
        feeder.Hold(0.1f, 10).Hold(0.9f, 10); // warm up, and raise the alarm (which may allocate)
        long before = GC.GetAllocatedBytesForCurrentThread();
        feeder.Hold(0.9f, 2500); // raised, 10 000 commands
        long raised = GC.GetAllocatedBytesForCurrentThread() - before;
        feeder.Hold(0.1f, 1); // offset
        before = GC.GetAllocatedBytesForCurrentThread();
        feeder.Hold(0.1f, 2500).Hold(0.4f, 2500); // idle, below threshold and in the hysteresis band
        long idle = GC.GetAllocatedBytesForCurrentThread() - before;
        output.Close();
        output.Dispose();
        Assert.Equal(0, raised);
        Assert.Equal(0, idle);
    }

    [Fact]
    public void A_log_that_cannot_be_written_stops_the_plugin_and_nothing_is_announced()
    {
        var host = Feeder.Host(_dir.Path);
        var output = Alarm();
        output.LogFile = "/dev/full"; // every write fails with ENOSPC
        var announcer = new RecordingAnnouncer("/dev/null");
        output.AddAnnouncer(announcer);
        output.Open(host);
        var feeder = new Feeder(output).Hold(0.9f, 1.75);
        var e = Assert.Throws<AlarmLogException>(() => feeder.Hold(0.9f, 1));
        Assert.Contains("/dev/full", e.Message, StringComparison.Ordinal);
        Assert.Contains(host.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("alarm 1 could not be persisted", StringComparison.Ordinal));
        var again = Assert.Throws<InvalidOperationException>(() => feeder.Hold(0.1f, 1));
        Assert.Contains("stopped", again.Message, StringComparison.Ordinal);
        output.Close();
        output.Dispose();
        Assert.Empty(announcer.Seen);
        Assert.Equal(0, host.Counter("alarms"));
    }

    [Fact]
    public void A_torn_last_line_is_removed_with_a_warning_and_a_corrupt_line_refuses_the_log()
    {
        string path = _dir.File("alarms.jsonl");
        File.WriteAllText(path, "{\"event\":\"alarm\",\"seq\":7,\"onset\":1,\"confirmed\":2,\"peak\":0.9}\n{\"event\":\"offset\",\"seq\":7,\"ons");
        var host = Feeder.Host(_dir.Path);
        var output = Alarm();
        output.Open(host);
        Assert.Equal(7, output.LastSequence);
        Assert.Contains(host.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("alarms.jsonl:2: incomplete last line", StringComparison.Ordinal));
        new Feeder(output).Hold(0.9f, 2.25);
        output.Close();
        output.Dispose();
        string[] lines = AlarmLog.ReadLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal(8, Json(lines[1]).GetProperty("seq").GetInt64());

        File.WriteAllText(path, "{\"event\":\"alarm\",\"seq\":1}\nnot json\n");
        var bad = Alarm();
        var e = Assert.Throws<PluginConfigurationException>(() => bad.Open(Feeder.Host(_dir.Path)));
        Assert.Equal("log", e.Parameter);
        Assert.Contains("alarms.jsonl:2: not an alarm log line", e.Message, StringComparison.Ordinal);
        bad.Dispose();
    }

    [Fact]
    public void Bad_parameters_are_refused_naming_the_parameter()
    {
        PluginConfigurationException Refused(SeizureAlarmOutput o)
        {
            var e = Assert.Throws<PluginConfigurationException>(() => o.Open(Feeder.Host(_dir.Path)));
            o.Dispose();
            return e;
        }

        var noValue = Refused(new SeizureAlarmOutput { Value = "ictal", LogFile = "a.jsonl" });
        Assert.Equal("value", noValue.Parameter);
        Assert.Contains("background, seizure", noValue.Message, StringComparison.Ordinal);
        Assert.Equal("class", Refused(new SeizureAlarmOutput { Value = "seizure", Class = "seizure", LogFile = "a.jsonl" }).Parameter);
        Assert.Equal("value", Refused(new SeizureAlarmOutput { LogFile = "a.jsonl" }).Parameter);
        Assert.Equal("class", Refused(new SeizureAlarmOutput { Class = "ictal", LogFile = "a.jsonl" }).Parameter);
        Assert.Equal("release", Refused(new SeizureAlarmOutput { Value = "seizure", Threshold = 0.5, Release = 0.7, LogFile = "a.jsonl" }).Parameter);
        Assert.Equal("log", Refused(new SeizureAlarmOutput { Value = "seizure" }).Parameter);
        var folder = Refused(new SeizureAlarmOutput { Value = "seizure", LogFile = "missing/a.jsonl" });
        Assert.Equal("log", folder.Parameter);
        Assert.Contains("does not exist", folder.Message, StringComparison.Ordinal);
        var exec = Refused(new SeizureAlarmOutput { Value = "seizure", LogFile = "a.jsonl", Exec = ["./page.sh"] });
        Assert.Equal("exec", exec.Parameter);
        Assert.Contains("page.sh: the exec program does not exist", exec.Message, StringComparison.Ordinal);
    }
}
