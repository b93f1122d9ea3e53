using System.Diagnostics;
using NeuroRT.Host.Loading;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Host.Tests.Running;

/// <summary>
/// A pipeline file with an <c>lsl</c> source and an <c>lsl-outlet</c> marker output: an amplifier-like outlet in the
/// test feeds it, and an inlet in the test receives the decoded classes as an LSL marker stream.
/// </summary>
public sealed class LslPipelineTests
{
    [Theory]
    [InlineData("pipeline")] // pushed right after the stages (the default)
    [InlineData("own")]      // pushed by a thread of its own behind the output queue
    public void A_pipeline_receives_an_lsl_stream_and_serves_its_decisions_as_lsl_markers(string outletThread)
    {
        using var rig = new LslMarkerRig(outletThread == "own" ? 43000 : 41000, "amp-1", outletThread,
            ["type: window, length: 100ms, step: 100ms", "type: log-variance",
            "type: linear-classifier, classes: [left, right], weights: [[1, 0], [0, 1]]"]);
        Assert.Equal(outletThread == "pipeline", Assert.Single(rig.Loaded.Pipeline.Ports).Inline);
        Assert.Equal(["C3", "C4"], rig.Loaded.Pipeline.SourceFormat.Channels.Select(c => c.Name));
        Assert.Equal(ChannelFormat.String, rig.MarkerFormat);
        // 1 s of C3 varying (left wins), then 1 s of C4 varying (right wins).
        rig.Push(200, (i, k) => (k == 0) == (i < 100));
        var decisions = rig.Receive(20);
        Assert.Equal(20, decisions.Count);
        Assert.All(decisions.Take(10), d => Assert.Equal("left", d.Class));
        Assert.All(decisions.Skip(10), d => Assert.Equal("right", d.Class));
        // Markers carry the source timestamps: the last sample of each window, mapped to this host's clock (same host: offset ~0).
        Assert.Equal(50.09, decisions[0].Time, 2);
        Assert.Equal(51.99, decisions[^1].Time, 2);
        Assert.Equal(0, rig.Runner.SamplesLost);
    }

    [Fact]
    public void A_marker_stream_is_aligned_to_the_signal_by_clock_corrected_time()
    {
        using var files = new TestPipelines();
        int basePort = 49000 + Environment.ProcessId % 500 * 16;
        string session = $"host-test-{Guid.NewGuid():N}";
        string cfg = files.Write($"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {session}\nKnownPeers = {{127.0.0.1}}\n", "lsl_api.cfg");
        // Two outlets share the discovery port: a unicast query to 127.0.0.1 reaches only one of them (as with liblsl),
        // so the known peer (a query to every service port of the range) finds both.
        var config = LslConfig.Load(cfg);
        using var eeg = new LslOutlet(new LslStreamInfo { Name = "eeg", Type = "EEG", ChannelCount = 2, ChannelFormat = ChannelFormat.Float32, NominalRate = 100, SourceId = "eeg-1" }, new LslOutletOptions { Config = config });
        using var cues = new LslOutlet(new LslStreamInfo { Name = "cues", Type = "Markers", ChannelCount = 1, ChannelFormat = ChannelFormat.String, SourceId = "cues-1" }, new LslOutletOptions { Config = config });
        string output = Path.Combine(files.Folder, "out.jsonl");
        string path = files.Write($$"""
            source: {type: lsl, stream: eeg, markers: [cues], marker-names: [left, right], config: lsl_api.cfg, timeout: 5s}
            outputs:
              - {type: jsonl, path: {{output}}, from: source}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        Assert.Equal(["ch1", "ch2", "cues"], loaded.Pipeline.SourceFormat.Channels.Select(c => c.Name));
        using var runner = loaded.CreateRunner();
        runner.Start();
        var watch = Stopwatch.StartNew();
        while ((eeg.ConsumerCount == 0 || cues.ConsumerCount == 0) && watch.Elapsed.TotalSeconds < 10) Thread.Sleep(10);
        Assert.True(eeg.ConsumerCount == 1 && cues.ConsumerCount == 1, "the source did not connect to both streams");

        // Markers first (they carry their own times), then the signal they fall in.
        double t0 = NeuroRT.Lsl.Clock.LslClock.Now;
        cues.PushSample(new[] { "left" }, t0 + 0.505);
        cues.PushSample(new[] { "right" }, t0 + 1.205);
        cues.PushSample(new[] { "7" }, t0 + 1.505);
        Thread.Sleep(1500); // markers are received (after the first clock estimate) before the signal they fall in
        for (int i = 0; i < 200; i++) eeg.PushSample<float>([i, -i], t0 + i / 100.0);
        watch.Restart();
        while (runner.SamplesIn < 200 && watch.Elapsed.TotalSeconds < 10) Thread.Sleep(10);
        runner.Stop();
        Assert.True(runner.Wait(TimeSpan.FromSeconds(10)));

        var marks = new Dictionary<int, double>();
        int frames = 0;
        foreach (string line in File.ReadAllLines(output))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            // A frame's values are an object keyed by channel name.
            var values = json.RootElement.GetProperty("values");
            frames++;
            double cue = values.GetProperty("cues").GetDouble();
            if (cue != 0) marks[(int)values.GetProperty("ch1").GetDouble()] = cue;
        }

        Assert.Equal(200, frames);
        // Each marker falls on the first sample at or after its time: 0.505 s on sample 51, 1.205 s on 121, 1.505 s on 151
        // (times away from ties: each inlet measures its own clock offset, so a tie could go either way by nanoseconds).
        // The numeric text "7" keeps its value.
        Assert.Equal(new Dictionary<int, double> { [51] = 1, [121] = 2, [151] = 7 }, marks);
        var source = (NeuroRT.Lsl.Pipeline.LslSource)loaded.Source;
        Assert.Equal(3, source.MarkersReceived);
        Assert.Equal(0, source.LateMarkers);
    }
}
