using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// <c>e2e-soak</c>: pipeline (b) (EEGNet) on 64 ch @ 160 Hz through the end-to-end harness for
/// <c>--seconds</c> (default 3600) with the latency percentiles per <c>--interval</c> (default 600 s; the
/// short variant: <c>--seconds 120 --interval 20</c>), the node's GCs and allocation after warm-up, its heap
/// and resident set after warm-up and at the end, and the drops.
/// </summary>
public static class SoakRun
{
    /// <summary>Runs it; 0 when clean (no drop, no loss, no GC, no allocation after warm-up).</summary>
    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        double interval = 600;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--interval" && i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out interval) && interval > 0) { i++; continue; }
            rest.Add(args[i]);
        }

        var o = E2eOptions.Parse("e2e-soak", [.. rest], 3600);
        if (o is null) return 2;
        int shown = -1;
        var (md, clean) = Execute(o, interval, "e2e-soak " + string.Join(' ', args), (_, p) =>
        {
            int percent = (int)(p * 100);
            if (percent != Interlocked.Exchange(ref shown, percent)) Console.Error.Write($"\re2e-soak: {percent} %");
        });
        Console.Error.WriteLine();
        Console.WriteLine(md);
        return clean ? 0 : 1;
    }

    /// <summary>Runs the soak, writes soak.md, returns it and whether the run was clean; <paramref name="progress"/> as in <see cref="EndToEndRun.Execute"/>.</summary>
    public static (string Markdown, bool Clean) Execute(E2eOptions o, double interval, string commandLine, Action<string, double>? progress)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(o.Out);
        var x = Measurement.Run(Scenario.EegNet(EndToEndRun.RepositoryRoot(), 64), relay: false, o.Seconds, o.Warmup, o.Environment, o.NodeOptions, interval,
            progress is null ? null : f => progress("soak (b)", f));
        var md = new StringBuilder();
        md.AppendLine($"# Soak: pipeline (b), EEGNet, 64 ch @ 160 Hz, {o.Seconds:0} s, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"`{commandLine}`; {EndToEndRun.LoadAverage()} (at the end)");
        md.AppendLine();
        md.AppendLine("| interval | commands | p50 us | p90 us | p99 us | p99.9 us | max us |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < x.Intervals.Length; i++)
        {
            var s = x.Intervals[i].Summarize();
            md.AppendLine($"| {i * interval:0}-{Math.Min(o.Seconds, (i + 1) * interval):0} s | {s.Count} | {s.P50 / 1e3:0} | {s.P90 / 1e3:0} | {s.P99 / 1e3:0} | {s.P999 / 1e3:0} | {s.Max / 1e3:0} |");
        }

        var all = x.Latency.Summarize();
        md.AppendLine($"| all | {all.Count} | {all.P50 / 1e3:0} | {all.P90 / 1e3:0} | {all.P99 / 1e3:0} | {all.P999 / 1e3:0} | {all.Max / 1e3:0} |");
        md.AppendLine();
        var n = x.Node;
        var m = n.Memory;
        md.AppendLine($"GCs after warm-up (gen0/gen1/gen2): {n.Collections[0]}/{n.Collections[1]}/{n.Collections[2]}; pipeline thread allocated after warm-up: {n.Allocated} B; " +
            $"managed heap {m[0] / 1e6:0.00} -> {m[1] / 1e6:0.00} MB, resident set {m[2] / 1e6:0.0} -> {m[3] / 1e6:0.0} MB (after warm-up -> end); " +
            $"pushed {x.Pushed}, lost {n.Lost}, amplifier outlet drops {x.OutletDropped}, output drops {n.OutputDropped}, unmatched commands {x.Unmatched}; node {x.NodeCores:0.00} cores, rest of the machine {x.OtherCores:0.00} cores.");
        foreach (var (name, v) in n.Histograms) md.AppendLine($"- {name}: n={v[0]} p50 {v[1] / 1e3:0.0} us, p99 {v[3] / 1e3:0.0} us, p99.9 {v[4] / 1e3:0.0} us, max {v[5] / 1e3:0.0} us");
        File.WriteAllText(Path.Combine(o.Out, "soak.md"), md.ToString());
        bool clean = n.Failure is null && n.Lost == 0 && x.OutletDropped == 0 && n.OutputDropped == 0 && x.Unmatched == 0 && n.Allocated == 0
            && n.Collections[0] + n.Collections[1] + n.Collections[2] == 0;
        return (md.ToString(), clean);
    }
}
