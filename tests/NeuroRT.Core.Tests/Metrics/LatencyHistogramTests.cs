using NeuroRT.Core.Metrics;

namespace NeuroRT.Core.Tests.Metrics;

public class LatencyHistogramTests
{
    [Fact]
    public void Every_value_lies_in_its_bucket()
    {
        var rng = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            long v = (long)Math.Pow(2, rng.NextDouble() * 39);
            int b = LatencyHistogram.BucketOf(v);
            Assert.True(v <= LatencyHistogram.UpperEdge(b), $"{v} above bucket {b}");
            if (b > 0) Assert.True(v > LatencyHistogram.UpperEdge(b - 1), $"{v} below bucket {b}");
        }
    }

    [Fact]
    public void Percentiles_are_within_the_stated_resolution()
    {
        var h = new LatencyHistogram("test");
        var values = new List<long>();
        var rng = new Random(3);
        for (int i = 0; i < 50_000; i++)
        {
            long v = 1_000 + (long)(rng.NextDouble() * rng.NextDouble() * 5_000_000);
            values.Add(v);
            h.Record(v);
        }
        values.Sort();
        foreach (double p in new[] { 50.0, 90, 99, 99.9 })
        {
            long exact = values[(int)Math.Ceiling(p / 100 * values.Count) - 1];
            long reported = h.Percentile(p);
            Assert.InRange(reported, exact, exact + exact / 32 + 1);
        }
        Assert.Equal(values[^1], h.Max);
        Assert.Equal(values[0], h.Min);
        Assert.Equal(values.Count, h.Count);
        Assert.Equal(values.Average(), h.Mean, 6);
    }

    [Fact]
    public void Small_values_are_exact()
    {
        var h = new LatencyHistogram("small");
        for (int v = 0; v < 64; v++) h.Record(v);
        Assert.Equal(31, h.Percentile(50));
        Assert.Equal(63, h.Percentile(100));
    }

    [Fact]
    public void Huge_values_keep_an_exact_max()
    {
        var h = new LatencyHistogram("huge");
        h.Record(5_000_000_000_000); // 83 minutes
        Assert.Equal(5_000_000_000_000, h.Max);
        Assert.Equal(5_000_000_000_000, h.Percentile(99));
    }

    [Fact]
    public void An_empty_histogram_reports_zeros()
    {
        var s = new LatencyHistogram("empty").Summarize();
        Assert.Equal(0, s.Count);
        Assert.Equal(0, s.P99);
        Assert.Equal(0, s.Max);
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var h = new LatencyHistogram("alloc");
        h.Record(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) h.Record(i * 13L);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
