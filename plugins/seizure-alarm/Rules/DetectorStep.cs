namespace NeuroRT.Plugins.SeizureAlarm.Rules;

/// <summary>What one detector value did to the alarm state.</summary>
public enum DetectorStep
{
    /// <summary>No change worth reporting.</summary>
    None,

    /// <summary>A value at or above threshold started a candidate event (not yet an alarm).</summary>
    Armed,

    /// <summary>The candidate stayed armed for the confirmation time: an alarm is raised now.</summary>
    Raised,

    /// <summary>A raised alarm's detection fell below release: the event ended (its offset).</summary>
    Ended,

    /// <summary>A candidate fell below release (or lost its value) before confirmation: discarded, no alarm.</summary>
    Discarded,

    /// <summary>A value at or above threshold inside the refractory period: no candidate started.</summary>
    Suppressed,

    /// <summary>The value was NaN, infinite or absent: ignored (a candidate is discarded, a raised alarm stays).</summary>
    Missing,

    /// <summary>The timestamp was not finite or went back in time: the command was ignored entirely.</summary>
    RejectedTimestamp,
}
