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

public sealed class OldProtocolLoopbackTests
{
    [Theory]
    [InlineData(ChannelFormat.Float32)]
    [InlineData(ChannelFormat.Int64)]
    [InlineData(ChannelFormat.String)]
    public void An_outlet_forced_to_protocol_100_is_received_exactly(ChannelFormat format)
    {
        var config = TestNet.Config(c => c with { UseProtocolVersion = 100 });
        var log = new CollectingLog();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "old", ChannelCount = 2, ChannelFormat = format, NominalRate = 50, SourceId = "old" }, new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "name", "old");
        Assert.Equal(100, found.ProtocolVersion);
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        for (int i = 0; i < 100; i++)
        {
            if (format == ChannelFormat.String) outlet.PushSample(new[] { $"m{i}", "" }, i % 2 == 0 ? 10 + i / 50.0 : -1);
            else outlet.PushSample<long>([i * 1_000_003L, -i], i % 2 == 0 ? 10 + i / 50.0 : -1);
        }

        var chunk = new SampleChunk(format, 2, 16);
        int received = 0;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        double previous = 0;
        while (received < 100 && DateTime.UtcNow < deadline)
        {
            int n = inlet.Pull(chunk, 100);
            for (int s = 0; s < n; s++, received++)
            {
                double expected = received % 2 == 0 ? 10 + received / 50.0 : previous + 1.0 / 50;
                Assert.Equal(expected, chunk.Timestamps[s]);
                previous = chunk.Timestamps[s];
                if (format == ChannelFormat.String) Assert.Equal($"m{received}", chunk.StringAt(s, 0));
                else if (format == ChannelFormat.Int64) Assert.Equal(received * 1_000_003L, chunk.IntegerAt(s, 0));
                else Assert.Equal((float)(received * 1_000_003L), chunk.Floats[s * 2]);
            }
        }

        Assert.Equal(100, received);
    }

    [Fact]
    public void Max_chunk_length_batches_the_outlet_writes()
    {
        var config = TestNet.Config();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "batched", ChannelCount = 1, NominalRate = 100, SourceId = "b" }, new LslOutletOptions { Config = config, Log = new CollectingLog() });
        var found = TestNet.Find(config, "name", "batched");
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, MaxChunkLength = 10 });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        // Without pushthrough, samples wait until 10 are queued (the inlet's Max-Chunk-Length), then go out together.
        for (int i = 0; i < 9; i++) outlet.PushSample<float>([i], 1 + i / 100.0, pushthrough: false);
        var chunk = new SampleChunk(ChannelFormat.Float32, 1, 64);
        Assert.Equal(0, inlet.Pull(chunk, 300));
        outlet.PushSample<float>([9], 1.09, pushthrough: false);
        int n = 0;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (n == 0 && DateTime.UtcNow < deadline) n = inlet.Pull(chunk, 100);
        Assert.Equal(10, n);
    }
}
