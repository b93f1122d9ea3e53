namespace NeuroRT.Plugins.SeizureAlarm.Log;

/// <summary>Kind of an alarm-log line.</summary>
public enum AlarmEventKind
{
    /// <summary>An alarm was raised (at its confirmation time).</summary>
    Alarm,

    /// <summary>A raised alarm's event ended.</summary>
    Offset,
}

/// <summary>
/// One alarm or offset, as written to the alarm log and then given to the announcers. Times are source
/// timestamps in seconds (the stream's clock); <see cref="Wall"/> is the UTC wall time the line was written.
/// </summary>
public sealed record AlarmEvent
{
    /// <summary>Alarm or offset.</summary>
    public required AlarmEventKind Kind { get; init; }

    /// <summary>The alarm's sequence number (from 1, continued across runs from the log).</summary>
    public required long Sequence { get; init; }

    /// <summary>First timestamp at or above threshold.</summary>
    public required double Onset { get; init; }

    /// <summary>Timestamp at which the alarm was raised.</summary>
    public required double Confirmed { get; init; }

    /// <summary>First timestamp below release (offsets only; NaN for an alarm).</summary>
    public double Offset { get; init; } = double.NaN;

    /// <summary>Highest value from the onset to this line.</summary>
    public required float Peak { get; init; }

    /// <summary>UTC wall time when the line was written.</summary>
    public required DateTime Wall { get; init; }

    /// <summary>The output's name in the pipeline file.</summary>
    public required string Output { get; init; }

    /// <summary>What was read: the value's name, or the class.</summary>
    public required string Source { get; init; }

    /// <summary>The line as written to the log (without the newline).</summary>
    public string Line { get; init; } = "";

    /// <summary>"alarm" or "offset", as in the log.</summary>
    public string KindName => Kind == AlarmEventKind.Alarm ? "alarm" : "offset";
}
