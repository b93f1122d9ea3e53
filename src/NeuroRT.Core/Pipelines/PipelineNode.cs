using NeuroRT.Core.Blocks;
using NeuroRT.Core.Metrics;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Pipelines;

/// <summary>A configured stage in the graph, with its output block and its counters.</summary>
public sealed class PipelineNode : IDisposable
{
    internal PipelineNode(string name, IStage stage, int inputIndex, string inputName, StageOutput output)
    {
        Name = name;
        Stage = stage;
        InputIndex = inputIndex;
        InputName = inputName;
        Format = output.Format;
        MaxFramesPerBlock = output.MaxFramesPerBlock;
        Output = new SampleBlock(output.Format, Math.Max(1, output.MaxFramesPerBlock));
        ProcessTime = new LatencyHistogram($"stage {name}");
    }

    /// <summary>Node name (unique in the pipeline).</summary>
    public string Name { get; }

    /// <summary>The stage.</summary>
    public IStage Stage { get; }

    /// <summary>Index of the node feeding this one in <see cref="Pipeline.Nodes"/>, -1 for the source.</summary>
    public int InputIndex { get; }

    /// <summary>Name of the node feeding this one.</summary>
    public string InputName { get; }

    /// <summary>Format the stage emits.</summary>
    public StreamFormat Format { get; }

    /// <summary>Most frames it emits per input block.</summary>
    public int MaxFramesPerBlock { get; }

    /// <summary>The block the stage writes into, reused every cycle.</summary>
    public SampleBlock Output { get; }

    /// <summary>Time spent in <see cref="IStage.Process"/> per call.</summary>
    public LatencyHistogram ProcessTime { get; }

    /// <summary>Frames emitted so far.</summary>
    public long FramesOut => Volatile.Read(ref _framesOut);

    internal long _framesOut;

    /// <summary>Returns the output block's storage.</summary>
    public void Dispose()
    {
        Output.Dispose();
        (Stage as IDisposable)?.Dispose();
    }
}
