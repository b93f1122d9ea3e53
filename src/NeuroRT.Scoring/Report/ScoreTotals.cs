using NeuroRT.Scoring.Scoring;

namespace NeuroRT.Scoring.Report;

/// <summary>
/// Scores of several recordings pooled the way SzCORE reports a dataset: counts and durations are summed first and
/// the rates computed from the sums (not averaged per recording); the median delay is over every detected seizure.
/// </summary>
/// <param name="Recordings">Recordings pooled.</param>
/// <param name="Seconds">Total duration scored, s.</param>
/// <param name="ReferenceEvents">Reference events (after merging and splitting), summed.</param>
/// <param name="TruePositives">Detected reference events, summed.</param>
/// <param name="FalsePositives">False alarms, summed.</param>
/// <param name="Event">Event-based rates of the sums (false alarms per 24 h of the total duration).</param>
/// <param name="MedianDelay">Median detection delay over all detected seizures, s; NaN when none.</param>
/// <param name="Sample">Sample-based rates of the summed label counts.</param>
public sealed record ScoreTotals(int Recordings, double Seconds, int ReferenceEvents, int TruePositives, int FalsePositives, Rates Event, double MedianDelay, Rates Sample)
{
    /// <summary>Pools <paramref name="reports"/>.</summary>
    public static ScoreTotals Of(IReadOnlyList<ScoreReport> reports)
    {
        if (reports.Count == 0) throw new ArgumentException("no report to pool", nameof(reports));
        double seconds = 0, sampleSeconds = 0;
        int refs = 0, tp = 0, fp = 0;
        long sRef = 0, sTp = 0, sFp = 0;
        var delays = new List<double>();
        foreach (ScoreReport r in reports)
        {
            seconds += r.Event.Seconds;
            refs += r.Event.ReferenceEvents;
            tp += r.Event.TruePositives;
            fp += r.Event.FalsePositives;
            foreach (ScoredSeizure s in r.Event.Seizures)
            {
                if (s.Delay is { } d) delays.Add(d);
            }

            sampleSeconds += r.Sample.Samples / SampleScorer.DefaultRate;
            sRef += r.Sample.ReferenceSamples;
            sTp += r.Sample.TruePositives;
            sFp += r.Sample.FalsePositives;
        }

        return new ScoreTotals(reports.Count, seconds, refs, tp, fp, Rates.Of(tp, fp, refs, seconds), Median.Of(delays), Rates.Of(sTp, sFp, sRef, sampleSeconds));
    }
}
