using NeuroRT.Plugins.SeizureAlarm.Harness;

namespace NeuroRT.Plugins.SeizureAlarm.Tests;

/// <summary>Sends detector values (background, seizure) as commands at 4 Hz of source time.</summary>
public sealed class Feeder(ICommandOutput output)
{
    private readonly float[] _values = new float[2];
    private long _sequence;

    public double Time { get; set; }

    public static RecordingHost Host(string directory) => new(directory, "background", "seizure");

    /// <summary>Sends <paramref name="seizure"/> for <paramref name="seconds"/> seconds (one command per 0.25 s).</summary>
    public Feeder Hold(float seizure, double seconds)
    {
        for (double end = Time + seconds; Time < end; Time += 0.25) Send(seizure, Time);
        return this;
    }

    public void Send(float seizure, double timestamp)
    {
        _values[0] = 1 - seizure;
        _values[1] = seizure;
        output.Send(new Command(seizure >= 0.5 ? "seizure" : "background", _values, Math.Max(seizure, 1 - seizure), timestamp, _sequence++, 0, 0));
    }
}
