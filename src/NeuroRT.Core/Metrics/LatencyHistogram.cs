using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuroRT.Core.Metrics;

/// <summary>
/// Log-linear histogram of durations in nanoseconds, recorded without allocation or locks by one
/// writer thread and read at any time by others (readers see counts at most one record stale).
/// Values below 64 ns are exact; above, each power of two is split in 32 buckets, so a reported
/// percentile is at most 1/32 (3.1 %) above the true value. Range: up to 2^40 ns (about 18 min);
/// longer values land in the last bucket, and <see cref="Max"/> stays exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;           // 32 per power of two
    private const int LinearLimit = SubBuckets * 2;               // 0..63 ns exact
    private const int MaxExponent = 40;
    /// <summary>Number of buckets.</summary>
    public const int BucketCount = LinearLimit + (MaxExponent - SubBucketBits - 1) * SubBuckets + 1;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _max;
    private long _min = long.MaxValue;

    /// <summary>Creates an empty histogram called <paramref name="name"/>.</summary>
    public LatencyHistogram(string name) => Name = name;

    /// <summary>What is measured (e.g. <c>stage window</c>, <c>command latency</c>).</summary>
    public string Name { get; }

    /// <summary>Number of recorded values.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Largest recorded value (ns), 0 when empty.</summary>
    public long Max => Volatile.Read(ref _max);

    /// <summary>Smallest recorded value (ns), 0 when empty.</summary>
    public long Min => Count == 0 ? 0 : Volatile.Read(ref _min);

    /// <summary>Mean of recorded values (ns), 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : (double)Volatile.Read(ref _sum) / Count;

    /// <summary>Records one duration in nanoseconds (negative values count as 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        _buckets[BucketOf(nanoseconds)]++;
        _sum += nanoseconds;
        if (nanoseconds > _max) _max = nanoseconds;
        if (nanoseconds < _min) _min = nanoseconds;
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>
    /// The value (ns) at or below which <paramref name="percentile"/> % of the recorded values lie,
    /// reported as the upper edge of its bucket (never above <see cref="Max"/>). 0 when empty.
    /// </summary>
    public long Percentile(double percentile)
    {
        long total = Count;
        if (total == 0) return 0;
        long rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _buckets[i]);
            if (seen >= rank) return Math.Min(UpperEdge(i), Max);
        }
        return Max;
    }

    /// <summary>A consistent-enough copy of the headline figures.</summary>
    public HistogramSummary Summarize() =>
        new(Name, Count, Percentile(50), Percentile(90), Percentile(99), Percentile(99.9), Max, Mean);

    /// <summary>The largest value (ns) that falls in bucket <paramref name="bucket"/>.</summary>
    public static long UpperEdge(int bucket)
    {
        if (bucket < LinearLimit) return bucket;
        if (bucket >= BucketCount - 1) return long.MaxValue; // overflow bucket: Max tells the truth
        int group = (bucket - LinearLimit) / SubBuckets;
        int sub = (bucket - LinearLimit) % SubBuckets;
        int exponent = group + SubBucketBits + 1;             // bucket values have their top bit at 'exponent'
        long bucketWidth = 1L << (exponent - SubBucketBits);
        return (1L << exponent) + (sub + 1) * bucketWidth - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int BucketOf(long value)
    {
        if (value < LinearLimit) return (int)value;
        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (exponent >= MaxExponent) return BucketCount - 1;
        int sub = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return LinearLimit + (exponent - SubBucketBits - 1) * SubBuckets + sub;
    }
}
