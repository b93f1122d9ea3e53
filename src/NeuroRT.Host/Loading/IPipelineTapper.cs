using NeuroRT.Core.Outputs;
using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Files;

namespace NeuroRT.Host.Loading;

/// <summary>
/// Something that watches a run through extra pipeline outputs added at load (the dashboard), as the recording does:
/// its taps run on their own output threads behind the pipeline's bounded channels, never on the pipeline thread.
/// </summary>
public interface IPipelineTapper
{
    /// <summary>Called once while the graph is assembled, after the file's outputs were added.</summary>
    void AddTaps(PipelineTapPoints points);
}

/// <summary>What a tapper may see of the pipeline being loaded, and where it may add outputs.</summary>
public sealed class PipelineTapPoints
{
    private readonly PipelineGraph _graph;

    internal PipelineTapPoints(PipelineGraph graph, PipelineDocument document, IReadOnlyList<ComponentEntry> outputs)
    {
        _graph = graph;
        Document = document;
        Outputs = outputs;
    }

    /// <summary>The pipeline file (stages in order: name, type, input).</summary>
    public PipelineDocument Document { get; }

    /// <summary>The outputs that will run (those whose plugin failed to load are left out).</summary>
    public IReadOnlyList<ComponentEntry> Outputs { get; }

    /// <summary>The name of the source node in <see cref="ComponentEntry.Input"/> and <see cref="Add"/>.</summary>
    public static string SourceName => PipelineGraph.SourceName;

    /// <summary>Adds <paramref name="output"/> reading node <paramref name="node"/> (a stage name or <see cref="SourceName"/>).</summary>
    public void Add(string name, IPipelineOutput output, string node) => _graph.AddOutput(name, output, node);
}
