using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>
/// Tells someone about an alarm or offset that is already in the alarm log. Runs on a thread of its own, never
/// the command path. Throwing means failure: the announcement is retried with backoff, then recorded as failed.
/// </summary>
public interface IAlarmAnnouncer : IDisposable
{
    /// <summary>Short name for counters and the log ("console", "lsl", "exec").</summary>
    string Name { get; }

    /// <summary>Announces one event; <paramref name="cancel"/> fires when the plugin closes and can wait no longer.</summary>
    void Announce(AlarmEvent alarm, CancellationToken cancel);
}
