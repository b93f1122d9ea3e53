namespace NeuroRT.Plugins;

/// <summary>
/// One control command: what the pipeline decided for one frame. Passed by reference and valid only during
/// <see cref="ICommandOutput.Send"/>: copy <see cref="Values"/> if you keep them.
/// </summary>
public readonly struct Command
{
    /// <summary>Creates a command (the host does this; tests may too).</summary>
    public Command(string name, ReadOnlyMemory<float> values, float confidence, double timestamp, long sequence, double latencySeconds, long createdTicks)
    {
        Name = name;
        Values = values;
        Confidence = confidence;
        Timestamp = timestamp;
        Sequence = sequence;
        LatencySeconds = latencySeconds;
        CreatedTicks = createdTicks;
    }

    /// <summary>The command's name: the frame's highest-valued channel (the decoded class, e.g. "left"), or "none".</summary>
    public string Name { get; }

    /// <summary>The frame's values, in the order of <see cref="IPluginHost.ValueNames"/> (class scores, a control value...).</summary>
    public ReadOnlyMemory<float> Values { get; }

    /// <summary>The highest value of the frame (the decoded class's score); NaN when the frame has no values.</summary>
    public float Confidence { get; }

    /// <summary>Source timestamp, in seconds of the stream's clock (LSL time), of the newest sample this command depends on.</summary>
    public double Timestamp { get; }

    /// <summary>Sequence number of the command at this output, from 0; a gap means commands were dropped before reaching it.</summary>
    public long Sequence { get; }

    /// <summary>NeuroRT's latency so far: from the arrival of the newest sample to the hand-off to this output, in seconds.</summary>
    public double LatencySeconds { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the pipeline emitted the command (to add the plugin's own delay).</summary>
    public long CreatedTicks { get; }
}
