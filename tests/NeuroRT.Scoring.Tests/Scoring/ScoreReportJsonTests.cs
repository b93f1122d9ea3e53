using System.Text.Json;
using NeuroRT.Scoring.Events;
using NeuroRT.Scoring.Report;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>The JSON report: counts, rates, undefined values as null, warnings carried over.</summary>
public sealed class ScoreReportJsonTests
{
    [Fact]
    public void Undefined_rates_and_missed_delays_are_null_and_warnings_are_kept()
    {
        var reference = new EventFile("ref.tsv", "TSV events", List((1000, 1040)), 3600, []);
        var hypothesis = new EventFile("alarms.jsonl", "seizure-alarm log", None, null, ["alarms.jsonl:9: torn last line skipped"]);
        var report = ScoreReport.Create(reference, hypothesis, 3600, "--duration");

        using var doc = JsonDocument.Parse(ScoreReportJson.Format(report));
        JsonElement root = doc.RootElement;
        JsonElement ev = root.GetProperty("event");
        Assert.Equal(0, ev.GetProperty("sensitivity").GetDouble());
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("precision").ValueKind);
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("f1").ValueKind);
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("medianDelay").ValueKind);
        Assert.Equal(0, ev.GetProperty("falseAlarmsPer24h").GetDouble());
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("seizures")[0].GetProperty("delay").ValueKind);
        Assert.False(ev.GetProperty("seizures")[0].GetProperty("detected").GetBoolean());
        Assert.Equal(40, root.GetProperty("sample").GetProperty("referenceSamples").GetInt64());
        Assert.Equal("alarms.jsonl:9: torn last line skipped", root.GetProperty("warnings")[0].GetString());
        Assert.Equal("--duration", root.GetProperty("durationSource").GetString());
    }

    [Fact]
    public void A_duration_shorter_than_the_grid_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuroRT.Scoring.Scoring.EventScorer.Score(None, None, 0.01));
    }
}

/// <summary>Pooling recordings: counts summed before the rates, as SzCORE reports a dataset.</summary>
public sealed class ScoreTotalsTests
{
    [Fact]
    public void Counts_and_durations_are_summed_before_the_rates()
    {
        // Recording 1 (1 h): 1 seizure detected (delay 5 s), 1 false alarm. Recording 2 (3 h): 1 seizure missed, no alarm.
        var one = ScoreReport.Create(
            new EventFile("a.tsv", "TSV events", List((1000, 1040)), 3600, []),
            new EventFile("a.jsonl", "seizure-alarm log", List((1005, 1010), (2000, 2010)), null, []), 3600, "--duration");
        var two = ScoreReport.Create(
            new EventFile("b.tsv", "TSV events", List((500, 560)), 10800, []),
            new EventFile("b.jsonl", "seizure-alarm log", None, null, []), 10800, "--duration");

        var totals = ScoreTotals.Of([one, two]);
        Assert.Equal((2, 14400.0, 2, 1, 1), (totals.Recordings, totals.Seconds, totals.ReferenceEvents, totals.TruePositives, totals.FalsePositives));
        Assert.Equal(0.5, totals.Event.Sensitivity);
        Assert.Equal(0.5, totals.Event.Precision);
        Assert.Equal(6, totals.Event.FalsePositivesPer24h, 9); // 1 false alarm in 4 h; the per-recording mean would be 12
        Assert.Equal(5, totals.MedianDelay);
        Assert.Equal(5.0 / 100, totals.Sample.Sensitivity, 12); // 5 of 40 + 60 labels
    }
}
