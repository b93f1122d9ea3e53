using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;

namespace NeuroRT.Core.Tests.Rings;

public class SampleRingTests
{
    private const int Channels = 3;

    // Sample i carries value i*10 + channel, so any mix-up of order or channels shows.
    private static (float[] Values, double[] Stamps) Chunk(long first, int n)
    {
        var v = new float[n * Channels];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = (first + i) / 100.0;
            for (int c = 0; c < Channels; c++) v[i * Channels + c] = (first + i) * 10 + c;
        }
        return (v, t);
    }

    private static void AssertSample(SampleBlock block, int row, long expectedIndex)
    {
        Assert.Equal(expectedIndex, block.SampleIndex[row]);
        Assert.Equal(expectedIndex / 100.0, block.Timestamps[row]);
        for (int c = 0; c < Channels; c++) Assert.Equal(expectedIndex * 10 + c, block.Values[row * Channels + c]);
    }

    [Fact]
    public void Capacity_is_rounded_up_to_a_power_of_two()
    {
        var ring = new SampleRing(Channels, 100);
        Assert.Equal(128, ring.Capacity);
    }

    [Fact]
    public void Samples_come_out_in_order_with_their_index_timestamp_and_arrival()
    {
        var ring = new SampleRing(Channels, 64);
        var (v, t) = Chunk(0, 10);
        Assert.Equal(10, ring.Write(v, t, arrivalTicks: 1234));
        using var block = new SampleBlock(Channels, 1, 32);
        Assert.Equal(10, ring.Read(block, 32));
        for (int i = 0; i < 10; i++)
        {
            AssertSample(block, i, i);
            Assert.Equal(1234, block.ArrivalTicks[i]);
        }
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Reads_across_the_wrap_point_stay_contiguous()
    {
        var ring = new SampleRing(Channels, 16);
        using var block = new SampleBlock(Channels, 1, 16);
        long next = 0;
        for (int round = 0; round < 20; round++)
        {
            var (v, t) = Chunk(round * 7, 7);
            ring.Write(v, t, 0);
            int n = ring.Read(block, 16);
            Assert.Equal(7, n);
            for (int i = 0; i < n; i++) AssertSample(block, i, next++);
        }
        Assert.Equal(0, ring.SamplesDropped);
    }

    [Fact]
    public void Skipped_samples_leave_a_gap_in_the_running_index_without_counting_as_ring_drops()
    {
        var ring = new SampleRing(Channels, 64);
        var (v0, t0) = Chunk(0, 5);
        ring.Write(v0, t0, 1);
        ring.Skip(7);
        var (v1, t1) = Chunk(12, 4);
        ring.WriteWaiting(v1, t1, 2, CancellationToken.None);
        Assert.Equal(16, ring.SamplesOffered);
        Assert.Equal(0, ring.SamplesDropped);
        using var block = new SampleBlock(Channels, 1, 64);
        Assert.Equal(9, ring.Read(block, 64));
        for (int i = 0; i < 5; i++) AssertSample(block, i, i);
        for (int i = 0; i < 4; i++) AssertSample(block, 5 + i, 12 + i);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Skip(-1));
    }

    [Fact]
    public void A_read_takes_at_most_the_requested_samples()
    {
        var ring = new SampleRing(Channels, 64);
        var (v, t) = Chunk(0, 50);
        ring.Write(v, t, 0);
        using var block = new SampleBlock(Channels, 1, 64);
        Assert.Equal(20, ring.Read(block, 20));
        Assert.Equal(30, ring.Count);
        Assert.Equal(30, ring.Read(block, 64));
        AssertSample(block, 0, 20);
    }

    [Fact]
    public void Overfull_ring_dropping_newest_reports_exactly_how_many_samples_were_lost()
    {
        var ring = new SampleRing(Channels, 32, RingOverflow.DropNewest);
        var (v1, t1) = Chunk(0, 20);
        Assert.Equal(20, ring.Write(v1, t1, 0));
        var (v2, t2) = Chunk(20, 25);
        Assert.Equal(12, ring.Write(v2, t2, 0));   // only 12 fit
        var (v3, t3) = Chunk(45, 5);
        Assert.Equal(0, ring.Write(v3, t3, 0));    // full
        Assert.Equal(13 + 5, ring.SamplesDropped);
        Assert.Equal(2, ring.Overruns);
        Assert.Equal(50, ring.SamplesOffered);

        using var block = new SampleBlock(Channels, 1, 64);
        Assert.Equal(32, ring.Read(block, 64));
        for (int i = 0; i < 32; i++) AssertSample(block, i, i); // the oldest are kept intact

        // The next accepted sample shows the gap in the running index.
        var (v4, t4) = Chunk(50, 1);
        ring.Write(v4, t4, 0);
        ring.Read(block, 64);
        Assert.Equal(50, block.SampleIndex[0]);
        Assert.Equal(ring.SamplesDropped, block.SampleIndex[0] - 32); // indices 32..49 never arrived
    }

    [Fact]
    public void Overfull_ring_dropping_oldest_keeps_the_newest_and_counts_the_discarded()
    {
        var ring = new SampleRing(Channels, 32, RingOverflow.DropOldest);
        var (v1, t1) = Chunk(0, 30);
        ring.Write(v1, t1, 0);
        var (v2, t2) = Chunk(30, 10);
        Assert.Equal(10, ring.Write(v2, t2, 0));
        Assert.Equal(8, ring.SamplesDropped);       // 40 offered, 32 fit
        using var block = new SampleBlock(Channels, 1, 64);
        Assert.Equal(32, ring.Read(block, 64));
        for (int i = 0; i < 32; i++) AssertSample(block, i, 8 + i);
        Assert.Equal(ring.SamplesOffered, ring.SamplesDropped + 32);
    }

    [Fact]
    public void A_chunk_larger_than_the_ring_keeps_its_newest_samples()
    {
        var ring = new SampleRing(Channels, 16, RingOverflow.DropOldest);
        var (v, t) = Chunk(0, 40);
        Assert.Equal(16, ring.Write(v, t, 0));
        Assert.Equal(24, ring.SamplesDropped);
        using var block = new SampleBlock(Channels, 1, 16);
        ring.Read(block, 16);
        for (int i = 0; i < 16; i++) AssertSample(block, i, 24 + i);
    }

    [Fact]
    public void Writing_and_reading_allocate_nothing()
    {
        var ring = new SampleRing(Channels, 256);
        var (v, t) = Chunk(0, 10);
        using var block = new SampleBlock(Channels, 1, 64);
        ring.Write(v, t, 0);
        ring.Read(block, 64);
        ring.WaitForData(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            ring.Write(v, t, i);
            ring.Read(block, 64);
            ring.WaitForData(0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Completed_ring_is_drained_once_read_empty_and_refuses_writes()
    {
        var ring = new SampleRing(Channels, 16);
        var (v, t) = Chunk(0, 4);
        ring.Write(v, t, 0);
        ring.Complete();
        Assert.False(ring.IsDrained);
        Assert.True(ring.WaitForData(0));
        using var block = new SampleBlock(Channels, 1, 16);
        ring.Read(block, 16);
        Assert.True(ring.IsDrained);
        Assert.Throws<InvalidOperationException>(() => ring.Write(v, t, 0));
    }

    [Fact]
    public void Mismatched_values_and_timestamps_are_refused()
    {
        var ring = new SampleRing(Channels, 16);
        Assert.Throws<ArgumentException>(() => ring.Write(new float[5], new double[2], 0));
    }

    [Theory]
    [InlineData(RingOverflow.DropOldest)]
    [InlineData(RingOverflow.DropNewest)]
    public void Under_concurrent_overflow_every_sample_is_read_once_or_counted_as_dropped(RingOverflow overflow)
    {
        // A fast producer and a consumer that is slow now and then: samples are lost, but never
        // silently, never twice, never out of order and never torn (values match their index).
        var ring = new SampleRing(Channels, 64, overflow);
        const long total = 400_000;
        var producer = new Thread(() =>
        {
            var v = new float[7 * Channels];
            var t = new double[7];
            for (long n = 0; n < total; n += 7)
            {
                int count = (int)Math.Min(7, total - n);
                for (int i = 0; i < count; i++)
                {
                    t[i] = n + i;
                    for (int c = 0; c < Channels; c++) v[i * Channels + c] = (n + i) % 1_000_000 * 4 + c;
                }
                ring.Write(v.AsSpan(0, count * Channels), t.AsSpan(0, count), 0);
            }
            ring.Complete();
        });
        producer.Start();
        using var block = new SampleBlock(Channels, 1, 32);
        long read = 0, last = -1, spins = 0;
        while (!ring.IsDrained)
        {
            if (!ring.WaitForData(10)) continue;
            int n = ring.Read(block, 32);
            for (int i = 0; i < n; i++)
            {
                long index = block.SampleIndex[i];
                Assert.True(index > last, $"index {index} after {last}");
                Assert.Equal((double)index, block.Timestamps[i]);
                for (int c = 0; c < Channels; c++) Assert.Equal(index % 1_000_000 * 4 + c, block.Values[i * Channels + c]);
                last = index;
            }
            read += n;
            if (++spins % 50 == 0) Thread.Sleep(1);
        }
        producer.Join();
        Assert.Equal(total, ring.SamplesOffered);
        Assert.True(ring.SamplesDropped > 0, "the consumer pauses, so the ring must have overflowed");
        Assert.Equal(total, read + ring.SamplesDropped);
    }

    [Fact]
    public void Waiting_writes_lose_nothing_behind_a_slow_consumer()
    {
        var ring = new SampleRing(Channels, 16);
        const int total = 5_000;
        var producer = new Thread(() =>
        {
            for (long n = 0; n < total; n += 10)
            {
                var (v, t) = Chunk(n, 10);
                Assert.True(ring.WriteWaiting(v, t, 0, CancellationToken.None));
            }
            ring.Complete();
        });
        producer.Start();
        using var block = new SampleBlock(Channels, 1, 5);
        long next = 0;
        while (!ring.IsDrained)
        {
            if (!ring.WaitForData(10)) continue;
            int n = ring.Read(block, 5);
            for (int i = 0; i < n; i++) AssertSample(block, i, next++);
        }
        producer.Join();
        Assert.Equal(total, next);
        Assert.Equal(0, ring.SamplesDropped);
    }
}
