using System.Globalization;
using System.Runtime;
using NeuroRT.Core.Metrics;
using NeuroRT.Host.Loading;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// The child side of the end-to-end run (<c>e2e-node PIPELINE.yaml [--latency-mode sustained]</c>): loads and
/// runs the pipeline as <c>neurort run</c> does, until a line <c>stop</c> (or end of input) on stdin, then
/// prints what NeuroRT measured inside: per-stage process time, per-output latency (sample arrival ->
/// command emitted), samples lost, output drops, allocation and GCs after warm-up, one line each, for the
/// harness to parse (<see cref="NodeReport"/>).
/// </summary>
public static class NodeMain
{
    /// <summary>Runs the node; 0 when it ran and stopped cleanly.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: e2e-node PIPELINE.yaml [--latency-mode sustained]"); return 2; }
        if (args.Length >= 3 && args[1] == "--latency-mode" && args[2] == "sustained") GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        using var loaded = PipelineLoader.Load(args[0]);
        using var runner = loaded.CreateRunner();
        runner.Start();
        // Heap and resident set once warm-up is over, for the soak's flat-memory figure.
        long heapWarm = -1, rssWarm = -1;
        var monitor = new Thread(() =>
        {
            while (runner.AllocatedBytesAfterWarmup < 0 && runner.State == Core.Pipelines.PipelineState.Running) Thread.Sleep(100);
            heapWarm = GC.GetTotalMemory(false);
            rssWarm = Environment.WorkingSet;
        }) { IsBackground = true };
        monitor.Start();
        Console.WriteLine("running");
        Console.Out.Flush();
        string? line;
        while ((line = Console.ReadLine()) is not null && line != "stop") { }
        long heapEnd = GC.GetTotalMemory(false), rssEnd = Environment.WorkingSet;
        runner.Stop();
        runner.Wait(TimeSpan.FromSeconds(30));
        var inv = CultureInfo.InvariantCulture;
        foreach (var node in runner.Pipeline.Nodes) Print("stage " + node.Name, node.ProcessTime.Summarize());
        foreach (var port in runner.Pipeline.Ports)
        {
            Print("output " + port.Name, port.Latency.Summarize());
            Console.WriteLine(string.Create(inv, $"dropped {port.FramesDropped} emitted {port.FramesEmitted} failures {port.Failures}"));
        }

        var (g0, g1, g2) = runner.CollectionsAfterWarmup;
        Console.WriteLine(string.Create(inv, $"samples {runner.SamplesIn} lost {runner.SamplesLost} gaps {runner.Gaps} alloc {runner.AllocatedBytesAfterWarmup} gc {g0} {g1} {g2} state {runner.State} gcmode {GCSettings.LatencyMode} server {GCSettings.IsServerGC}"));
        Console.WriteLine(string.Create(inv, $"memory {heapWarm} {heapEnd} {rssWarm} {rssEnd}"));
        foreach (string warning in runner.SchedulingWarnings) Console.Error.WriteLine("e2e-node: " + warning);
        if (runner.Failure is { } failure) Console.WriteLine("failure " + failure.Message.ReplaceLineEndings(" "));
        return runner.Failure is null ? 0 : 1;
    }

    private static void Print(string name, HistogramSummary s) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hist|{name}|{s.Count}|{s.P50}|{s.P90}|{s.P99}|{s.P999}|{s.Max}|{s.Mean:0}"));
}
