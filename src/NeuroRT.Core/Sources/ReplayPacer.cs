using NeuroRT.Core.Time;

namespace NeuroRT.Core.Sources;

/// <summary>
/// Holds a replay to its timeline: sample time t (seconds from the start of the data) is released
/// at start + t / speed on the local clock. Sleeps rather than spins, so a replay costs no CPU between
/// chunks; on Linux the wake-up is late by well under a millisecond.
/// </summary>
public sealed class ReplayPacer
{
    private readonly double _speed;
    private long _startTicks;

    /// <summary>Creates a pacer for <paramref name="speed"/> (0 = do not wait at all).</summary>
    public ReplayPacer(double speed)
    {
        if (double.IsNaN(speed) || speed < 0) throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be >= 0 (0 = as fast as possible)");
        _speed = speed;
    }

    /// <summary>Marks now as data time 0.</summary>
    public void Start() => _startTicks = LocalClock.Ticks;

    /// <summary>Waits until data time <paramref name="dataSeconds"/> is due. Returns false if cancelled.</summary>
    public bool WaitUntil(double dataSeconds, CancellationToken cancel)
    {
        if (_speed == 0) return !cancel.IsCancellationRequested;
        long due = _startTicks + LocalClock.FromSeconds(dataSeconds / _speed);
        while (true)
        {
            if (cancel.IsCancellationRequested) return false;
            long remaining = due - LocalClock.Ticks;
            if (remaining <= 0) return true;
            int ms = (int)Math.Min(100, Math.Max(1, remaining * 1000 / LocalClock.Frequency));
            if (cancel.WaitHandle.WaitOne(ms)) return false;
        }
    }
}
