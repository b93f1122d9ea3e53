using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// <c>e2e-scale</c>: pipeline (a) at growing channels x rate (default 64 x 1 kHz, 306 x 5 kHz, 1024 x 30 kHz,
/// <c>--cases CxR,...</c> for others), each pushed in 1 ms chunks for <c>--seconds</c> (default 60) after
/// the warm-up, through the same child process and LSL path as <c>e2e</c>. Sustained means: every sample
/// pushed reached the pipeline (0 outlet drops, 0 lost), every command came back, no output drop, and the
/// pipeline kept pace: p99 push -> command under 100 ms (a pipeline that falls behind loses nothing at first,
/// because the outlet queues for it, but its latency grows without bound).
/// </summary>
public static class ScaleRun
{
    private const long MaxP99Ns = 100_000_000;

    /// <summary>Runs the cases; 0 when all were sustained.</summary>
    public static int Run(string[] args)
    {
        var o = E2eOptions.Parse("e2e-scale", args, 60);
        if (o is null) return 2;
        var (md, ok) = Execute(o, "e2e-scale " + string.Join(' ', args), null);
        Console.WriteLine(md);
        return ok ? 0 : 1;
    }

    /// <summary>Runs the cases, writes scale.md and returns it with whether all were sustained; <paramref name="progress"/> as in <see cref="EndToEndRun.Execute"/>.</summary>
    public static (string Markdown, bool Ok) Execute(E2eOptions o, string commandLine, Action<string, double>? progress)
    {
        // Every figure is written with a decimal point, whatever the machine's culture.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(o.Out);
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(inv, $"# Scale through pipeline (a), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(inv, $"`{commandLine}`; load before: {EndToEndRun.LoadAverage()}");
        md.AppendLine();
        md.AppendLine("| channels x rate | values/s | seconds | pushed | lost | outlet drops | commands (expected) | p50 us | p99 us | max us | node cores | other cores | GCs | sustained |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        bool all = true;
        var stages = new StringBuilder();
        foreach (var (channels, rate) in o.Cases)
        {
            string label = $"{channels} ch @ {rate / 1000:0.#} kHz";
            if (progress is null) Console.Error.WriteLine($"e2e-scale: {label} ...");
            var scenario = Scenario.Filters(channels, rate);
            var x = Measurement.Run(scenario, relay: false, o.Seconds, o.Warmup, o.Environment, o.NodeOptions, 0, progress is null ? null : f => progress(label, f), o.Priority);
            var s = x.Latency.Summarize();
            long expected = (long)(o.Seconds * rate) / Math.Max(1, (int)Math.Round(rate / 1000));
            bool sustained = x.Node.Failure is null && x.OutletDropped == 0 && x.Node.Lost == 0 && x.Node.OutputDropped == 0 && x.Unmatched == 0 && s.Count >= expected * 99 / 100
                && s.P99 < MaxP99Ns;
            all &= sustained;
            var g = x.Node.Collections;
            // Where the pipeline thread's time goes: mean process time x calls per second of signal, per stage.
            stages.Append(inv, $"- {channels} x {rate / 1000:0.#} kHz, pipeline thread busy per second of signal:");
            foreach (var (name, v) in x.Node.Histograms)
                if (name.StartsWith("stage ", StringComparison.Ordinal)) stages.Append(inv, $" {name[6..]} {v[6] * v[0] / (o.Seconds + o.Warmup) / 1e6:0.0} ms,");
            stages.Length--;
            stages.AppendLine();
            md.AppendLine(inv, $"| {channels} x {rate / 1000:0.#} kHz | {channels * rate / 1e6:0.##} M | {x.Seconds:0} | {x.Pushed} | {x.Node.Lost} | {x.OutletDropped} | {s.Count} ({expected}) | {s.P50 / 1000.0:0} | {s.P99 / 1000.0:0} | {s.Max / 1000.0:0} | {x.NodeCores:0.00} | {x.OtherCores:0.00} | {g[0]}/{g[1]}/{g[2]} | {(sustained ? "yes" : "NO")}{(x.Node.Failure is null ? "" : ": " + x.Node.Failure)} |");
        }

        md.AppendLine();
        md.Append(stages);
        md.AppendLine();
        md.AppendLine(inv, $"Load after: {EndToEndRun.LoadAverage()}. Commands: one per millisecond of signal (20 ms windows every 1 ms); latency = push -> command received. Sustained: 0 lost, 0 drops, every command back, p99 < 100 ms.");
        File.WriteAllText(Path.Combine(o.Out, "scale.md"), md.ToString());
        return (md.ToString(), all);
    }
}
