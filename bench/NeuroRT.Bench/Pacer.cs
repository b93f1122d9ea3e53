using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeuroRT.Bench;

/// <summary>
/// Sleeps until an absolute <see cref="Stopwatch"/> time without spinning, so a paced stream leaves the
/// CPUs to the threads under test. On Linux, <see cref="Stopwatch"/> ticks are CLOCK_MONOTONIC
/// nanoseconds and the wait is one <c>clock_nanosleep(TIMER_ABSTIME)</c> (wakes some 50-100 us late: the
/// timer slack); elsewhere it sleeps whole milliseconds and yields for the rest.
/// </summary>
public static partial class Pacer
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private static readonly bool Native = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Returns once <see cref="Stopwatch.GetTimestamp"/> has reached <paramref name="ticks"/>.</summary>
    public static void SleepUntil(long ticks)
    {
        while (true)
        {
            long left = ticks - Stopwatch.GetTimestamp();
            if (left <= 0) return;
            if (Native)
            {
                var due = new Timespec { Seconds = ticks / 1_000_000_000, Nanoseconds = ticks % 1_000_000_000 };
                clock_nanosleep(ClockMonotonic, TimerAbsolute, in due, IntPtr.Zero);
            }
            else if (left > Stopwatch.Frequency / 500) Thread.Sleep(1);
            else Thread.Yield();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int clock_nanosleep(int clock, int flags, in Timespec request, IntPtr remaining);
}
