using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Scoring;

/// <summary>
/// The two rewrites SzCORE applies to both the reference and the hypothesis before they are compared: close events are
/// merged, then long events are split (in that order, as timescoring does).
/// </summary>
public static class EventPreparation
{
    /// <summary>
    /// Sorts by onset and merges every event whose onset is less than <paramref name="minGap"/> seconds after the end of
    /// the event before it (a gap of exactly <paramref name="minGap"/> is not merged). Overlapping events are merged too.
    /// The merged event keeps the origins of its parts, joined by ", ".
    /// </summary>
    public static List<SeizureEvent> Merge(IEnumerable<SeizureEvent> events, double minGap)
    {
        var sorted = new List<SeizureEvent>(events);
        sorted.Sort(static (a, b) => a.Onset != b.Onset ? a.Onset.CompareTo(b.Onset) : a.Offset.CompareTo(b.Offset));
        var merged = new List<SeizureEvent>(sorted.Count);
        foreach (SeizureEvent e in sorted)
        {
            if (merged.Count > 0 && e.Onset - merged[^1].Offset < minGap)
            {
                SeizureEvent last = merged[^1];
                // Max, not the later event's offset: an event nested in the previous one must not shorten it.
                merged[^1] = new SeizureEvent(last.Onset, Math.Max(last.Offset, e.Offset), last.Origin + ", " + e.Origin);
            }
            else
            {
                merged.Add(e);
            }
        }

        return merged;
    }

    /// <summary>
    /// Cuts every event longer than <paramref name="maxDuration"/> into consecutive pieces of exactly
    /// <paramref name="maxDuration"/> from its onset, and the remainder (a 301 s event: 300 s + 1 s; 900 s: 3 x 300 s;
    /// exactly 300 s stays whole). Each piece is scored as an event of its own; its origin says "part k of n".
    /// </summary>
    public static List<SeizureEvent> Split(IReadOnlyList<SeizureEvent> events, double maxDuration)
    {
        var split = new List<SeizureEvent>(events.Count);
        foreach (SeizureEvent e in events)
        {
            if (e.Duration <= maxDuration)
            {
                split.Add(e);
                continue;
            }

            int pieces = 0;
            for (double start = e.Onset; e.Offset - start > maxDuration; start += maxDuration) pieces++;
            pieces++;
            double onset = e.Onset;
            for (int k = 1; k <= pieces; k++)
            {
                double offset = k < pieces ? onset + maxDuration : e.Offset;
                split.Add(new SeizureEvent(onset, offset, $"{e.Origin} (part {k} of {pieces})"));
                onset = offset;
            }
        }

        return split;
    }
}
