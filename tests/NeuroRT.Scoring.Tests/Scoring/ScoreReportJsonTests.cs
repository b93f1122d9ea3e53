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
