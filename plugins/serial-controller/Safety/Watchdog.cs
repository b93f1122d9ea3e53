using System.Diagnostics;

namespace NeuroRT.Plugins.SerialController.Safety;

/// <summary>What the watchdog calls when the deadline passes without a fresh command.</summary>
internal interface IWatchdogTarget
{
    /// <summary>
    /// The deadline passed: <paramref name="lastFresh"/> (Stopwatch ticks) is the last fresh command, and
    /// <paramref name="repeat"/> counts the calls for this stall from 0. The target re-checks
    /// <see cref="Watchdog.IsStale"/> under its write lock before sending, so a command that arrives meanwhile wins.
    /// </summary>
    void OnStalled(long lastFresh, int repeat);
}

/// <summary>
/// A dedicated thread that waits for a deadline on the monotonic clock (Stopwatch ticks) and calls its target when no
/// fresh command came within it: once per stall, or every deadline while stalled when <c>repeat</c> is set. Feeding is
/// one volatile write and wakes nothing: the thread, when it wakes at the old deadline, sees the newer feed and
/// sleeps until the new one. It waits on a monitor (a condition variable on CLOCK_MONOTONIC underneath) until 2 ms before the deadline and
/// spins the rest, never a thread-pool timer, so it never fires early, does not depend on the pool, and is late only by
/// the time the scheduler takes to run it.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly long _period;
    private readonly bool _repeat;
    private readonly IWatchdogTarget _target;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private long _lastFresh;
    private bool _stop;

    public Watchdog(double periodSeconds, bool repeat, IWatchdogTarget target, string threadName)
    {
        _period = Math.Max(1, (long)Math.Round(periodSeconds * Stopwatch.Frequency));
        _repeat = repeat;
        _target = target;
        _lastFresh = Stopwatch.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = threadName, Priority = ThreadPriority.Highest };
    }

    /// <summary>Starts the thread; the first deadline counts from construction.</summary>
    public void Start() => _thread.Start();

    /// <summary>A fresh command arrived at <paramref name="ticks"/> (Stopwatch ticks).</summary>
    public void Feed(long ticks) => Volatile.Write(ref _lastFresh, ticks);

    /// <summary>The last fresh command, in Stopwatch ticks.</summary>
    public long LastFresh => Volatile.Read(ref _lastFresh);

    /// <summary>Whether no fresh command came since <paramref name="lastFresh"/>.</summary>
    public bool IsStale(long lastFresh) => Volatile.Read(ref _lastFresh) == lastFresh;

    /// <summary>Stops and joins the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stop = true;
            Monitor.PulseAll(_gate);
        }
        if (_thread.IsAlive && Thread.CurrentThread != _thread) _thread.Join();
    }

    /// <summary>Whether the watchdog thread runs at a raised scheduling priority (nice −10; needs CAP_SYS_NICE, e.g. root).</summary>
    public bool PriorityRaised { get; private set; }

    // Thread priorities are not applied by the runtime on Linux; the thread's own nice value is. A raised priority
    // keeps the safe command on time when the machine is loaded; without the permission the watchdog still runs.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    private void RaisePriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            PriorityRaised = SetPriority(0 /* PRIO_PROCESS: on Linux, one thread when given a tid */, GetTid(), -10) == 0;
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    private void Run()
    {
        RaisePriority();
        // The monitor wait ends this long before the deadline; the rest is spun, so the deadline does not depend on
        // the kernel's timer slack and wake-up path (spun only when no feed came, i.e. when about to fire).
        long spin = Stopwatch.Frequency / 500;
        long due = LastFresh + _period;
        long firedFor = long.MinValue;
        int repeat = 0;
        while (true)
        {
            lock (_gate)
            {
                while (!_stop)
                {
                    long left = due - spin - Stopwatch.GetTimestamp();
                    if (left <= 0) break;
                    long ms = (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                    Monitor.Wait(_gate, (int)Math.Min(ms, int.MaxValue));
                }
                if (_stop) return;
            }
            if (FedSince(ref due)) continue;
            while (Stopwatch.GetTimestamp() < due)
            {
                if (Volatile.Read(ref _stop)) return;
                Thread.SpinWait(20);
            }
            if (FedSince(ref due)) continue;
            long last = LastFresh;
            if (last != firedFor)
            {
                firedFor = last;
                repeat = 0;
                _target.OnStalled(last, repeat++);
            }
            else if (_repeat)
            {
                _target.OnStalled(last, repeat++);
            }
            // Next check one period on: a repeat while still stalled, or the earliest a new stall can end.
            due += _period;
            long now = Stopwatch.GetTimestamp();
            if (due < now) due = now + _period;
        }
    }

    // A feed after the one the deadline was computed from moves the deadline.
    private bool FedSince(ref long due)
    {
        long last = LastFresh;
        if (last + _period <= due) return false;
        due = last + _period;
        return true;
    }
}
