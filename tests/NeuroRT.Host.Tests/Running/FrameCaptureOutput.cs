using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Tests.Running;

/// <summary>Test output: keeps a copy of every frame it receives, with the running index of its last sample.</summary>
[Component(ComponentKind.Output, "capture")]
public sealed class FrameCaptureOutput : IPipelineOutput
{
    public StreamFormat? Format { get; private set; }

    public List<(float[] Values, long Index)> Frames { get; } = [];

    public void Open(StreamFormat format) => Format = format;

    public void Write(OutputPacket packet)
    {
        for (int f = 0; f < packet.Frames.Count; f++) Frames.Add((packet.Frames.Frame(f).ToArray(), packet.Frames.SampleIndex[f]));
    }

    public void Close() { }

    public void Dispose() { }
}
