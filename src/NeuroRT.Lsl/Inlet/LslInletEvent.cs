namespace NeuroRT.Lsl.Inlet;

/// <summary>What happened to an inlet's connection.</summary>
public enum LslInletEventKind
{
    /// <summary>The feed ended or broke; the inlet is recovering (or gave up, see <see cref="LslInlet.State"/>).</summary>
    Lost,
    /// <summary>Data flows again (same outlet, or a restarted one found by source_id).</summary>
    Recovered,
}

/// <summary>
/// A connection event with the gap it left: for <see cref="LslInletEventKind.Recovered"/>, the time between the
/// last sample before and the first after (in the stream's timestamps), and for regular streams the samples
/// that would have filled it.
/// </summary>
public sealed record LslInletEvent(LslInletEventKind Kind, string Stream, string Reason, double OutageSeconds, double GapSeconds, long SamplesLost, bool NewOutlet)
{
    /// <summary>One line for logs and status displays.</summary>
    public override string ToString() => Kind == LslInletEventKind.Lost
        ? $"stream {Stream} lost: {Reason}"
        : $"stream {Stream} recovered after {OutageSeconds:0.00} s{(NewOutlet ? " (restarted outlet)" : "")}: gap {GapSeconds:0.000} s, {SamplesLost} samples lost";
}
