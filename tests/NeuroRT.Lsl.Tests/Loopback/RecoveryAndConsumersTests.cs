using System.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Loopback;

public sealed class RecoveryTests
{
    [Fact]
    public void An_outlet_restart_mid_stream_is_recovered_and_the_gap_reported()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        var description = new LslStreamInfo { Name = "restart", Type = "EEG", ChannelCount = 2, ChannelFormat = ChannelFormat.Float32, NominalRate = 500, SourceId = "amp-42" };
        var first = new LslOutlet(description, new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "source_id", "amp-42");
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);
        Assert.True(first.WaitForConsumers(5));
        var chunk = new SampleChunk(ChannelFormat.Float32, 2, 256);

        // 200 samples from the first instance (index i at time 100 + i/500).
        for (int i = 0; i < 200; i++) first.PushSample<float>([i, -i], 100 + i / 500.0);
        var received = new List<float>();
        PullUntil(inlet, chunk, received, 200);
        first.Dispose();

        // The device comes back 1 s later (in stream time) as a new outlet with the same source_id.
        using var second = new LslOutlet(description, new LslOutletOptions { Config = config, Log = log });
        Assert.NotEqual(found.Uid, second.Info.Uid);
        var watch = Stopwatch.StartNew();
        int next = 700;
        while (watch.Elapsed.TotalSeconds < 20 && second.ConsumerCount == 0)
        {
            inlet.Pull(chunk, 50);
            Assert.Equal(0, chunk.Count);
        }

        Assert.Equal(1, second.ConsumerCount);
        for (int i = next; i < next + 100; i++) second.PushSample<float>([i, -i], 100 + i / 500.0);
        PullUntil(inlet, chunk, received, 300);

        Assert.Equal(second.Info.Uid, inlet.Info.Uid);
        Assert.Equal(700f, received[200]);
        var events = new List<LslInletEvent>();
        while (inlet.TryGetEvent(out var e)) events.Add(e!);
        Assert.Contains(events, e => e.Kind == LslInletEventKind.Lost);
        var recovered = Assert.Single(events, e => e.Kind == LslInletEventKind.Recovered);
        Assert.True(recovered.NewOutlet);
        Assert.Equal(1.002, recovered.GapSeconds, 6);   // 100 + 700/500 - (100 + 199/500)
        Assert.Equal(500, recovered.SamplesLost);        // samples 200..699
        Assert.Equal(500, inlet.SamplesLostInGaps);
        Assert.Contains(log.Lines, l => l.Contains("recovered", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_source_id_a_lost_stream_is_reported_lost_for_good()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        var outlet = new LslOutlet(new LslStreamInfo { Name = "no-id", ChannelCount = 1, NominalRate = 10 }, new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "name", "no-id");
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);
        outlet.Dispose();
        var chunk = new SampleChunk(ChannelFormat.Float32, 1, 8);
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<LslStreamLostException>(() => { while (watch.Elapsed.TotalSeconds < 10) inlet.Pull(chunk, 100); });
        Assert.Contains("no-id", e.Message);
        Assert.Equal(LslInletState.Lost, inlet.State);
    }

    private static void PullUntil(LslInlet inlet, SampleChunk chunk, List<float> channel0, int total)
    {
        var watch = Stopwatch.StartNew();
        while (channel0.Count < total && watch.Elapsed.TotalSeconds < 20)
        {
            int n = inlet.Pull(chunk, 100);
            for (int s = 0; s < n; s++) channel0.Add(chunk.Floats[s * 2]);
        }

        Assert.Equal(total, channel0.Count);
    }
}

public sealed class ConsumerTests
{
    [Fact]
    public void Each_consumer_has_its_own_bounded_queue_and_a_stalled_one_only_loses_its_own_oldest_samples()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "two", ChannelCount = 4, NominalRate = 1000, SourceId = "two" },
            new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "name", "two");
        using var reader = new LslInlet(found, new LslInletOptions { Config = config, Log = log });
        // The stalled inlet asks for a 50-sample queue (Max-Buffer-Length 50); the reader for liblsl's default 360 s.
        using var stalled = new LslInlet(found, new LslInletOptions { Config = config, Log = log, MaxBufferSeconds = 0.05 });
        reader.Open(5);
        stalled.Open(5);
        var watch = Stopwatch.StartNew();
        while (outlet.ConsumerCount < 2 && watch.Elapsed.TotalSeconds < 5) Thread.Sleep(5);
        Assert.Equal(2, outlet.ConsumerCount);

        // The stalled inlet never pulls; 50 000 samples (800 kB) exceed its socket buffers and its 50-sample queue.
        var chunk = new SampleChunk(ChannelFormat.Float32, 4, 1024);
        int received = 0;
        var values = new float[4];
        for (int i = 0; i < 50_000; i++)
        {
            values[0] = i;
            outlet.PushSample<float>(values, 1 + i / 1000.0);
            if (i % 100 == 99) received += Drain(reader, chunk, received);
        }

        watch.Restart();
        while (received < 50_000 && watch.Elapsed.TotalSeconds < 20) received += Drain(reader, chunk, received);
        Assert.Equal(50_000, received);
        Assert.True(outlet.SamplesDropped > 0, "the stalled consumer's queue must have overflowed");
    }

    private static int Drain(LslInlet inlet, SampleChunk chunk, int received)
    {
        int n = inlet.Pull(chunk, 1);
        for (int s = 0; s < n; s++) Assert.Equal(received + s, chunk.Floats[s * 4]);
        return n;
    }
}
