namespace NeuroRT.Host.Loading;

/// <summary>What the command line may change in a pipeline file without editing it.</summary>
public sealed record LoadOptions
{
    /// <summary>Replay speed for file and synthetic sources (1 = real time, 0 = as fast as possible); null keeps the file's.</summary>
    public double? Speed { get; init; }

    /// <summary>Adjusts the bound source before it is opened (e.g. the demo points its LSL source at the stream it serves).</summary>
    public Action<NeuroRT.Core.Sources.ISampleSource>? ConfigureSource { get; init; }

    /// <summary>The built-in plugins folder; null: <c>plugins/</c> next to the program.</summary>
    public string? BuiltInPluginFolder { get; init; }

    /// <summary>Record the run to this XDF file (input, markers, every node an output reads, latencies); null: no recording.</summary>
    public string? Record { get; init; }

    /// <summary>Adds watching taps (the dashboard) to the graph at load; null: none.</summary>
    public IPipelineTapper? Dashboard { get; init; }

    /// <summary>Where plugin outputs' log lines go; null: standard error.</summary>
    public Plugins.PluginLogSink? PluginLog { get; init; }
}
