using NeuroRT.Scoring.Events;
using NeuroRT.Scoring.Readers;

namespace NeuroRT.Scoring.Scoring;

/// <summary>Checks events against the scored recording before scoring, so a wrong file is named rather than scored.</summary>
internal static class EventChecks
{
    public static void Duration(double seconds)
    {
        if (!(seconds > 0) || !double.IsFinite(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"the scored duration must be a positive number of seconds, not {seconds}");
    }

    /// <summary>
    /// The events, with an offset past the recording's end cut there; an event that starts before 0 or at/after the end,
    /// or ends before it starts, is refused with its origin.
    /// </summary>
    public static List<SeizureEvent> Clip(IReadOnlyList<SeizureEvent> events, double seconds, string role)
    {
        var clipped = new List<SeizureEvent>(events.Count);
        foreach (SeizureEvent e in events)
        {
            if (!double.IsFinite(e.Onset) || !double.IsFinite(e.Offset) || e.Offset < e.Onset)
                throw new ScoringInputException($"{e.Origin}: {role} event from {e.Onset} s to {e.Offset} s is not an interval (the end must be a number at or after the start)");
            if (e.Onset < 0)
                throw new ScoringInputException($"{e.Origin}: {role} event starts at {e.Onset} s, before the recording start (times are seconds from the recording start)");
            if (e.Onset >= seconds)
                throw new ScoringInputException($"{e.Origin}: {role} event starts at {e.Onset} s, at or after the end of the {seconds} s recording (wrong recording, or a wrong --duration?)");
            clipped.Add(e.Offset > seconds ? e with { Offset = seconds } : e);
        }

        return clipped;
    }
}
