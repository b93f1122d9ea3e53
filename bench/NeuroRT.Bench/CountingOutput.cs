using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Bench;

/// <summary>An output that only counts frames, so benchmarks measure the pipeline and not a console.</summary>
public sealed class CountingOutput : IPipelineOutput
{
    /// <summary>Frames received.</summary>
    public long Frames { get; private set; }

    /// <inheritdoc />
    public void Open(StreamFormat format) { }

    /// <inheritdoc />
    public void Write(OutputPacket packet) => Frames += packet.Frames.Count;

    /// <inheritdoc />
    public void Close() { }

    /// <inheritdoc />
    public void Dispose() { }
}
