using System.Diagnostics;

namespace NeuroRT.Lsl.Clock;

/// <summary>
/// <c>lsl_local_clock()</c>: seconds of the host's steady clock. liblsl uses C++ <c>steady_clock</c>,
/// which on Linux is <c>CLOCK_MONOTONIC</c>; .NET's <see cref="Stopwatch"/> reads the same clock there
/// (a test checks this against <c>clock_gettime(CLOCK_MONOTONIC)</c>), so timestamps of NeuroRT and
/// of liblsl programs on one host are directly comparable, and equal to NeuroRT's local clock.
/// </summary>
public static class LslClock
{
    private static readonly double SecondsPerTick = 1.0 / Stopwatch.Frequency;

    /// <summary>Now, in seconds.</summary>
    public static double Now => Stopwatch.GetTimestamp() * SecondsPerTick;

    /// <summary>Converts <see cref="Stopwatch"/> ticks (NeuroRT's arrival/emission ticks) to LSL seconds.</summary>
    public static double FromTicks(long ticks) => ticks * SecondsPerTick;
}
