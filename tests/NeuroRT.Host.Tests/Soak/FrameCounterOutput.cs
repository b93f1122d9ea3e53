using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Tests.Soak;

/// <summary>An output that only counts frames: a consumer that itself allocates nothing, so a GC in the soak is the pipeline's.</summary>
[Component(ComponentKind.Output, "frame-counter")]
public sealed class FrameCounterOutput : IPipelineOutput
{
    private long _frames;

    public static FrameCounterOutput? Last { get; private set; }

    public FrameCounterOutput() => Last = this;

    public long Frames => Volatile.Read(ref _frames);

    public void Open(StreamFormat format) { }

    public void Write(OutputPacket packet) => Volatile.Write(ref _frames, _frames + packet.Frames.Count);

    public void Close() { }

    public void Dispose() { }
}
