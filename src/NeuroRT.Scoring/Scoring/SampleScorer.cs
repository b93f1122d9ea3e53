using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Scoring;

/// <summary>
/// SzCORE sample-based scoring: the recording is cut into labels of 1 s (1 Hz), each label is seizure in the reference
/// and/or in the hypothesis, and labels are counted like samples. No merging, splitting or tolerance. An interval
/// [a, b) covers labels round(a) .. round(b) - 1 (round half to even), as timescoring does.
/// </summary>
public static class SampleScorer
{
    /// <summary>Labels per second (SzCORE: 1 Hz).</summary>
    public const double DefaultRate = 1;

    /// <summary>Scores <paramref name="hypothesis"/> against <paramref name="reference"/> label by label over <paramref name="seconds"/> s.</summary>
    public static SampleScore Score(IReadOnlyList<SeizureEvent> reference, IReadOnlyList<SeizureEvent> hypothesis, double seconds, double rate = DefaultRate)
    {
        EventChecks.Duration(seconds);
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "the label rate must be positive");
        int n = (int)Math.Round(seconds * rate, MidpointRounding.ToEven);
        bool[] refMask = Mask(EventChecks.Clip(reference, seconds, "reference"), rate, n);
        bool[] hypMask = Mask(EventChecks.Clip(hypothesis, seconds, "hypothesis"), rate, n);
        long refTrue = 0, tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            if (refMask[i]) refTrue++;
            if (hypMask[i])
            {
                if (refMask[i]) tp++;
                else fp++;
            }
        }

        return new SampleScore(n, refTrue, tp, fp, Rates.Of(tp, fp, refTrue, n / rate));
    }

    private static bool[] Mask(List<SeizureEvent> events, double rate, int n)
    {
        var mask = new bool[n];
        foreach (SeizureEvent e in events)
        {
            int from = Math.Min((int)Math.Round(e.Onset * rate, MidpointRounding.ToEven), n);
            int to = Math.Min((int)Math.Round(e.Offset * rate, MidpointRounding.ToEven), n);
            if (to > from) mask.AsSpan(from, to - from).Fill(true);
        }

        return mask;
    }
}
