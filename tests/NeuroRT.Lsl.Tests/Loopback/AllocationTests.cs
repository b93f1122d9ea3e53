using System.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;
using NeuroRT.Testing;

namespace NeuroRT.Lsl.Tests.Loopback;

/// <summary>The steady-state receive path (socket to chunk, with clock sync and dejitter) and the push path allocate nothing.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(ChannelFormat.Float32)]
    [InlineData(ChannelFormat.Int16)]
    [InlineData(ChannelFormat.Double64)]
    public void Receiving_allocates_0_bytes_per_chunk(ChannelFormat format)
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        string name = $"alloc-{format.Name()}";
        using var outlet = new LslOutlet(new LslStreamInfo { Name = name, ChannelCount = 32, ChannelFormat = format, NominalRate = 2000, SourceId = name },
            new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "name", name);
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, Log = log, ClockSync = true, Dejitter = true });
        inlet.Open(5);
        inlet.TimeCorrection(5);
        Assert.True(outlet.WaitForConsumers(5));

        // Bytes are summed around the calls under test only (after a warm-up), not over the test's own loop.
        long pushAllocated = 0;
        using var stop = new CancellationTokenSource();
        var pusher = new Thread(() =>
        {
            var values = new float[32 * 20];
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                var window = AllocationWindow.Open();
                outlet.PushChunk<float>(values);
                long delta = window.AllocatedBytes;
                if (round >= 200 && !window.CollectionRan) pushAllocated += delta;
                Thread.Sleep(1);
            }
        });
        pusher.Start();

        var chunk = new SampleChunk(format, 32, 512);
        long samples = 0;
        var watch = Stopwatch.StartNew();
        // Warm-up: first-time paths (buffer compaction, tier-1 code) run before the measurement.
        while (samples < 20_000 && watch.Elapsed.TotalSeconds < 20) samples += inlet.Pull(chunk, 100);
        long allocated = 0;
        int chunks = 0;
        long counted = 0;
        // A call that a garbage collection overlapped is left out: the collection charges bytes nothing allocated
        // (see AllocationWindow); an allocation in Pull would show in every other call.
        while (counted < 20_000 && watch.Elapsed.TotalSeconds < 40)
        {
            var window = AllocationWindow.Open();
            int n = inlet.Pull(chunk, 100);
            long delta = window.AllocatedBytes;
            if (window.CollectionRan) continue;
            allocated += delta;
            counted += n;
            if (n > 0) chunks++;
        }

        stop.Cancel();
        pusher.Join();
        Assert.True(counted >= 20_000, $"only {counted} samples arrived in calls that no garbage collection overlapped");
        Assert.True(chunks > 50, $"only {chunks} chunks");
        Assert.Equal(0, allocated);
        Assert.Equal(0, pushAllocated);
    }
}
