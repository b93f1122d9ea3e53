using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroRT.Testing;
using Xunit.Abstractions;

namespace NeuroRT.Host.Tests.Seizure;

/// <summary>
/// pipelines/seizure-alarm.yaml on a held-out Bonn stream (bonn-eval-1: 400 s, seizures at 68.3 s for 45.2 s and
/// 249.1 s for 67.8 s): it loads and raises one alarm per seizure; replayed in real time at 40x it logs the same
/// alarms at the same source times as fast; its features are the training features; the multichannel variant runs.
/// </summary>
public sealed class SeizureAlarmTests(ITestOutputHelper output) : IDisposable
{
    private const string Stream = "bonn-eval-1";
    // 400 s at 173.61 Hz = 69,444 samples; 2 s windows (347 samples) every 0.5 s (87): (69444 - 347) / 87 + 1 = 795.
    private const int Windows = 795;
    private readonly SeizurePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public void Offline_run_raises_one_confirmed_alarm_per_seizure_of_a_held_out_stream()
    {
        var result = SeizurePipeline.Run(_pipeline.Alarm("fast", BonnStreams.Edf(Stream), 0, taps: "detector"));
        Assert.Equal(Windows, result.AlarmCommands);
        Assert.Equal(Windows, File.ReadAllLines(_pipeline.PathOf("fast-detector.jsonl")).Length);

        var alarms = Events("fast-alarms.jsonl", "alarm");
        var seizures = BonnStreams.Seizures(Stream);
        Assert.Equal(2, seizures.Length);
        Assert.Equal(seizures.Length, alarms.Length);
        for (int i = 0; i < seizures.Length; i++)
        {
            double onset = alarms[i]["onset"]!.GetValue<double>(), confirmed = alarms[i]["confirmed"]!.GetValue<double>();
            // Inside SzCORE's window of the seizure ([onset - 30 s, end + 60 s]), raised after the 5 s confirmation.
            Assert.InRange(onset, seizures[i].Onset - 30, seizures[i].End + 60);
            Assert.InRange(confirmed - onset, 5, 5.6);
            Assert.InRange(alarms[i]["peak"]!.GetValue<double>(), 0.5, 1);
        }
    }

    [Fact]
    public void Real_time_replay_at_40x_logs_the_same_alarms_at_the_same_source_times_as_fast()
    {
        SeizurePipeline.Run(_pipeline.Alarm("fast", BonnStreams.Edf(Stream), 0, taps: "detector"));
        var live = SeizurePipeline.Run(_pipeline.Alarm("live", BonnStreams.Edf(Stream), 40, taps: "detector"));
        Assert.True(live.ElapsedSeconds > 8, $"400 s at 40x took only {live.ElapsedSeconds:0.0} s: it was not paced");

        string[] fast = WithoutWall("fast-alarms.jsonl"), online = WithoutWall("live-alarms.jsonl");
        Assert.True(fast.Length >= 4, $"the fast run logged {fast.Length} lines; expected alarms and offsets for both seizures");
        Assert.Equal(fast, online);
        Assert.True(File.ReadAllBytes(_pipeline.PathOf("fast-detector.jsonl")).AsSpan().SequenceEqual(File.ReadAllBytes(_pipeline.PathOf("live-detector.jsonl"))),
            "the detector's outputs differ between the fast and the real-time run");

        // Window end -> alarm output: the alarm port's latency (emission minus arrival of the window's last sample),
        // paced as live data. Then what the plugin adds before an alarm counts as logged: one write + fsync of a line.
        var l = live.AlarmLatency;
        Assert.Equal(Windows, l.Count);
        var fsync = FsyncMicroseconds(_pipeline.PathOf("fsync-probe.jsonl"), 200);
        output.WriteLine($"alarm output latency over {l.Count} windows (40x real time): p50 {l.P50 / 1e3:0.0} us, p99 {l.P99 / 1e3:0.0} us, p99.9 {l.P999 / 1e3:0.0} us, max {l.Max / 1e3:0.0} us");
        output.WriteLine($"alarm log line write + fsync ({fsync.Length} lines, temp folder): p50 {fsync[fsync.Length / 2]:0.0} us, p99 {fsync[(int)(fsync.Length * 0.99)]:0.0} us, max {fsync[^1]:0.0} us");
    }

    [Fact]
    public void The_alarm_pipelines_features_are_the_training_features()
    {
        SeizurePipeline.Run(_pipeline.TrainingFeatures("training", BonnStreams.Edf(Stream)));
        SeizurePipeline.Run(_pipeline.Alarm("alarm", BonnStreams.Edf(Stream), 0, taps: "features"));
        byte[] training = File.ReadAllBytes(_pipeline.PathOf("training-features.jsonl"));
        Assert.Equal(Windows, File.ReadAllLines(_pipeline.PathOf("training-features.jsonl")).Length);
        Assert.True(training.AsSpan().SequenceEqual(File.ReadAllBytes(_pipeline.PathOf("alarm-features.jsonl"))),
            "the features inside pipelines/seizure-alarm.yaml differ from models/seizure-bonn/features.yaml's");

        // And they are the numbers the training script saw: its reference frames (written from its own run) recur here.
        var frames = File.ReadAllLines(_pipeline.PathOf("alarm-features.jsonl")).Select(l => JsonNode.Parse(l)!).ToDictionary(f => f["t"]!.GetValue<double>());
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "models", "seizure-bonn", "reference.json")));
        string[] names = reference.RootElement.GetProperty("feature_names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        int cases = 0;
        foreach (var c in reference.RootElement.GetProperty("cases").EnumerateArray())
        {
            Assert.Equal(Stream, c.GetProperty("stream").GetString());
            var frame = frames[c.GetProperty("t").GetDouble()]["values"]!;
            float[] expected = c.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (int k = 0; k < names.Length; k++) Assert.Equal(expected[k], frame[names[k]]!.GetValue<float>());
            cases++;
        }
        Assert.True(cases >= 3, $"reference.json holds {cases} cases");
    }

    [Fact]
    public void The_multichannel_variant_runs_on_a_64_channel_recording_with_no_false_alarm()
    {
        // samples/S001R04.edf: EEGMMIDB, 64 channels at 160 Hz, 125 s (20,000 samples): (20000 - 320) / 80 + 1 = 247 windows.
        string edf = Path.Combine(RepositoryFiles.Samples, "S001R04.edf");
        var result = SeizurePipeline.Run(_pipeline.Alarm("multi", edf, 0, "seizure-alarm-multichannel.yaml", "detector"));
        Assert.Equal(247, result.AlarmCommands);
        foreach (string line in File.ReadAllLines(_pipeline.PathOf("multi-detector.jsonl")))
        {
            var values = JsonNode.Parse(line)!["values"]!;
            float background = values["background"]!.GetValue<float>(), seizure = values["seizure"]!.GetValue<float>();
            Assert.InRange(seizure, 0f, 1f);
            Assert.Equal(1f, background + seizure, 1e-6f);
        }
        // No seizure in this recording; the model card reports no false alarm on it (and on the other EEGMMIDB runs).
        string log = _pipeline.PathOf("multi-alarms.jsonl");
        Assert.True(!File.Exists(log) || File.ReadAllLines(log).Length == 0, "the multichannel detector raised a false alarm on S001R04");
    }

    private JsonObject[] Events(string file, string kind) => File.ReadAllLines(_pipeline.PathOf(file))
        .Select(l => JsonNode.Parse(l)!.AsObject()).Where(e => e["event"]!.GetValue<string>() == kind).ToArray();

    // The alarm log without its `wall` field (when the line was written: the only thing allowed to differ).
    private string[] WithoutWall(string file) => File.ReadAllLines(_pipeline.PathOf(file)).Select(l =>
    {
        var e = JsonNode.Parse(l)!.AsObject();
        Assert.True(e.Remove("wall"), $"{file}: a line without 'wall': {l}");
        return e.ToJsonString();
    }).ToArray();

    // What the alarm log does per line (plugins/seizure-alarm/README.md): one write of the line, then Flush(true).
    private static double[] FsyncMicroseconds(string path, int lines)
    {
        var times = new double[lines];
        byte[] line = System.Text.Encoding.UTF8.GetBytes("{\"event\":\"alarm\",\"seq\":1,\"onset\":70.64685213985369,\"confirmed\":75.65808421173895,\"peak\":0.88343203,\"wall\":\"2026-12-02T06:33:04.7492312Z\",\"output\":\"alarm\",\"source\":\"seizure\"}\n");
        using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1))
            for (int i = 0; i < lines; i++)
            {
                long start = Stopwatch.GetTimestamp();
                file.Write(line);
                file.Flush(true);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        Array.Sort(times);
        return times;
    }
}
