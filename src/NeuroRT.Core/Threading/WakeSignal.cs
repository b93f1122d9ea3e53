namespace NeuroRT.Core.Threading;

/// <summary>
/// A manual-reset wake-up between one signalling thread and one waiting thread that never allocates,
/// not even the first time someone blocks (<see cref="ManualResetEventSlim"/> creates its lock object
/// lazily on the first blocking wait, which would land on the pipeline thread mid-run). Setting it
/// costs one interlocked exchange and takes the lock only when a waiter is blocked.
/// </summary>
public sealed class WakeSignal
{
    private readonly object _gate = new();
    private int _signaled;
    private int _waiters;

    /// <summary>Creates the signal, set or not.</summary>
    public WakeSignal(bool initiallySet = false) => _signaled = initiallySet ? 1 : 0;

    /// <summary>True when set.</summary>
    public bool IsSet => Volatile.Read(ref _signaled) != 0;

    /// <summary>Sets the signal and wakes a blocked waiter.</summary>
    public void Set()
    {
        // The exchange is a full fence: the waiter count read below cannot move before it, so a waiter
        // that checked the flag before this set is seen here (no lost wake-up).
        Interlocked.Exchange(ref _signaled, 1);
        if (Volatile.Read(ref _waiters) > 0)
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Clears the signal. A full fence, so a waiter's re-check of its condition after
    /// Reset cannot be read before the reset is visible to the signalling thread.</summary>
    public void Reset() => Interlocked.Exchange(ref _signaled, 0);

    /// <summary>Waits until set or <paramref name="timeoutMs"/> passes; true if set.</summary>
    public bool Wait(int timeoutMs)
    {
        if (IsSet) return true;
        lock (_gate)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                if (!IsSet) Monitor.Wait(_gate, timeoutMs);
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }
        return IsSet;
    }
}
