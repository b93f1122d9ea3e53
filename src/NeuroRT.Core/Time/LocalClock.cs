using System.Diagnostics;

namespace NeuroRT.Core.Time;

/// <summary>
/// The one local, monotonic clock every arrival and emission time is taken on (like
/// <c>lsl_local_clock</c>: seconds of a steady clock). Ticks are <see cref="Stopwatch"/> ticks.
/// </summary>
public static class LocalClock
{
    /// <summary>Ticks per second of <see cref="Ticks"/>.</summary>
    public static readonly long Frequency = Stopwatch.Frequency;

    private static readonly double SecondsPerTick = 1.0 / Stopwatch.Frequency;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Now, in ticks.</summary>
    public static long Ticks => Stopwatch.GetTimestamp();

    /// <summary>Converts ticks to seconds.</summary>
    public static double ToSeconds(long ticks) => ticks * SecondsPerTick;

    /// <summary>Converts a tick interval to whole nanoseconds.</summary>
    public static long ToNanoseconds(long ticks) => (long)(ticks * NanosecondsPerTick);

    /// <summary>Converts seconds to ticks.</summary>
    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
