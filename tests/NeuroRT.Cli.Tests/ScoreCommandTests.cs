using System.Text.Json;

namespace NeuroRT.Cli.Tests;

/// <summary><c>neurort score</c> on small hand-made reference and alarm files, and on the shared CHB-MIT summary.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("neurort-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Alarm(long seq, double onset) =>
        $"{{\"event\":\"alarm\",\"seq\":{seq},\"onset\":{onset},\"confirmed\":{onset + 5},\"peak\":0.9,\"wall\":\"2026-12-02T04:30:00.1234567Z\",\"output\":\"alarm\",\"source\":\"seizure\"}}\n";

    private static string Offset(long seq, double onset, double offset) =>
        $"{{\"event\":\"offset\",\"seq\":{seq},\"onset\":{onset},\"confirmed\":{onset + 5},\"offset\":{offset},\"duration\":{offset - onset},\"peak\":0.9,\"wall\":\"2026-12-02T04:31:00.1234567Z\",\"output\":\"alarm\",\"source\":\"seizure\"}}\n";

    private static string Shared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) continue;
            string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
            if (!File.Exists(path)) throw new InvalidOperationException($"{path} not found: the shared data (../shared/data beside the repository) is required.");
            return path;
        }

        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Tsv_reference_and_alarm_log_give_the_table_and_the_json_report()
    {
        // Two seizures in 12 h; alarm 1 detects the first 4 s late, alarm 2 is a false alarm, the second seizure is missed.
        string reference = Write("ref.tsv",
            "onset\tduration\teventType\tconfidence\tchannels\tdateTime\trecordingDuration\n" +
            "1000\t40\tsz\tn/a\tn/a\tn/a\t43200\n" +
            "20000\t60\tsz_foc_a\tn/a\tn/a\tn/a\t43200\n" +
            "30000\t100\tbckg\tn/a\tn/a\tn/a\t43200\n");
        string hypothesis = Write("alarms.jsonl", Alarm(1, 1004) + Offset(1, 1004, 1030) + Alarm(2, 8000) + Offset(2, 8000, 8010));
        string json = Path.Combine(_dir, "report.json");

        var r = NeurortProcess.Run(Limit, "score", "--reference", reference, "--hypothesis", hypothesis, "--json", json);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("43200 s = 12 h (from reference (TSV events))", r.Stdout);
        Assert.Matches(@"│ 1 │\s+1000 │\s+1040 │\s+40 │ yes\s+│\s+\+4 │", r.Stdout);
        Assert.Matches(@"│ 2 │\s+20000 │\s+20060 │\s+60 │ MISSED\s+│\s+- │", r.Stdout);
        Assert.Matches(@"│ event\s+│\s+2 │\s+1 │\s+1 │\s+1 │\s+50\.0% │\s+50\.0% │\s+50\.0% │\s+2\.00 │\s+\+4 │", r.Stdout);
        Assert.Matches(@"│ sample \(1 Hz\)\s+│\s+100 │\s+26 │\s+74 │\s+10 │", r.Stdout);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement ev = doc.RootElement.GetProperty("event");
        Assert.Equal(2, ev.GetProperty("referenceEvents").GetInt32());
        Assert.Equal(1, ev.GetProperty("truePositives").GetInt32());
        Assert.Equal(1, ev.GetProperty("falsePositives").GetInt32());
        Assert.Equal(2.0, ev.GetProperty("falseAlarmsPer24h").GetDouble(), 9);
        Assert.Equal(4.0, ev.GetProperty("seizures")[0].GetProperty("delay").GetDouble());
        Assert.Equal(JsonValueKind.Null, ev.GetProperty("seizures")[1].GetProperty("delay").ValueKind);
        Assert.True(ev.GetProperty("alarms")[1].GetProperty("falseAlarm").GetBoolean());
        Assert.Equal(26, doc.RootElement.GetProperty("sample").GetProperty("truePositives").GetInt64());
    }

    [Fact]
    public void Chb_mit_summary_recording_is_chosen_by_name_and_its_duration_read_from_the_summary()
    {
        string hypothesis = Write("alarms.jsonl", Alarm(1, 2990) + Offset(1, 2990, 3040));
        var r = NeurortProcess.Run(Limit, "score", "--reference", Shared("chbmit/chb08-summary.txt"), "--hypothesis", hypothesis, "--recording-name", "chb08_02.edf");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("CHB-MIT summary, chb08_02.edf", r.Stdout);
        Assert.Contains("3600 s = 1 h", r.Stdout);
        // Seizure 2670-2841 s; the alarm at 2990 s is 89 s after the offset: outside the 60 s tolerance.
        Assert.Matches(@"│ 1 │\s+2670 │\s+2841 │\s+171 │ MISSED", r.Stdout);
        Assert.Matches(@"│ event\s+│\s+1 │\s+0 │\s+1 │\s+1 │\s+0\.0% │\s+0\.0% │\s+0\.0% │\s+24\.00 │", r.Stdout);
    }

    [Fact]
    public void Edf_annotations_are_read_as_the_reference_and_the_edf_gives_the_duration()
    {
        // S001R04.edf (125 s) has 8 'T1' annotations of about 4 s, all less than 90 s apart: one merged reference event.
        string sample = Path.Combine(Repository(), "samples", "S001R04.edf");
        string hypothesis = Write("alarms.tsv", "onset\tduration\teventType\n10\t2\tsz\n");
        var r = NeurortProcess.Run(Limit, "score", "--reference", sample, "--hypothesis", hypothesis, "--seizure-text", "T1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("(EDF+ annotations, 8 seizure annotation(s))", r.Stdout);
        Assert.Contains("125 s", r.Stdout);
        Assert.Matches(@"│ event\s+│\s+1 │\s+1 │\s+0 │\s+0 │\s+100\.0% │\s+100\.0% │", r.Stdout);

        var wrongRecording = NeurortProcess.Run(Limit, "score", "--reference", Shared("chbmit/chb01-summary.txt"), "--hypothesis", hypothesis, "--recording", sample);
        Assert.Equal(2, wrongRecording.ExitCode);
        Assert.Contains("no recording named 'S001R04.edf'", wrongRecording.Stderr);
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Bad_inputs_are_clear_errors_with_exit_code_2()
    {
        string hypothesis = Write("alarms.jsonl", Alarm(1, 100) + "oops\n");
        string reference = Write("ref.tsv", "onset\tduration\teventType\n10\t5\tsz\n");

        var badLine = NeurortProcess.Run(Limit, "score", "--reference", reference, "--hypothesis", hypothesis, "--duration", "600");
        Assert.Equal(2, badLine.ExitCode);
        Assert.Contains($"{hypothesis}:2: not a JSON object", badLine.Stderr);

        string good = Write("good.jsonl", Alarm(1, 100) + Offset(1, 100, 110));
        var noDuration = NeurortProcess.Run(Limit, "score", "--reference", reference, "--hypothesis", good);
        Assert.Equal(2, noDuration.ExitCode);
        Assert.Contains("duration is unknown", noDuration.Stderr);

        var pastEnd = NeurortProcess.Run(Limit, "score", "--reference", reference, "--hypothesis", good, "--duration", "50");
        Assert.Equal(2, pastEnd.ExitCode);
        Assert.Contains("after the end of the 50 s recording", pastEnd.Stderr);

        var missing = NeurortProcess.Run(Limit, "score", "--reference", Path.Combine(_dir, "nope.tsv"), "--hypothesis", good, "--duration", "600");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.tsv: no such file", missing.Stderr);

        var both = NeurortProcess.Run(Limit, "score", "--reference", reference, "--hypothesis", good, "--duration", "600", "--recording", reference);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("use one", both.Stderr);
    }
}
