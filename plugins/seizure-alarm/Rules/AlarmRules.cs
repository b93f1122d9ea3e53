namespace NeuroRT.Plugins.SeizureAlarm.Rules;

/// <summary>
/// The alarm rules, in detector units and stream seconds. A detection is <em>armed</em> from the first value
/// at or above <see cref="Threshold"/> until the first value below <see cref="Release"/>; it becomes an alarm once
/// armed for <see cref="Confirm"/> seconds of source time; no new onset is accepted for <see cref="Refractory"/>
/// seconds after an alarm's offset.
/// </summary>
public sealed record AlarmRules(double Threshold, double Release, double Confirm, double Refractory)
{
    /// <summary>Checks the rules; returns the parameter key and the problem, or null when they hold.</summary>
    public (string Key, string Message)? Problem()
    {
        if (!double.IsFinite(Threshold)) return ("threshold", $"threshold must be a finite number, got {Threshold}");
        if (!double.IsFinite(Release)) return ("release", $"release must be a finite number, got {Release}");
        if (Release > Threshold) return ("release", $"release ({Release}) must not be above threshold ({Threshold}): the alarm is armed at threshold and cleared below release");
        if (!(Confirm >= 0) || double.IsInfinity(Confirm)) return ("confirm", $"confirm must be a duration >= 0 s, got {Confirm}");
        if (!(Refractory >= 0) || double.IsInfinity(Refractory)) return ("refractory", $"refractory must be a duration >= 0 s, got {Refractory}");
        return null;
    }
}
