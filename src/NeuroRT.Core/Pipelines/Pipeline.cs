using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Pipelines;

/// <summary>A configured graph, ready to run: nodes in execution (topological) order and output ports.</summary>
public sealed class Pipeline : IDisposable
{
    internal Pipeline(StreamFormat sourceFormat, PipelineNode[] nodes, OutputPort[] ports, PipelineSettings settings)
    {
        SourceFormat = sourceFormat;
        NodeArray = nodes;
        PortArray = ports;
        Settings = settings;
    }

    /// <summary>Format delivered by the source.</summary>
    public StreamFormat SourceFormat { get; }

    /// <summary>Stages in the order the pipeline thread runs them.</summary>
    public IReadOnlyList<PipelineNode> Nodes => NodeArray;

    /// <summary>Edges to the outputs.</summary>
    public IReadOnlyList<OutputPort> Ports => PortArray;

    /// <summary>Sizes in force.</summary>
    public PipelineSettings Settings { get; }

    // The runner indexes the arrays directly on the pipeline thread.
    internal PipelineNode[] NodeArray { get; }

    internal OutputPort[] PortArray { get; }

    /// <summary>Releases blocks, pools and the outputs.</summary>
    public void Dispose()
    {
        foreach (var n in Nodes) n.Dispose();
        foreach (var p in Ports)
        {
            p.Dispose();
            p.Output.Dispose();
        }
    }
}
