using System.Diagnostics;
using System.Globalization;

namespace NeuroRT.Bench;

/// <summary>
/// CPU time used over an interval by this process and by everything else on the machine (Linux:
/// <c>/proc/stat</c>, in USER_HZ = 1/100 s), in cores, so a measured run can say whether other work
/// competed for the CPUs while it ran. Elsewhere only this process's share is known.
/// </summary>
public readonly struct CpuLoad
{
    private readonly long _ticks;
    private readonly TimeSpan _own;
    private readonly long _machine;

    private CpuLoad(long ticks, TimeSpan own, long machine)
    {
        _ticks = ticks;
        _own = own;
        _machine = machine;
    }

    /// <summary>Takes a snapshot now.</summary>
    public static CpuLoad Now()
    {
        using var process = Process.GetCurrentProcess();
        return new CpuLoad(Stopwatch.GetTimestamp(), process.TotalProcessorTime, MachineBusyHundredths());
    }

    /// <summary>Cores used by this process and by all other processes (-1 when unknown) since <paramref name="start"/>.</summary>
    public (double Own, double Others) Since(CpuLoad start)
    {
        double seconds = (_ticks - start._ticks) / (double)Stopwatch.Frequency;
        if (seconds <= 0) return (0, -1);
        double own = (_own - start._own).TotalSeconds / seconds;
        if (_machine < 0 || start._machine < 0) return (own, -1);
        double machine = (_machine - start._machine) / 100.0 / seconds;
        return (own, Math.Max(0, machine - own));
    }

    // user + nice + system + irq + softirq + steal of the "cpu" line.
    private static long MachineBusyHundredths()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return -1;
            using var reader = new StreamReader("/proc/stat");
            string? line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return -1;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            foreach (int i in new[] { 1, 2, 3, 6, 7, 8 })
                if (i < f.Length) busy += long.Parse(f[i], CultureInfo.InvariantCulture);
            return busy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
