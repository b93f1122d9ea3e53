using System.Runtime.InteropServices;

namespace NeuroRT.Core.Threading;

/// <summary>
/// Scheduling of the calling thread on Linux: its nice value and the CPUs it may run on. .NET does not apply
/// <see cref="Thread.Priority"/> on Linux, so a latency-critical thread sets its own nice value; raising it (a
/// negative value) needs CAP_SYS_NICE (root, or a capability granted to the program), and without it the thread
/// runs at its normal priority and the caller says so. Pinning needs no privilege. Elsewhere both do nothing.
/// </summary>
public static partial class ThreadScheduling
{
    /// <summary>Sets the calling thread's nice value (-20 .. 19); null when done, else why not.</summary>
    public static string? TrySetNice(int nice)
    {
        if (nice is < -20 or > 19) return $"priority must be -20 .. 19 (a nice value), got {nice}";
        if (!OperatingSystem.IsLinux()) return "thread priorities are set only on Linux";
        // PRIO_PROCESS with a thread id changes that one thread on Linux.
        if (SetPriority(0, GetTid(), nice) == 0) return null;
        int errno = Marshal.GetLastPInvokeError();
        return errno is 1 or 13 // EPERM, EACCES
            ? $"no permission to set priority {nice} (raising it needs root or CAP_SYS_NICE); running at normal priority"
            : $"setpriority failed (errno {errno}); running at normal priority";
    }

    /// <summary>Why <paramref name="cpu"/> cannot be pinned to on this machine, or null when it can.</summary>
    public static string? CpuProblem(int cpu) =>
        cpu < 0 || cpu >= Environment.ProcessorCount
            ? $"CPU {cpu} does not exist: this machine has CPUs 0 .. {Environment.ProcessorCount - 1}"
            : null;

    /// <summary>Restricts the calling thread to <paramref name="cpus"/>; null when done, else why not.</summary>
    public static string? TryPin(ReadOnlySpan<int> cpus)
    {
        if (!OperatingSystem.IsLinux()) return "CPU pinning is done only on Linux";
        Span<ulong> mask = stackalloc ulong[16]; // 1024 CPUs, glibc's cpu_set_t
        mask.Clear();
        foreach (int cpu in cpus)
        {
            if (CpuProblem(cpu) is { } problem) return problem;
            if (cpu >= 1024) return $"CPU {cpu} is out of range 0 .. 1023";
            mask[cpu >> 6] |= 1UL << (cpu & 63);
        }

        unsafe
        {
            fixed (ulong* bits = mask)
            {
                if (SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), bits) == 0) return null;
            }
        }

        return $"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()}); the thread runs on any CPU";
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint size, ulong* mask);
}
