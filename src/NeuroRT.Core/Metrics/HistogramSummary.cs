namespace NeuroRT.Core.Metrics;

/// <summary>Headline figures of a <see cref="LatencyHistogram"/>, in nanoseconds.</summary>
public readonly record struct HistogramSummary(string Name, long Count, long P50, long P90, long P99, long P999, long Max, double Mean)
{
    /// <summary>Formats nanoseconds for people: <c>850 ns</c>, <c>42.1 us</c>, <c>3.20 ms</c>, <c>1.50 s</c>.</summary>
    public static string Format(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => $"{nanoseconds:0} ns",
        < 1_000_000 => $"{nanoseconds / 1e3:0.0} us",
        < 1_000_000_000 => $"{nanoseconds / 1e6:0.00} ms",
        _ => $"{nanoseconds / 1e9:0.00} s",
    };
}
