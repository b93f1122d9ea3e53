using NeuroRT.Scoring.Readers;
using NeuroRT.Scoring.Tests.Support;

namespace NeuroRT.Scoring.Tests.Readers;

/// <summary>The seizure-alarm log (plugins/seizure-alarm/README.md "Alarm log") as hypotheses.</summary>
public sealed class AlarmLogReaderTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Alarm(long seq, double onset) =>
        $"{{\"event\":\"alarm\",\"seq\":{seq},\"onset\":{onset},\"confirmed\":{onset + 10},\"peak\":0.93,\"wall\":\"2026-12-02T04:30:00.1234567Z\",\"output\":\"alarm\",\"source\":\"seizure\"}}\n";

    private static string Offset(long seq, double onset, double offset) =>
        $"{{\"event\":\"offset\",\"seq\":{seq},\"onset\":{onset},\"confirmed\":{onset + 10},\"offset\":{offset},\"duration\":{offset - onset},\"peak\":0.97,\"wall\":\"2026-12-02T04:30:52.3456789Z\",\"output\":\"alarm\",\"source\":\"seizure\"}}\n";

    private const string Failed = "{\"event\":\"announce-failed\",\"seq\":3,\"of\":\"alarm\",\"announcer\":\"exec\",\"attempts\":4,\"error\":\"pager busy\",\"wall\":\"2026-12-02T04:30:07.9876543Z\",\"output\":\"alarm\"}\n";

    [Fact]
    public void Alarm_and_offset_lines_pair_by_seq_and_announce_failures_are_skipped()
    {
        string path = _temp.Write("alarms.jsonl", Alarm(3, 1200.25) + Failed + Offset(3, 1200.25, 1262.5) + Alarm(4, 2000) + Offset(4, 2000, 2030));
        var file = AlarmLogReader.Read(path, openAlarmDuration: null, recordingEnd: 3600);
        Assert.Equal([(1200.25, 1262.5), (2000.0, 2030.0)], file.Events.Select(e => (e.Onset, e.Offset)));
        Assert.Equal($"{path}:1 (alarm 3)", file.Events[0].Origin);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void An_empty_alarm_log_is_a_run_without_alarms_but_an_empty_unknown_file_is_refused()
    {
        // The plugin creates its log at start, so a run that raised nothing leaves an empty file.
        var file = EventReaders.Read(_temp.Write("alarms.jsonl", ""), new ReadOptions());
        Assert.Empty(file.Events);
        Assert.Empty(file.Warnings);
        Assert.Throws<ScoringInputException>(() => EventReaders.Read(_temp.Write("empty.txt", ""), new ReadOptions()));
    }

    [Fact]
    public void An_alarm_without_offset_lasts_to_the_end_or_for_the_stated_duration()
    {
        string path = _temp.Write("open.jsonl", Alarm(1, 100) + Offset(1, 100, 130) + Alarm(2, 3000));
        Assert.Equal(3600, AlarmLogReader.Read(path, null, 3600).Events[1].Offset);
        Assert.Equal(3060, AlarmLogReader.Read(path, 60, 3600).Events[1].Offset);

        var unknown = Assert.Throws<ScoringInputException>(() => AlarmLogReader.Read(path, null, null));
        Assert.Contains($"{path}:3", unknown.Message);
        Assert.Contains("--alarm-duration", unknown.Message);
    }

    [Fact]
    public void The_time_origin_is_subtracted()
    {
        string path = _temp.Write("lsl.jsonl", Alarm(1, 51200) + Offset(1, 51200, 51230));
        var e = Assert.Single(AlarmLogReader.Read(path, null, 3600, timeOrigin: 50000).Events);
        Assert.Equal((1200.0, 1230.0), (e.Onset, e.Offset));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_with_a_warning_and_other_bad_lines_name_file_and_line()
    {
        string torn = _temp.Write("torn.jsonl", Alarm(1, 100) + Offset(1, 100, 130) + "{\"event\":\"alarm\",\"se");
        var file = AlarmLogReader.Read(torn, null, 3600);
        Assert.Single(file.Events);
        Assert.Contains($"{torn}:3: torn last line skipped", Assert.Single(file.Warnings));

        string garbage = _temp.Write("garbage.jsonl", Alarm(1, 100) + "not json\n" + Offset(1, 100, 130));
        Assert.Contains($"{garbage}:2: not a JSON object", Assert.Throws<ScoringInputException>(() => AlarmLogReader.Read(garbage, null, 3600)).Message);

        string orphan = _temp.Write("orphan.jsonl", Offset(7, 100, 130));
        Assert.Contains($"{orphan}:1: offset of alarm seq 7", Assert.Throws<ScoringInputException>(() => AlarmLogReader.Read(orphan, null, 3600)).Message);

        string noOnset = _temp.Write("noonset.jsonl", "{\"event\":\"alarm\",\"seq\":1}\n");
        Assert.Contains($"{noOnset}:1: no number \"onset\"", Assert.Throws<ScoringInputException>(() => AlarmLogReader.Read(noOnset, null, 3600)).Message);
    }
}
