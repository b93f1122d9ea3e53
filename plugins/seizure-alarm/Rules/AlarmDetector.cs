namespace NeuroRT.Plugins.SeizureAlarm.Rules;

/// <summary>State of the <see cref="AlarmDetector"/>.</summary>
public enum DetectorState
{
    /// <summary>No detection (possibly inside a refractory period).</summary>
    Idle,

    /// <summary>Armed, waiting for the confirmation time.</summary>
    Candidate,

    /// <summary>An alarm was raised; waiting for its offset.</summary>
    Raised,
}

/// <summary>
/// The alarm rules as a state machine over (source timestamp, value) pairs. Time is the commands' own
/// timestamps, never the wall clock, so a recording replayed at any speed gives the same alarms. Pure: no
/// threads, no I/O, no allocation.
/// <list type="bullet">
/// <item>Idle: a value &gt;= threshold at a time &gt;= the end of the refractory period arms a candidate; its
/// onset is that timestamp. Inside the refractory period it is <see cref="DetectorStep.Suppressed"/>.</item>
/// <item>Candidate: a value &lt; release (or a missing value) discards it; otherwise the peak is updated and the
/// first value whose timestamp is &gt;= onset + confirm raises the alarm (its confirmation time is that
/// timestamp). With confirm = 0 the onset value itself raises it.</item>
/// <item>Raised: the peak is updated until the first value &lt; release, whose timestamp is the offset; the
/// refractory period runs from the offset. Missing values neither end nor extend the event.</item>
/// <item>Timestamps: a command whose timestamp is not finite or is earlier than the last accepted one is
/// rejected (changes nothing); equal timestamps are accepted.</item>
/// </list>
/// </summary>
public sealed class AlarmDetector
{
    private readonly AlarmRules _rules;
    private double _last = double.NegativeInfinity;
    private double _refractoryUntil = double.NegativeInfinity;

    /// <summary>Creates the detector (the rules must be valid: see <see cref="AlarmRules.Problem"/>).</summary>
    public AlarmDetector(AlarmRules rules)
    {
        if (rules.Problem() is { } problem) throw new ArgumentException(problem.Message, nameof(rules));
        _rules = rules;
    }

    /// <summary>The rules.</summary>
    public AlarmRules Rules => _rules;

    /// <summary>Current state.</summary>
    public DetectorState State { get; private set; }

    /// <summary>Onset of the current candidate or alarm (the first timestamp at or above threshold).</summary>
    public double Onset { get; private set; } = double.NaN;

    /// <summary>Confirmation time of the current (or last) alarm: when it was raised.</summary>
    public double Confirmed { get; private set; } = double.NaN;

    /// <summary>Highest value since the onset of the current (or last) event.</summary>
    public float Peak { get; private set; } = float.NaN;

    /// <summary>Offset of the last ended alarm (the first timestamp below release).</summary>
    public double Offset { get; private set; } = double.NaN;

    /// <summary>Onsets are accepted again from this source time (the last offset plus the refractory period).</summary>
    public double RefractoryUntil => _refractoryUntil;

    /// <summary>Feeds one detector value at its source timestamp.</summary>
    public DetectorStep Step(double timestamp, float value)
    {
        if (!double.IsFinite(timestamp) || timestamp < _last) return DetectorStep.RejectedTimestamp;
        _last = timestamp;
        if (!float.IsFinite(value))
        {
            // A missing value is no evidence of a seizure: it cannot confirm a candidate, and it cannot end one either.
            if (State == DetectorState.Candidate) State = DetectorState.Idle;
            return DetectorStep.Missing;
        }

        switch (State)
        {
            case DetectorState.Idle:
                if (value < _rules.Threshold) return DetectorStep.None;
                if (timestamp < _refractoryUntil) return DetectorStep.Suppressed;
                State = DetectorState.Candidate;
                Onset = timestamp;
                Peak = value;
                Confirmed = double.NaN;
                Offset = double.NaN;
                return Confirm(timestamp) ? DetectorStep.Raised : DetectorStep.Armed;

            case DetectorState.Candidate:
                if (value < _rules.Release)
                {
                    State = DetectorState.Idle;
                    return DetectorStep.Discarded;
                }

                if (value > Peak) Peak = value;
                return Confirm(timestamp) ? DetectorStep.Raised : DetectorStep.None;

            default:
                if (value < _rules.Release)
                {
                    State = DetectorState.Idle;
                    Offset = timestamp;
                    _refractoryUntil = timestamp + _rules.Refractory;
                    return DetectorStep.Ended;
                }

                if (value > Peak) Peak = value;
                return DetectorStep.None;
        }
    }

    private bool Confirm(double timestamp)
    {
        if (timestamp - Onset < _rules.Confirm) return false;
        State = DetectorState.Raised;
        Confirmed = timestamp;
        return true;
    }
}
