using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Host.Files;

namespace NeuroRT.Host.Loading;

/// <summary>A pipeline file turned into a validated, configured pipeline with its opened source, ready to run.</summary>
public sealed class LoadedPipeline : IDisposable
{
    internal LoadedPipeline(PipelineDocument document, ISampleSource source, Pipeline pipeline, Plugins.PluginCatalog? plugins = null, IReadOnlyList<string>? warnings = null, Recording.PipelineRecording? recording = null)
    {
        Recording = recording;
        PluginCatalog = plugins;
        Warnings = warnings ?? [];
        Document = document;
        Source = source;
        Pipeline = pipeline;
    }

    /// <summary>The file it came from.</summary>
    public PipelineDocument Document { get; }

    /// <summary>The plugins found for this pipeline (built-in and the file's folders), if any were searched.</summary>
    public Plugins.PluginCatalog? PluginCatalog { get; }

    /// <summary>What did not stop the load but should be seen (plugins that failed to load, outputs skipped), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The run's XDF recording, when one was asked for (<see cref="LoadOptions.Record"/>).</summary>
    public Recording.PipelineRecording? Recording { get; }

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
        Recording?.Dispose();
        Source.Dispose();
        PluginCatalog?.Dispose();
    }
}
