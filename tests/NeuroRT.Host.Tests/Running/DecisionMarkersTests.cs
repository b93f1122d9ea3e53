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
/// "No decision" on the wire: a pipeline ending in <c>decide</c> serves its decisions through an <c>lsl-outlet</c> in
/// markers mode, and an LSL inlet in the test receives the classes and <c>none</c> as strings.
/// </summary>
public sealed class DecisionMarkersTests
{
    [Fact]
    public void An_lsl_marker_stream_of_decisions_carries_none_when_no_class_is_confident()
    {
        using var files = new TestPipelines();
        int basePort = 57000 + Environment.ProcessId % 500 * 16;
        string session = $"decision-test-{Guid.NewGuid():N}";
        string cfg = files.Write($"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {session}\n", "lsl_api.cfg");
        var config = LslConfig.Load(cfg);
        var amplifier = new LslStreamInfo { Name = "amp", Type = "EEG", ChannelCount = 2, ChannelFormat = ChannelFormat.Int16, NominalRate = 100, SourceId = "amp-decisions" };
        amplifier.SetChannels([("C3", "uV", "EEG"), ("C4", "uV", "EEG")]);
        using var outlet = new LslOutlet(amplifier, new LslOutletOptions { Config = config });

        string path = files.Write($"""
            source: {"{"}type: lsl, stream: amp, config: lsl_api.cfg, timeout: 5s{"}"}
            stages:
              - {"{"}type: window, length: 100ms, step: 100ms{"}"}
              - {"{"}type: log-variance{"}"}
              - {"{"}type: linear-classifier, classes: [left, right], weights: [[1, 0], [0, 1]], softmax: true{"}"}
              - {"{"}type: decide, threshold: 0.7{"}"}
            outputs:
              - {"{"}type: lsl-outlet, stream: decisions, mode: markers, config: lsl_api.cfg{"}"}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        using var runner = loaded.CreateRunner();
        runner.Start();

        using var resolver = new LslResolver(config);
        var markers = Assert.Single(resolver.Resolve(StreamQuery.ByProperty(session, "name", "decisions"), 1, 5));
        using var receiver = new LslInlet(markers, new LslInletOptions { Config = config });
        receiver.Open(5);
        Assert.True(outlet.WaitForConsumers(10), "the pipeline's inlet never connected");
        Thread.Sleep(300); // the marker outlet's consumer registers right after its handshake

        // 1 s of C3 varying (left, p ~ 1), 1 s of both varying alike (p = 0.5 each: none), 1 s of C4 varying (right).
        var sample = new short[2];
        for (int i = 0; i < 300; i++)
        {
            short swing = (short)(i % 2 == 0 ? 500 : -500);
            sample[0] = i < 200 ? swing : (short)0;
            sample[1] = i >= 100 ? swing : (short)0;
            outlet.PushSample<short>(sample, 50 + i / 100.0);
        }

        var chunk = new SampleChunk(ChannelFormat.String, 1, 64);
        var decisions = new List<string>();
        var watch = Stopwatch.StartNew();
        while (decisions.Count < 30 && watch.Elapsed.TotalSeconds < 15)
        {
            int n = receiver.Pull(chunk, 100);
            for (int s = 0; s < n; s++) decisions.Add(chunk.StringAt(s, 0));
        }

        runner.Stop();
        Assert.True(runner.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(30, decisions.Count);
        Assert.All(decisions.Take(10), d => Assert.Equal("left", d));
        Assert.All(decisions.Skip(10).Take(10), d => Assert.Equal("none", d));
        Assert.All(decisions.Skip(20), d => Assert.Equal("right", d));
    }
}
