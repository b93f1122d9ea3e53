using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Host.Files;

namespace NeuroRT.Host.Loading;

/// <summary>A pipeline file turned into a validated, configured pipeline with its opened source, ready to run.</summary>
public sealed class LoadedPipeline : IDisposable
{
    internal LoadedPipeline(PipelineDocument document, ISampleSource source, Pipeline pipeline)
    {
        Document = document;
        Source = source;
        Pipeline = pipeline;
    }

    /// <summary>The file it came from.</summary>
    public PipelineDocument Document { get; }

    /// <summary>The opened source.</summary>
    public ISampleSource Source { get; }

    /// <summary>The configured graph.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>Makes the runner (one run per loaded pipeline).</summary>
    public PipelineRunner CreateRunner() => new(Pipeline, Source);

    /// <summary>Releases the pipeline and the source.</summary>
    public void Dispose()
    {
        Pipeline.Dispose();
        Source.Dispose();
    }
}
