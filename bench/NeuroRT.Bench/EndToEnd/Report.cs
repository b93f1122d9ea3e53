using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>The markdown tables, the histogram CSVs and the SVG plot of one pipeline and its relay floor.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends the pipeline's section to <paramref name="md"/> and writes its files; true when nothing was lost.</summary>
    public static bool Write(StringBuilder md, string folder, Measurement.Result floor, Measurement.Result run)
    {
        var f = floor.Latency.Summarize();
        var r = run.Latency.Summarize();
        string key = run.Scenario.Key;
        md.AppendLine();
        md.AppendLine(Inv, $"## {run.Scenario.Title}");
        md.AppendLine();
        md.AppendLine(Inv, $"{run.Latency.Count} commands measured after the warm-up (run of {run.Seconds:0} s in all), 1 push per {run.Scenario.ChunkSamples} sample(s). Latency: amplifier push -> command (marker) received by the harness, one figure per command, microseconds.");
        md.AppendLine();
        md.AppendLine("| run | count | p50 | p90 | p99 | p99.9 | max | mean |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Row(md, "relay floor", f);
        Row(md, "NeuroRT pipeline", r);
        md.AppendLine(Inv, $"| **added by NeuroRT** | | {Us(r.P50 - f.P50)} | {Us(r.P90 - f.P90)} | {Us(r.P99 - f.P99)} | {Us(r.P999 - f.P999)} | {Us(r.Max - f.Max)} | {Us((long)(r.Mean - f.Mean))} |");
        md.AppendLine();
        md.AppendLine("Inside NeuroRT (its own histograms: stage process time per block; output latency = newest sample's arrival -> command emitted; bucket upper edges, <= 3 % high):");
        md.AppendLine();
        md.AppendLine("| measured | count | p50 | p90 | p99 | p99.9 | max | mean |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, v) in run.Node.Histograms)
            md.AppendLine(Inv, $"| {name} | {v[0]} | {Us(v[1])} | {Us(v[2])} | {Us(v[3])} | {Us(v[4])} | {Us(v[5])} | {Us(v[6])} |");
        md.AppendLine();
        bool ok = true;
        foreach (var x in new[] { floor, run })
        {
            string who = x.Relay ? "relay" : "pipeline";
            bool clean = x.OutletDropped == 0 && x.Unmatched == 0 && x.Node.Lost == 0 && x.Node.OutputDropped == 0 && x.Node.Failure is null && x.Latency.Overflow == 0;
            ok &= clean;
            md.AppendLine(($"- {who}: pushed {x.Pushed} samples, {x.Received} commands received ({x.Unmatched} unmatched), amplifier outlet drops {x.OutletDropped}, lost {x.Node.Lost}, output drops {x.Node.OutputDropped}, " +
                $"node {x.NodeCores:0.00} cores, harness {x.HarnessCores:0.00} cores, rest of the machine {x.OtherCores:0.00} cores" +
                (x.Relay ? "" : $", allocated after warm-up {x.Node.Allocated} B, GCs after warm-up {x.Node.Collections[0]}/{x.Node.Collections[1]}/{x.Node.Collections[2]}") +
                (x.Scenario.EventClass is null || x.Relay ? "" : $", events {x.Events}, detected {x.Detections}") +
                (x.Node.Failure is null ? "" : $", FAILED: {x.Node.Failure}") + (clean ? "" : " **(not clean: the figures do not count)**")));
        }

        var series = new List<SvgPlot.Series>();
        foreach (var (label, x, s) in new[] { ("relay floor", floor, f), ("NeuroRT " + key, run, r) })
        {
            string csv = x.Latency.HistogramCsv(BinUs(r), out var edges, out var counts);
            File.WriteAllText(Path.Combine(folder, $"e2e-{key}-{(x.Relay ? "relay" : "pipeline")}.csv"), csv);
            series.Add(new SvgPlot.Series(label, edges, counts, s));
        }

        File.WriteAllText(Path.Combine(folder, $"e2e-{key}.svg"), SvgPlot.Histogram(run.Scenario.Title + ": push -> command received", series));
        md.AppendLine();
        md.AppendLine(Inv, $"Histogram: `e2e-{key}.svg`, `e2e-{key}-relay.csv`, `e2e-{key}-pipeline.csv`.");
        return ok;
    }

    // Bins fine enough for ~100 bars up to 3 x the p99 (the CSVs of one plot share them).
    private static double BinUs(LatencySamples.Summary s)
    {
        double target = Math.Max(1, s.P99 / 1000.0 * 3 / 100);
        foreach (double b in new[] { 1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }) if (b >= target) return b;
        return 2000;
    }

    private static void Row(StringBuilder md, string name, LatencySamples.Summary s) =>
        md.AppendLine(Inv, $"| {name} | {s.Count} | {Us(s.P50)} | {Us(s.P90)} | {Us(s.P99)} | {Us(s.P999)} | {Us(s.Max)} | {Us((long)s.Mean)} |");

    private static string Us(long ns) => (ns / 1000.0).ToString("0.0", Inv);
}
