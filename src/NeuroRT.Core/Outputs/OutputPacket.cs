using NeuroRT.Core.Blocks;
using NeuroRT.Core.Time;

namespace NeuroRT.Core.Outputs;

/// <summary>
/// Frames handed from the pipeline thread to one output: a pooled copy of a node's output block,
/// stamped with the moment it was emitted. Packets are recycled; an output must not keep one.
/// </summary>
public sealed class OutputPacket
{
    internal OutputPacket(SampleBlock frames) => Frames = frames;

    /// <summary>The frames, with their source timestamps, running indices and arrival times.</summary>
    public SampleBlock Frames { get; }

    /// <summary>Command sequence number of the first frame (counts every frame the port emitted, dropped ones too).</summary>
    public long FirstSequence { get; internal set; }

    /// <summary>Local clock ticks when the pipeline thread emitted the packet.</summary>
    public long EmittedTicks { get; internal set; }

    /// <summary>NeuroRT's own latency for frame <paramref name="frame"/>: emission minus arrival of its newest sample, in seconds.</summary>
    public double LatencySeconds(int frame) => LocalClock.ToSeconds(EmittedTicks - Frames.ArrivalTicks[frame]);
}
