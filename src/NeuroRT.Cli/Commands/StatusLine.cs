using NeuroRT.Core.Metrics;
using NeuroRT.Core.Pipelines;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary>The one-line live view of a run: progress, samples, blocks, commands, latency, losses.</summary>
internal sealed class StatusLine
{
    private readonly PipelineRunner _runner;
    private readonly double? _duration;
    private readonly StringWriter _buffer = new();
    private readonly IAnsiConsole _ansi;

    public StatusLine(PipelineRunner runner, double? duration)
    {
        _runner = runner;
        _duration = duration;
        _ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(_buffer),
        });
        _ansi.Profile.Width = 4096;
    }

    /// <summary>Plain text, for logs.</summary>
    public string Plain() => Markup.Remove(Compose());

    /// <summary>With colours, for a terminal (cut to <paramref name="width"/> visible characters).</summary>
    public string Ansi(int width)
    {
        string markup = Compose();
        string plain = Markup.Remove(markup);
        if (plain.Length > width && width > 10) markup = Markup.Escape(plain[..(width - 1)]);
        _buffer.GetStringBuilder().Clear();
        _ansi.Markup(markup);
        return _buffer.ToString();
    }

    private string Compose()
    {
        var r = _runner;
        string progress = "";
        double t = r.LastTimestamp;
        if (_duration is { } d && d > 0 && !double.IsNaN(t)) progress = $"{Math.Min(100, 100 * t / d),3:0}% ";
        long commands = 0, drops = r.Ring.SamplesDropped, lost = r.SamplesLost;
        HistogramSummary latency = default;
        var ports = r.Pipeline.Ports;
        if (ports.Count > 0)
        {
            commands = ports[0].FramesEmitted;
            latency = ports[0].Latency.Summarize();
        }
        foreach (var port in ports) drops += port.FramesDropped;
        long alloc = r.AllocatedBytesAfterWarmup;
        string lossColour = drops + lost > 0 ? "red" : "green";
        // Most important first: a narrow terminal cuts the end.
        return $"[bold]{Markup.Escape(State(r.State))}[/] {progress}{r.ElapsedSeconds:0.0}s" +
               $" | {r.SamplesIn:N0} samples | {commands:N0} commands" +
               $" | latency p50 {HistogramSummary.Format(latency.P50)} p99 {HistogramSummary.Format(latency.P99)}" +
               $" | [{lossColour}]drops {drops:N0} lost {lost:N0}[/]" +
               (alloc >= 0 ? $" | alloc {alloc:N0} B" : " | warming up") +
               $" | {r.Blocks:N0} blocks";
    }

    private static string State(PipelineState s) => s switch
    {
        PipelineState.Running => "running",
        PipelineState.Stopping => "stopping",
        _ => s.ToString().ToLowerInvariant(),
    };
}
