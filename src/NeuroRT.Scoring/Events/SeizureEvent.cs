namespace NeuroRT.Scoring.Events;

/// <summary>
/// One seizure (reference) or one alarm (hypothesis): an interval in seconds from the start of the scored recording.
/// </summary>
/// <param name="Onset">Start, seconds from the recording start.</param>
/// <param name="Offset">End, seconds from the recording start (&gt;= <paramref name="Onset"/>).</param>
/// <param name="Origin">Where it was read (<c>file:line</c>, or <c>file: annotation N</c>), quoted in messages and reports.</param>
public readonly record struct SeizureEvent(double Onset, double Offset, string Origin)
{
    /// <summary>Offset minus onset, seconds.</summary>
    public double Duration => Offset - Onset;
}
