using System.Diagnostics;
using NeuroRT.Core.Pipelines;
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
/// An isolated LSL lab for one test (own ports and session id, loopback only): an amplifier-like outlet "amp"
/// (C3, C4, int16 at 100 Hz) feeding a pipeline whose <c>lsl-outlet</c> serves its decisions as the marker stream
/// "decisions", and an inlet in the test receiving them.
/// </summary>
internal sealed class LslMarkerRig : IDisposable
{
    private readonly TestPipelines _files = new();
    private readonly LslInlet _receiver;

    public LslOutlet Amplifier { get; }

    public LoadedPipeline Loaded { get; }

    public PipelineRunner Runner { get; }

    /// <summary>The value format of the resolved marker stream.</summary>
    public ChannelFormat MarkerFormat { get; }

    /// <summary>Starts the pipeline with <paramref name="stages"/> (YAML list entries) between the source and the marker output.</summary>
    public LslMarkerRig(int portBase, string sourceId, params string[] stages)
        : this(portBase, sourceId, "pipeline", stages)
    {
    }

    /// <summary>As above, with the marker output's <c>thread</c> (pipeline or own).</summary>
    public LslMarkerRig(int portBase, string sourceId, string outletThread, string[] stages)
    {
        int basePort = portBase + Environment.ProcessId % 500 * 16;
        string session = $"host-test-{Guid.NewGuid():N}";
        string cfg = _files.Write($"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {session}\n", "lsl_api.cfg");
        var config = LslConfig.Load(cfg);
        var amplifier = new LslStreamInfo { Name = "amp", Type = "EEG", ChannelCount = 2, ChannelFormat = ChannelFormat.Int16, NominalRate = 100, SourceId = sourceId };
        amplifier.SetChannels([("C3", "uV", "EEG"), ("C4", "uV", "EEG")]);
        Amplifier = new LslOutlet(amplifier, new LslOutletOptions { Config = config });

        string stageLines = string.Join("\n", stages.Select(s => "  - {" + s + "}"));
        string path = _files.Write("source: {type: lsl, stream: amp, config: lsl_api.cfg, timeout: 5s}\nstages:\n" + stageLines +
            "\noutputs:\n  - {type: lsl-outlet, stream: decisions, mode: markers, thread: " + outletThread + ", config: lsl_api.cfg}\n");
        Loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        Runner = Loaded.CreateRunner();
        Runner.Start();

        using var resolver = new LslResolver(config);
        var markers = Assert.Single(resolver.Resolve(StreamQuery.ByProperty(session, "name", "decisions"), 1, 5));
        MarkerFormat = markers.ChannelFormat;
        _receiver = new LslInlet(markers, new LslInletOptions { Config = config });
        _receiver.Open(5);
        Assert.True(Amplifier.WaitForConsumers(10), "the pipeline's inlet never connected");
        Thread.Sleep(300); // the marker outlet's consumer registers right after its handshake
    }

    /// <summary>Pushes 100 Hz samples at times 50 + i / 100 s: channel k swings by ±500 where <paramref name="swings"/>(i, k).</summary>
    public void Push(int samples, Func<int, int, bool> swings)
    {
        var sample = new short[2];
        for (int i = 0; i < samples; i++)
        {
            short swing = (short)(i % 2 == 0 ? 500 : -500);
            for (int k = 0; k < 2; k++) sample[k] = swings(i, k) ? swing : (short)0;
            Amplifier.PushSample<short>(sample, 50 + i / 100.0);
        }
    }

    /// <summary>Receives up to <paramref name="count"/> markers (15 s at most), then stops the pipeline.</summary>
    public List<(double Time, string Class)> Receive(int count)
    {
        var chunk = new SampleChunk(ChannelFormat.String, 1, 64);
        var decisions = new List<(double, string)>();
        var watch = Stopwatch.StartNew();
        while (decisions.Count < count && watch.Elapsed.TotalSeconds < 15)
        {
            int n = _receiver.Pull(chunk, 100);
            for (int s = 0; s < n; s++) decisions.Add((chunk.Timestamps[s], chunk.StringAt(s, 0)));
        }

        Runner.Stop();
        Assert.True(Runner.Wait(TimeSpan.FromSeconds(10)));
        return decisions;
    }

    public void Dispose()
    {
        _receiver.Dispose();
        Runner.Dispose();
        Loaded.Dispose();
        Amplifier.Dispose();
        _files.Dispose();
    }
}
