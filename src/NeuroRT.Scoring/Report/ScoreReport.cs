using NeuroRT.Scoring.Events;
using NeuroRT.Scoring.Scoring;

namespace NeuroRT.Scoring.Report;

/// <summary>Both SzCORE scores of one hypothesis file against one reference file.</summary>
/// <param name="Reference">The reference file as read.</param>
/// <param name="Hypothesis">The hypothesis file as read.</param>
/// <param name="Duration">The recording's duration scored, s.</param>
/// <param name="DurationSource">Where the duration came from (an option, the recording, the reference file).</param>
/// <param name="Event">Event-based score.</param>
/// <param name="Sample">Sample-based score (1 Hz).</param>
public sealed record ScoreReport(EventFile Reference, EventFile Hypothesis, double Duration, string DurationSource, EventScore Event, SampleScore Sample)
{
    /// <summary>Scores <paramref name="hypothesis"/> against <paramref name="reference"/> both ways.</summary>
    public static ScoreReport Create(EventFile reference, EventFile hypothesis, double duration, string durationSource, EventScoringParameters? parameters = null) =>
        new(reference, hypothesis, duration, durationSource,
            EventScorer.Score(reference.Events, hypothesis.Events, duration, parameters),
            SampleScorer.Score(reference.Events, hypothesis.Events, duration));
}
