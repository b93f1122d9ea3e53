namespace NeuroRT.Lsl.Diagnostics;

/// <summary>Severity of an LSL log line.</summary>
public enum LslLogLevel
{
    /// <summary>Routine events (connections, recoveries).</summary>
    Info,
    /// <summary>Something went wrong but was handled (a bad peer dropped, a stream lost).</summary>
    Warning,
}

/// <summary>Where LSL components report what happened on the network (one line per event).</summary>
public interface ILslLog
{
    /// <summary>Writes one line.</summary>
    void Write(LslLogLevel level, string message);
}

/// <summary>Logs to standard error, warnings only unless <see cref="Verbose"/> (the default for the library).</summary>
public sealed class StderrLslLog : ILslLog
{
    /// <summary>The shared instance.</summary>
    public static readonly StderrLslLog Instance = new();

    /// <summary>Also print informational lines.</summary>
    public bool Verbose { get; set; }

    /// <inheritdoc />
    public void Write(LslLogLevel level, string message)
    {
        if (level == LslLogLevel.Info && !Verbose) return;
        Console.Error.WriteLine($"lsl: {(level == LslLogLevel.Warning ? "warning: " : "")}{message}");
    }
}
