using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Loopback;

public sealed class QuickLoopbackTests
{
    [Fact]
    public void Resolves_connects_and_receives()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "quick", Type = "EEG", ChannelCount = 3, ChannelFormat = ChannelFormat.Float32, NominalRate = 100, SourceId = "quick-1" },
            new LslOutletOptions { Config = config, Log = log });
        using var resolver = new LslResolver(config, log);
        var found = resolver.Resolve(StreamQuery.ByProperty(config.SessionId, "name", "quick"), 1, 5);
        Assert.Single(found);
        Assert.Equal("127.0.0.1", found[0].V4Address);
        using var inlet = new LslInlet(found[0], new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        for (int i = 0; i < 10; i++) outlet.PushSample<float>([i, i + 0.5f, -i], 1000 + i);
        var chunk = new SampleChunk(ChannelFormat.Float32, 3, 64);
        var got = new List<float>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (got.Count < 30 && DateTime.UtcNow < deadline)
        {
            int n = inlet.Pull(chunk, 200);
            got.AddRange(chunk.Floats.AsSpan(0, n * 3).ToArray());
        }

        Assert.Equal(30, got.Count);
        Assert.Equal(9.5f, got[28]);
        Assert.Equal(0, Math.Abs(inlet.TimeCorrection(5)), 2);
    }
}
