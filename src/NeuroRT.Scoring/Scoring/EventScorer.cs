using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Scoring;

/// <summary>
/// SzCORE event-based scoring (any overlap with tolerances). Steps, as in timescoring:
/// 1. both lists: merge events less than <see cref="EventScoringParameters.MinGap"/> apart, then split events longer
///    than <see cref="EventScoringParameters.MaxEventDuration"/>;
/// 2. each reference event, widened by the tolerances (and cut at the recording's edges), is detected (a true positive)
///    when any hypothesis sample falls in it;
/// 3. each hypothesis event that has no sample inside the widened window of a detected reference event is a false alarm.
/// Overlaps are decided on a grid of <see cref="EventScoringParameters.GridRate"/> samples per second: an interval
/// [a, b) covers grid samples round(a r) .. round(b r) - 1 (round half to even, as Python's round).
/// </summary>
public static class EventScorer
{
    /// <summary>Scores <paramref name="hypothesis"/> against <paramref name="reference"/> over a recording of <paramref name="seconds"/> s.</summary>
    /// <exception cref="Readers.ScoringInputException">An event lies outside the recording.</exception>
    public static EventScore Score(IReadOnlyList<SeizureEvent> reference, IReadOnlyList<SeizureEvent> hypothesis, double seconds, EventScoringParameters? parameters = null)
    {
        EventScoringParameters p = parameters ?? EventScoringParameters.SzCore;
        p.Validate();
        EventChecks.Duration(seconds);
        List<SeizureEvent> rawReference = EventChecks.Clip(reference, seconds, "reference");
        List<SeizureEvent> rawHypothesis = EventChecks.Clip(hypothesis, seconds, "hypothesis");
        rawHypothesis.Sort(static (a, b) => a.Onset.CompareTo(b.Onset));

        List<SeizureEvent> refs = EventPreparation.Split(EventPreparation.Merge(rawReference, p.MinGap), p.MaxEventDuration);
        List<SeizureEvent> hyps = EventPreparation.Split(EventPreparation.Merge(rawHypothesis, p.MinGap), p.MaxEventDuration);

        double rate = p.GridRate;
        int n = (int)Math.Round(seconds * rate, MidpointRounding.ToEven);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"the scored duration {seconds} s is shorter than one step of the {1 / rate} s grid");
        double scoredSeconds = n / rate;
        var hypMask = new bool[n];
        foreach (SeizureEvent h in hyps)
        {
            (int from, int to) = Span(h.Onset, h.Offset, rate, n);
            hypMask.AsSpan(from, to - from).Fill(true);
        }

        var detectedMask = new bool[n];
        var seizures = new List<ScoredSeizure>(refs.Count);
        var delays = new List<double>();
        int truePositives = 0;
        foreach (SeizureEvent r in refs)
        {
            double windowStart = Math.Max(0, r.Onset - p.ToleranceBefore);
            double windowEnd = Math.Min(scoredSeconds, r.Offset + p.ToleranceAfter);
            (int from, int to) = Window(windowStart, windowEnd, rate, n);
            bool detected = hypMask.AsSpan(from, to - from).Contains(true);
            double? delay = null;
            if (detected)
            {
                truePositives++;
                detectedMask.AsSpan(from, to - from).Fill(true);
                delay = FirstAlarmTime(rawHypothesis, hyps, windowStart, from, to, rate, n) - r.Onset;
                delays.Add(delay.Value);
            }

            seizures.Add(new ScoredSeizure(r.Onset, r.Offset, r.Origin, detected, delay));
        }

        var alarms = new List<ScoredAlarm>(hyps.Count);
        int falsePositives = 0;
        foreach (SeizureEvent h in hyps)
        {
            (int from, int to) = Span(h.Onset, h.Offset, rate, n);
            bool falseAlarm = !detectedMask.AsSpan(from, to - from).Contains(true);
            if (falseAlarm) falsePositives++;
            alarms.Add(new ScoredAlarm(h.Onset, h.Offset, h.Origin, falseAlarm));
        }

        return new EventScore(
            scoredSeconds, refs.Count, hyps.Count, truePositives, falsePositives,
            Rates.Of(truePositives, falsePositives, refs.Count, scoredSeconds),
            Median.Of(delays), seizures, alarms);
    }

    /// <summary>
    /// Grid samples covered by an event. An event shorter than one grid step (an instantaneous alarm) still covers the
    /// step it starts in, so that it can be a detection or a false alarm rather than vanish.
    /// </summary>
    internal static (int From, int To) Span(double onset, double offset, double rate, int n)
    {
        int from = Math.Min(Index(onset, rate), n - 1);
        int to = Math.Min(Math.Max(Index(offset, rate), from + 1), n);
        return (from, to);
    }

    private static (int From, int To) Window(double start, double end, double rate, int n)
    {
        int from = Math.Min(Index(start, rate), n);
        int to = Math.Max(Math.Min(Index(end, rate), n), from);
        return (from, to);
    }

    private static int Index(double t, double rate) => (int)Math.Round(t * rate, MidpointRounding.ToEven);

    /// <summary>
    /// The first instant an alarm is on inside a detected window: the earliest onset, cut at the window's start, of the
    /// alarms as logged (before merging, so a merged-in earlier alarm does not make the delay look earlier than any alarm
    /// inside the window). Falls back to the merged events when only a merged gap reaches into the window.
    /// </summary>
    private static double FirstAlarmTime(List<SeizureEvent> raw, List<SeizureEvent> scored, double windowStart, int from, int to, double rate, int n)
    {
        double first = FirstInside(raw, from, to, rate, n);
        if (double.IsNaN(first)) first = FirstInside(scored, from, to, rate, n);
        return Math.Max(first, windowStart);
    }

    private static double FirstInside(List<SeizureEvent> sortedByOnset, int from, int to, double rate, int n)
    {
        foreach (SeizureEvent h in sortedByOnset)
        {
            (int a, int b) = Span(h.Onset, h.Offset, rate, n);
            if (a < to && b > from) return h.Onset;
        }

        return double.NaN;
    }
}
