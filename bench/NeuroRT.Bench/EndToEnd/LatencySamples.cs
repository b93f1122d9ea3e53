using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// Raw latencies (ns) kept one by one in a preallocated array, so percentiles are exact (no bucket
/// rounding) and the histogram CSV/SVG can be drawn from the same values. Record is allocation-free;
/// values past the capacity are counted but not kept.
/// </summary>
public sealed class LatencySamples(string name, int capacity)
{
    private readonly long[] _values = new long[capacity];
    private int _count;
    private long _overflow;

    /// <summary>What was measured.</summary>
    public string Name { get; } = name;

    /// <summary>Values kept.</summary>
    public int Count => _count;

    /// <summary>Values recorded past the capacity (not in the figures).</summary>
    public long Overflow => _overflow;

    /// <summary>Records one latency in nanoseconds.</summary>
    public void Record(long nanoseconds)
    {
        if (_count < _values.Length) _values[_count++] = nanoseconds;
        else _overflow++;
    }

    /// <summary>The kept values, sorted (sorts in place, once, after the run).</summary>
    public ReadOnlySpan<long> Sorted()
    {
        var span = _values.AsSpan(0, _count);
        span.Sort();
        return span;
    }

    /// <summary>p50, p90, p99, p99.9, max and mean in nanoseconds (nearest-rank percentiles); zeros when empty.</summary>
    public Summary Summarize()
    {
        var s = Sorted();
        if (s.Length == 0) return new Summary(Name, 0, 0, 0, 0, 0, 0, 0);
        double sum = 0;
        foreach (long v in s) sum += v;
        return new Summary(Name, s.Length, Rank(s, 50), Rank(s, 90), Rank(s, 99), Rank(s, 99.9), s[^1], sum / s.Length);
    }

    private static long Rank(ReadOnlySpan<long> sorted, double percentile)
    {
        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// A histogram as CSV: <c>from_us,to_us,count</c>, bins of <paramref name="binUs"/> microseconds up to
    /// 3 x the p99 (at least 20 bins), so the body of the distribution is resolved, then one last bin for everything above.
    /// </summary>
    public string HistogramCsv(double binUs, out double[] edgesUs, out long[] counts)
    {
        var s = Sorted();
        var sum = Summarize();
        double top = Math.Max(binUs * 20, sum.P99 / 1000.0 * 3);
        int bins = (int)Math.Ceiling(top / binUs);
        counts = new long[bins + 1];
        edgesUs = new double[bins + 2];
        for (int i = 0; i <= bins; i++) edgesUs[i] = i * binUs;
        edgesUs[bins + 1] = Math.Max(top, s.Length > 0 ? s[^1] / 1000.0 : top);
        foreach (long v in s)
        {
            int b = (int)(v / 1000.0 / binUs);
            counts[Math.Min(b, bins)]++;
        }

        var csv = new StringBuilder("from_us,to_us,count\n");
        for (int i = 0; i <= bins; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{edgesUs[i]:0.###},{edgesUs[i + 1]:0.###},{counts[i]}\n");
        return csv.ToString();
    }

    /// <summary>The headline figures of a latency distribution, in nanoseconds.</summary>
    public readonly record struct Summary(string Name, long Count, long P50, long P90, long P99, long P999, long Max, double Mean);
}
