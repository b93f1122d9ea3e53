using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using NeuroRT.Core.Pipelines;
using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Xdf;
using NeuroRT.Host.Loading;
using Loading = NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Recording;

/// <summary>
/// Round trip: a pipeline run on the committed recording, recorded with <see cref="Loading.LoadOptions.Record"/>, reads back
/// with <see cref="XdfFile"/> holding the very samples, timestamps, markers and commands of the run, and the
/// pipeline file that made it.
/// </summary>
public sealed class PipelineRecordingTests : IDisposable
{
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    private string Pipeline(double speed, string? source = null, string log = "commands.jsonl") => _files.Write($$"""
        name: recorded
        source: {{source ?? $"{{type: edf, path: \"{Recording}\", speed: {speed}, markers: events, marker-names: [T0, T1, T2]}}"}}
        stages:
          - {type: pick, channels: [C3, C4]}
          - {type: window, length: 2s, step: 250ms}
          - {type: log-variance}
          - {name: classify, type: linear-classifier, classes: [left, right], weights: [[1, -1], [-1, 1]], softmax: true}
        outputs:
          - {type: jsonl, path: "{{Path.Combine(_files.Folder, log).Replace("\\", "/")}}", latency: false}
        """, log + ".yaml");

    private static string Recording => Path.Combine(RepositoryFiles.Samples, "S001R04.edf").Replace("\\", "/");

    private string Log => Path.Combine(_files.Folder, "commands.jsonl").Replace("\\", "/");

    private string Xdf => Path.Combine(_files.Folder, "run.xdf");

    private (LoadedPipeline Loaded, PipelineRunner Runner) RunRecorded(string path)
    {
        var loaded = PipelineLoader.Load(path, new Loading.LoadOptions { Record = Xdf }, TestRegistry.Instance);
        var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(2)), "the run did not finish");
        Assert.True(runner.State == PipelineState.Completed, $"{runner.State}: {runner.Failure}");
        return (loaded, runner);
    }

    [Fact]
    public void A_recorded_run_reads_back_with_its_samples_timestamps_markers_commands_and_pipeline()
    {
        string path = Pipeline(0);
        var (loaded, runner) = RunRecorded(path);
        var source = (EdfSource)loaded.Source;
        var placed = source.MarkerChannel!.Markers;
        using (runner) { }
        loaded.Dispose();

        var file = XdfFile.Read(Xdf);
        Assert.Empty(file.Warnings);
        Assert.Equal(["S001R04", "events", "classify", "classify-latency"], file.Streams.Select(s => s.Info.Name));
        Assert.All(file.Streams, s => Assert.True(s.HasFooter, $"stream {s.Info.Name} has no footer"));

        // The input: 64 EEG channels and the marker channel, every value and every timestamp as the edf source gave them.
        var input = file.Streams[0];
        Assert.Equal(65, input.Info.ChannelCount);
        Assert.Equal(160, input.Info.NominalRate);
        Assert.Equal(XdfChannelFormat.Float32, input.Info.Format);
        Assert.Equal("events", input.Info.ChannelLabels[^1]);
        Assert.Equal(20000, input.SampleCount);
        using (var edf = EdfFile.Open(Recording))
        {
            int[] signals = source.SignalIndices.ToArray();
            Assert.Equal(64, signals.Length);
            var record = new float[160 * 64];
            for (int r = 0; r < edf.RecordCount; r++)
            {
                edf.ReadRecordInterleaved(r, signals, record);
                for (int i = 0; i < 160; i++)
                {
                    int n = r * 160 + i;
                    Assert.Equal(edf.RecordOnset(r) + i / 160.0, input.RawTimestamps[n]);
                    Assert.Equal(input.RawTimestamps[n], input.Timestamps[n]); // no clock offsets: the pipeline's times as they were
                    for (int c = 0; c < 64; c++)
                        if ((float)input.NumericValues[n * 65 + c] != record[i * 64 + c])
                            Assert.Fail($"sample {n}, channel {c}: recorded {input.NumericValues[n * 65 + c]}, file {record[i * 64 + c]}");
                }
            }
        }

        // Markers: on the marker channel where the source placed them, and as texts in the marker stream at those times.
        var markers = file.Streams[1];
        Assert.Equal(XdfChannelFormat.String, markers.Info.Format);
        Assert.Equal(placed.Count, markers.SampleCount);
        Assert.Equal(30, placed.Count); // S001R04: 30 annotations (T0, T1, T2), all inside the data
        for (int m = 0; m < placed.Count; m++)
        {
            Assert.Equal(placed[m].Annotation.Text, markers.StringValues[m]);
            Assert.Equal(input.RawTimestamps[placed[m].Sample], markers.RawTimestamps[m]);
            Assert.Equal(placed[m].Code, (float)input.NumericValues[placed[m].Sample * 65 + 64]);
        }

        int nonZero = 0;
        for (int n = 0; n < input.SampleCount; n++) if (input.NumericValues[n * 65 + 64] != 0) nonZero++;
        Assert.Equal(placed.Count, nonZero);

        // Commands: the classifier's frames, equal to the command log's values and times.
        var commands = file.Streams[2];
        Assert.Equal("Commands", commands.Info.Type);
        Assert.Equal(["left", "right"], commands.Info.ChannelLabels);
        string[] lines = File.ReadAllLines(Log);
        Assert.Equal(493, lines.Length);
        Assert.Equal(lines.Length, commands.SampleCount);
        for (int k = 0; k < lines.Length; k++)
        {
            var json = JsonDocument.Parse(lines[k]).RootElement;
            Assert.Equal(json.GetProperty("t").GetDouble(), commands.RawTimestamps[k]);
            var values = json.GetProperty("values");
            Assert.Equal(values.GetProperty("left").GetSingle(), (float)commands.NumericValues[2 * k]);
            Assert.Equal(values.GetProperty("right").GetSingle(), (float)commands.NumericValues[2 * k + 1]);
        }

        // Latency of each command, in seconds: positive and at the commands' times.
        var latency = file.Streams[3];
        Assert.Equal(commands.SampleCount, latency.SampleCount);
        Assert.Equal(commands.RawTimestamps, latency.RawTimestamps);
        Assert.All(latency.NumericValues, v => Assert.True(v > 0 && v < 60, $"latency {v} s"));

        // Every stream's header says how the file was made: version, the pipeline's text, the input files' hashes.
        string expectedHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Recording)));
        foreach (var stream in file.Streams)
        {
            var neurort = XElement.Parse(stream.Info.Xml).Element("desc")!.Element("neurort")!;
            Assert.Equal(File.ReadAllText(path), neurort.Element("pipeline")!.Value);
            Assert.Equal(typeof(Loading.LoadOptions).Assembly.GetName().Version!.ToString(3), neurort.Element("version")!.Value);
            var recordingFile = Assert.Single(neurort.Element("files")!.Elements("file"));
            Assert.Equal("source", recordingFile.Attribute("node")!.Value);
            Assert.Equal(expectedHash, recordingFile.Element("sha256")!.Value);
        }
    }

    [Fact]
    public void The_recording_replayed_by_the_xdf_source_gives_the_commands_of_the_original_run()
    {
        var (loaded, runner) = RunRecorded(Pipeline(0));
        using (runner) { }
        loaded.Dispose();
        string replay = Pipeline(0, $"{{type: xdf, path: \"{Xdf.Replace("\\", "/")}\", stream: S001R04, speed: 0}}", "replayed.jsonl");
        using (var again = PipelineLoader.Load(replay, registry: TestRegistry.Instance))
        using (var run = again.CreateRunner())
        {
            Assert.Equal(65, again.Pipeline.SourceFormat.ChannelCount);
            run.Start();
            Assert.True(run.Wait(TimeSpan.FromMinutes(2)), "the replay did not finish");
            Assert.True(run.State == PipelineState.Completed, $"{run.State}: {run.Failure}");
        }

        byte[] original = File.ReadAllBytes(Log);
        Assert.Equal(493, File.ReadAllLines(Log).Length);
        Assert.True(original.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_files.Folder, "replayed.jsonl"))), "the replayed recording gave other commands");
    }

    [Fact]
    public void A_real_time_recording_holds_the_same_input_markers_and_commands_as_a_fast_one()
    {
        // In real time the taps never wait for the recorder (a lagging one drops, counted); here nothing may be missing.
        var (loaded, runner) = RunRecorded(Pipeline(0));
        using (runner) { }
        loaded.Dispose();
        var fast = XdfFile.Read(Xdf);
        File.Move(Xdf, Xdf + ".fast");
        (loaded, runner) = RunRecorded(Pipeline(10));
        using (runner) Assert.True(runner.ElapsedSeconds > 10, $"the 10x replay took {runner.ElapsedSeconds:0.0} s: it was not paced");
        foreach (var (_, id, _) in loaded.Recording!.Streams) Assert.Equal(0, loaded.Recording.Recorder!.Stats(id).DroppedSamples);
        loaded.Dispose();
        var realTime = XdfFile.Read(Xdf);
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(fast.Streams[s].Info.Name, realTime.Streams[s].Info.Name);
            Assert.Equal(fast.Streams[s].NumericValues, realTime.Streams[s].NumericValues);
            Assert.Equal(fast.Streams[s].StringValues, realTime.Streams[s].StringValues);
            Assert.Equal(fast.Streams[s].RawTimestamps, realTime.Streams[s].RawTimestamps);
        }
    }
}
