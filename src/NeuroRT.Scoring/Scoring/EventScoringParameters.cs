namespace NeuroRT.Scoring.Scoring;

/// <summary>
/// The rules of event-based scoring. The defaults are SzCORE's (Dan et al., Epilepsia 2025), which are the defaults of
/// its reference implementation, the <c>timescoring</c> library: see docs/scoring.md for what each one does exactly.
/// </summary>
public sealed record EventScoringParameters
{
    /// <summary>SzCORE's parameters.</summary>
    public static EventScoringParameters SzCore { get; } = new();

    /// <summary>Seconds before a reference onset in which an alarm still counts as overlapping the seizure (30).</summary>
    public double ToleranceBefore { get; init; } = 30;

    /// <summary>Seconds after a reference offset in which an alarm still counts as overlapping the seizure (60).</summary>
    public double ToleranceAfter { get; init; } = 60;

    /// <summary>Events (of either list) whose gap (next onset minus previous offset) is below this are merged into one (90 s).</summary>
    public double MinGap { get; init; } = 90;

    /// <summary>Events longer than this are cut into pieces of this length, and a shorter last piece (300 s).</summary>
    public double MaxEventDuration { get; init; } = 300;

    /// <summary>Time grid of the overlap test, in samples per second (10: overlaps are decided to 0.1 s, as timescoring does).</summary>
    public double GridRate { get; init; } = 10;

    /// <summary>Throws when a value is not usable, naming it.</summary>
    public void Validate()
    {
        Check(ToleranceBefore >= 0 && double.IsFinite(ToleranceBefore), nameof(ToleranceBefore), ToleranceBefore);
        Check(ToleranceAfter >= 0 && double.IsFinite(ToleranceAfter), nameof(ToleranceAfter), ToleranceAfter);
        Check(MinGap >= 0 && double.IsFinite(MinGap), nameof(MinGap), MinGap);
        Check(MaxEventDuration > 0, nameof(MaxEventDuration), MaxEventDuration);
        Check(GridRate > 0 && double.IsFinite(GridRate), nameof(GridRate), GridRate);
    }

    private static void Check(bool ok, string name, double value)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"event scoring parameter {name} = {value} is out of range");
    }
}
