using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Tests.Running;

/// <summary>
/// Test output: checks, frame by frame, that each window holds consecutive samples (read from the
/// synthetic source's <c>sample-index</c> channel) and records every sample index it saw.
/// </summary>
[Component(ComponentKind.Output, "order-check")]
public sealed class OrderCheckOutput : IPipelineOutput
{
    public static OrderCheckOutput? Last { get; private set; }

    private int _indexChannel;
    private int _channels;
    private int _length;

    public List<long> WindowEnds { get; } = [];
    public List<long> SamplesSeen { get; } = [];
    public List<string> Problems { get; } = [];

    public OrderCheckOutput() => Last = this;

    public void Open(StreamFormat format)
    {
        _indexChannel = format.IndexOf("sample-index");
        _channels = format.ChannelCount;
        _length = format.FrameLength;
    }

    public void Write(OutputPacket packet)
    {
        var frames = packet.Frames;
        for (int f = 0; f < frames.Count; f++)
        {
            var window = frames.Frame(f);
            long end = frames.SampleIndex[f];
            WindowEnds.Add(end);
            for (int t = 0; t < _length; t++)
            {
                long carried = (long)window[t * _channels + _indexChannel];
                long expected = end - _length + 1 + t;
                if (carried != expected && Problems.Count < 10) Problems.Add($"window ending at {end}: position {t} holds sample {carried}, expected {expected}");
                SamplesSeen.Add(carried);
            }
        }
    }

    public void Close() { }

    public void Dispose() { }
}
