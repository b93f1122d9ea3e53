using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Tests.Support;

/// <summary>Short constructors for hand-made event lists.</summary>
internal static class Ev
{
    public static SeizureEvent E(double onset, double offset, string origin = "test") => new(onset, offset, origin);

    public static SeizureEvent[] List(params (double Onset, double Offset)[] events)
    {
        var list = new SeizureEvent[events.Length];
        for (int i = 0; i < events.Length; i++) list[i] = new SeizureEvent(events[i].Onset, events[i].Offset, $"test:{i + 1}");
        return list;
    }

    public static readonly SeizureEvent[] None = [];
}
