using NeuroRT.Core.Metrics;
using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Plugins;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary>The end-of-run report: what came in, what each stage cost, what each output got, what was lost.</summary>
internal static class RunSummary
{
    public static void Write(IAnsiConsole console, PipelineRunner runner, string pipelineName)
    {
        var p = runner.Pipeline;
        string state = runner.State.ToString().ToLowerInvariant();
        console.MarkupLine($"[bold]{Markup.Escape(pipelineName)}[/]: {state} after {runner.ElapsedSeconds:0.00} s; " +
                           $"{runner.SamplesIn:N0} samples in {runner.Blocks:N0} blocks" +
                           (double.IsNaN(runner.LastTimestamp) ? "" : $", data up to t = {runner.LastTimestamp:0.000} s"));

        var stages = new Table().Title("stages (time per block)").AddColumns("stage", "frames out", "p50", "p99", "p99.9", "max");
        foreach (var node in p.Nodes)
        {
            HistogramSummary s = node.ProcessTime.Summarize();
            stages.AddRow(node.Name, $"{node.FramesOut:N0}", F(s.P50), F(s.P99), F(s.P999), F(s.Max));
        }
        console.Write(stages);

        var outputs = new Table().Title("outputs (latency: emission - arrival of newest sample)")
            .AddColumns("output", "from", "emitted", "delivered", "dropped", "failures", "p50", "p99", "p99.9", "max");
        foreach (var port in p.Ports)
        {
            HistogramSummary s = port.Latency.Summarize();
            outputs.AddRow(port.Name, port.NodeName, $"{port.FramesEmitted:N0}", $"{port.FramesDelivered:N0}", Count(port.FramesDropped), Count(port.Failures),
                F(s.P50), F(s.P99), F(s.P999), F(s.Max));
        }
        console.Write(outputs);
        WritePlugins(console, p);

        var (g0, g1, g2) = runner.CollectionsAfterWarmup;
        long alloc = runner.AllocatedBytesAfterWarmup;
        console.MarkupLine($"input: ring drops {Count(runner.Ring.SamplesDropped)}, samples lost {Count(runner.SamplesLost)} in {runner.Gaps:N0} gaps, overruns {runner.Ring.Overruns:N0}");
        console.MarkupLine(alloc < 0
            ? "steady state: not reached (fewer blocks than the warm-up)"
            : $"steady state: pipeline thread allocated {(alloc == 0 ? "[green]0 B[/]" : $"[red]{alloc:N0} B[/]")}, GCs gen0/1/2 {g0}/{g1}/{g2}");
        foreach (var port in p.Ports)
            if (port.LastError is { } e) console.MarkupLine($"[red]output {Markup.Escape(port.Name)}: {Markup.Escape(e.Message)}[/]");
        if (runner.Failure is { } failure) console.MarkupLine($"[red]failed: {Markup.Escape(failure.Message)}[/]");
    }

    // Plugin outputs: what the plugin itself handled, and how the host isolated it (its port's drops are in the table above too).
    private static void WritePlugins(IAnsiConsole console, Pipeline p)
    {
        Table? plugins = null;
        foreach (var port in p.Ports)
        {
            if (port.Output is not PluginOutput po) continue;
            plugins ??= new Table().Title("plugin outputs").AddColumns("output", "type", "sent", "dropped", "failures", "restarts", "deadline overruns", "state", "plugin counters");
            var counters = new List<string>();
            foreach (var (name, value) in po.PluginCounters) counters.Add($"{name} {value:N0}");
            // Frames still queued behind a stuck plugin (and the one it is stuck on) were neither sent nor dropped: say so.
            long abandoned = port.FramesEmitted - port.FramesDelivered - port.FramesDropped;
            string state = po.IsStuck ? $"[red]stuck in Send, {abandoned:N0} abandoned[/]" : po.Disabled ? "[red]disabled[/]" : "ok";
            plugins.AddRow(new Text(port.Name), new Text(po.Type.Name), new Text($"{po.Sent:N0}"), new Markup(Count(port.FramesDropped + po.Discarded)),
                new Markup(Count(po.Failures)), new Markup(Count(po.Restarts)), new Markup(Count(po.DeadlineOverruns)), new Markup(state), new Text(string.Join(", ", counters)));
        }
        if (plugins is not null) console.Write(plugins);
    }

    private static string F(long ns) => HistogramSummary.Format(ns);

    private static string Count(long n) => n == 0 ? "0" : $"[red]{n:N0}[/]";
}
