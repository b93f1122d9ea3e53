namespace NeuroRT.Scoring.Scoring;

/// <summary>One scored reference event (a seizure, or a piece of a split one) and whether and when it was detected.</summary>
/// <param name="Onset">Start of the scored event, s.</param>
/// <param name="Offset">End of the scored event, s.</param>
/// <param name="Origin">Where its annotation(s) came from.</param>
/// <param name="Detected">Some hypothesis event overlaps [onset - tolerance before, offset + tolerance after].</param>
/// <param name="Delay">
/// Detection delay, s: the first instant an alarm is on inside that window, minus <paramref name="Onset"/> (so it is at
/// least minus the tolerance before the onset); null when not detected.
/// </param>
public sealed record ScoredSeizure(double Onset, double Offset, string Origin, bool Detected, double? Delay);

/// <summary>One scored hypothesis event (alarms after merging and splitting) and whether it is a false alarm.</summary>
/// <param name="Onset">Start, s.</param>
/// <param name="Offset">End, s.</param>
/// <param name="Origin">The alarm(s) it was made of.</param>
/// <param name="FalseAlarm">It overlaps no detected reference event's tolerance window.</param>
public sealed record ScoredAlarm(double Onset, double Offset, string Origin, bool FalseAlarm);

/// <summary>The event-based score (SzCORE any-overlap).</summary>
/// <param name="Seconds">Duration scored, s (the recording's, on the 0.1 s grid).</param>
/// <param name="ReferenceEvents">Reference events after merging and splitting.</param>
/// <param name="HypothesisEvents">Hypothesis events after merging and splitting.</param>
/// <param name="TruePositives">Reference events detected.</param>
/// <param name="FalsePositives">Hypothesis events that are false alarms.</param>
/// <param name="Rates">Sensitivity, precision, F1 and false alarms per 24 h.</param>
/// <param name="MedianDelay">Median detection delay of the detected events, s; NaN when none was detected.</param>
/// <param name="Seizures">Every scored reference event, by onset.</param>
/// <param name="Alarms">Every scored hypothesis event, by onset.</param>
public sealed record EventScore(
    double Seconds,
    int ReferenceEvents,
    int HypothesisEvents,
    int TruePositives,
    int FalsePositives,
    Rates Rates,
    double MedianDelay,
    IReadOnlyList<ScoredSeizure> Seizures,
    IReadOnlyList<ScoredAlarm> Alarms)
{
    /// <summary>Reference events not detected.</summary>
    public int FalseNegatives => ReferenceEvents - TruePositives;
}

/// <summary>The sample-based score (every 1 s label compared on its own).</summary>
/// <param name="Samples">Labels compared (the recording's duration in seconds, rounded).</param>
/// <param name="ReferenceSamples">Labels inside a reference event.</param>
/// <param name="TruePositives">Labels inside both a reference and a hypothesis event.</param>
/// <param name="FalsePositives">Labels inside a hypothesis event only.</param>
/// <param name="Rates">Sensitivity, precision, F1 and false-positive labels (seconds of false alarm) per 24 h.</param>
public sealed record SampleScore(long Samples, long ReferenceSamples, long TruePositives, long FalsePositives, Rates Rates);
