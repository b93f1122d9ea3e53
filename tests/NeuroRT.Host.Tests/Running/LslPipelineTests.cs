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
    [Fact]
    public void A_pipeline_receives_an_lsl_stream_and_serves_its_decisions_as_lsl_markers()
    {
        using var files = new TestPipelines();
        int basePort = 41000 + Environment.ProcessId % 500 * 16;
        string session = $"host-test-{Guid.NewGuid():N}";
        string cfg = files.Write($"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {session}\n", "lsl_api.cfg");
        var config = LslConfig.Load(cfg);
        var amplifier = new LslStreamInfo { Name = "amp", Type = "EEG", ChannelCount = 2, ChannelFormat = ChannelFormat.Int16, NominalRate = 100, SourceId = "amp-1" };
        amplifier.SetChannels([("C3", "uV", "EEG"), ("C4", "uV", "EEG")]);
        using var outlet = new LslOutlet(amplifier, new LslOutletOptions { Config = config });

        string path = files.Write($"""
            source: {"{"}type: lsl, stream: amp, config: lsl_api.cfg, timeout: 5s{"}"}
            stages:
              - {"{"}type: window, length: 100ms, step: 100ms{"}"}
              - {"{"}type: log-variance{"}"}
              - {"{"}type: linear-classifier, classes: [left, right], weights: [[1, 0], [0, 1]]{"}"}
            outputs:
              - {"{"}type: lsl-outlet, stream: decisions, mode: markers, config: lsl_api.cfg{"}"}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        Assert.Equal(["C3", "C4"], loaded.Pipeline.SourceFormat.Channels.Select(c => c.Name));
        using var runner = loaded.CreateRunner();
        runner.Start();

        using var resolver = new LslResolver(config);
        var markers = Assert.Single(resolver.Resolve(StreamQuery.ByProperty(session, "name", "decisions"), 1, 5));
        Assert.Equal(ChannelFormat.String, markers.ChannelFormat);
        using var receiver = new LslInlet(markers, new LslInletOptions { Config = config });
        receiver.Open(5);
        Assert.True(outlet.WaitForConsumers(10), "the pipeline's inlet never connected");
        Thread.Sleep(300); // the marker outlet's consumer registers right after its handshake

        // 1 s of C3 varying (left wins), then 1 s of C4 varying (right wins).
        var sample = new short[2];
        for (int i = 0; i < 200; i++)
        {
            short swing = (short)(i % 2 == 0 ? 500 : -500);
            sample[0] = i < 100 ? swing : (short)0;
            sample[1] = i < 100 ? (short)0 : swing;
            outlet.PushSample<short>(sample, 50 + i / 100.0);
        }

        var chunk = new SampleChunk(ChannelFormat.String, 1, 64);
        var decisions = new List<(double Time, string Class)>();
        var watch = Stopwatch.StartNew();
        while (decisions.Count < 20 && watch.Elapsed.TotalSeconds < 15)
        {
            int n = receiver.Pull(chunk, 100);
            for (int s = 0; s < n; s++) decisions.Add((chunk.Timestamps[s], chunk.StringAt(s, 0)));
        }

        runner.Stop();
        Assert.True(runner.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(20, decisions.Count);
        Assert.All(decisions.Take(10), d => Assert.Equal("left", d.Class));
        Assert.All(decisions.Skip(10), d => Assert.Equal("right", d.Class));
        // Markers carry the source timestamps: the last sample of each window, mapped to this host's clock (same host: offset ~0).
        Assert.Equal(50.09, decisions[0].Time, 2);
        Assert.Equal(51.99, decisions[^1].Time, 2);
        Assert.Equal(0, runner.SamplesLost);
    }
}
