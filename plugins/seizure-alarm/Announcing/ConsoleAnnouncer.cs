using System.Globalization;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>One clear line per alarm and offset on standard output (or the given writer).</summary>
public sealed class ConsoleAnnouncer(TextWriter? writer = null) : IAlarmAnnouncer
{
    /// <inheritdoc />
    public string Name => "console";

    /// <summary>The line for an event, e.g. <c>SEIZURE ALARM #3 (alarm): onset 1200.000 s, confirmed 1210.000 s (+10.000 s), peak 0.93 [2026-...Z]</c>.</summary>
    public static string Text(AlarmEvent e) => e.Kind == AlarmEventKind.Alarm
        ? string.Create(CultureInfo.InvariantCulture, $"SEIZURE ALARM #{e.Sequence} ({e.Output}): onset {e.Onset:0.000} s, confirmed {e.Confirmed:0.000} s (+{e.Confirmed - e.Onset:0.000} s), peak {e.Peak:0.###} [{AlarmLine.Wall(e.Wall)}]")
        : string.Create(CultureInfo.InvariantCulture, $"seizure alarm #{e.Sequence} ended ({e.Output}): offset {e.Offset:0.000} s, lasted {e.Offset - e.Onset:0.000} s from onset, peak {e.Peak:0.###} [{AlarmLine.Wall(e.Wall)}]");

    /// <inheritdoc />
    public void Announce(AlarmEvent alarm, CancellationToken cancel)
    {
        var output = writer ?? Console.Out;
        output.WriteLine(Text(alarm));
        output.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
