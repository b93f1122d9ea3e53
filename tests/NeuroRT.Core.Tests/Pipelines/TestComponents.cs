using NeuroRT.Core.Blocks;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Tests.Pipelines;

/// <summary>Copies its input (a stage that does nothing, to test the machinery around stages).</summary>
internal sealed class PassThrough : IStage
{
    public StageOutput Configure(StageInput input) => new(input.Format, input.MaxFramesPerBlock);

    public void Process(SampleBlock input, SampleBlock output) => output.Append(input, 0, input.Count);
}

/// <summary>Throws on the block holding sample <see cref="FailAt"/>.</summary>
internal sealed class FailingStage(long failAt) : IStage
{
    public long FailAt { get; } = failAt;

    public StageOutput Configure(StageInput input) => new(input.Format, input.MaxFramesPerBlock);

    public void Process(SampleBlock input, SampleBlock output)
    {
        if (input.SampleIndex[^1] >= FailAt) throw new InvalidOperationException("deliberate failure");
        output.Append(input, 0, input.Count);
    }
}

/// <summary>Rejects its configuration, naming a parameter.</summary>
internal sealed class RejectingStage : IStage
{
    public StageOutput Configure(StageInput input) => throw new StageConfigurationException("gain", "gain must be positive");

    public void Process(SampleBlock input, SampleBlock output) { }
}

/// <summary>Records the running index of every frame it receives, optionally slowly.</summary>
internal sealed class CollectingOutput(int sleepMs = 0) : IPipelineOutput
{
    public List<long> Indices { get; } = [];
    public List<float> FirstValues { get; } = [];
    public StreamFormat? Format { get; private set; }
    public bool Closed { get; private set; }

    public void Open(StreamFormat format) => Format = format;

    public void Write(OutputPacket packet)
    {
        if (sleepMs > 0) Thread.Sleep(sleepMs);
        for (int i = 0; i < packet.Frames.Count; i++)
        {
            Indices.Add(packet.Frames.SampleIndex[i]);
            FirstValues.Add(packet.Frames.Frame(i)[0]);
        }
    }

    public void Close() => Closed = true;

    public void Dispose() { }
}

/// <summary>A source that fails after some samples.</summary>
internal sealed class BrokenSource : ISampleSource
{
    public StreamFormat Open() => new("broken", [new ChannelInfo("x")], 100);

    public bool IsRealTime => false;

    public double? DurationSeconds => null;

    public void Run(SampleRing ring, CancellationToken cancel)
    {
        ring.WriteWaiting(new float[10], new double[10], 0, cancel);
        throw new IOException("device unplugged");
    }

    public void Dispose() { }
}

/// <summary>
/// An output that asks to be written on the pipeline thread: it notes which thread writes, sums the first values
/// (no allocation per packet) and can be told to throw on the packet holding a given sample.
/// </summary>
internal sealed class InlineProbeOutput(bool inline, long throwAt = -1) : IInlineOutput
{
    private int _writerThread;

    public bool Inline { get; } = inline;
    public long Frames { get; private set; }
    public long LastIndex { get; private set; } = -1;
    public bool OutOfOrder { get; private set; }
    public bool Closed { get; private set; }

    /// <summary>The one managed thread id that called Write (-1 when more than one did).</summary>
    public int WriterThread => _writerThread;

    public void Open(StreamFormat format) { }

    public void Write(OutputPacket packet)
    {
        int id = Environment.CurrentManagedThreadId;
        if (_writerThread == 0) _writerThread = id;
        else if (_writerThread != id) _writerThread = -1;
        for (int i = 0; i < packet.Frames.Count; i++)
        {
            long index = packet.Frames.SampleIndex[i];
            if (index != LastIndex + 1) OutOfOrder = true;
            LastIndex = index;
            if (index == throwAt) throw new InvalidOperationException("deliberate failure");
            Frames++;
        }
    }

    public void Close() => Closed = true;

    public void Dispose() { }
}

/// <summary>A pass-through stage that remembers the managed thread it runs on.</summary>
internal sealed class ThreadNotingStage : IStage
{
    public int Thread { get; private set; }

    public StageOutput Configure(StageInput input) => new(input.Format, input.MaxFramesPerBlock);

    public void Process(SampleBlock input, SampleBlock output)
    {
        Thread = Environment.CurrentManagedThreadId;
        output.Append(input, 0, input.Count);
    }
}
