using NeuroRT.Plugins.SeizureAlarm.Announcing;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Output;

/// <summary>Records what it is given, and what the log file held at that moment.</summary>
public sealed class RecordingAnnouncer(string logPath) : IAlarmAnnouncer
{
    private readonly Lock _gate = new();
    private readonly List<(AlarmEvent Event, bool InLog)> _seen = [];

    /// <summary>Blocks each announcement until set (to simulate a slow announcer).</summary>
    public ManualResetEventSlim Gate { get; } = new(true);

    /// <summary>Failures to produce before succeeding (each attempt counts).</summary>
    public int FailFirst { get; set; }

    public int Attempts { get; private set; }

    public string Name => "recording";

    public (AlarmEvent Event, bool InLog)[] Seen
    {
        get { lock (_gate) return _seen.ToArray(); }
    }

    public void Announce(AlarmEvent alarm, CancellationToken cancel)
    {
        Gate.Wait(cancel);
        Attempts++;
        if (Attempts <= FailFirst) throw new InvalidOperationException($"failure {Attempts} on purpose");
        // The guarantee under test: the line is already in the file (complete, with its newline) when an announcer runs.
        bool inLog = File.ReadAllText(logPath).Contains(alarm.Line + "\n", StringComparison.Ordinal);
        lock (_gate) _seen.Add((alarm, inLog));
    }

    public void Dispose()
    {
    }
}
