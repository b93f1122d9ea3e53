using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// <c>e2e</c>: the end-to-end latency run. For each pipeline, first the relay floor on the same stream, then
/// the pipeline, each in a fresh child process on a fresh isolated LSL network. Prints and writes (to
/// <c>--out</c>) a report with the percentiles, the pipeline's added latency over the floor, NeuroRT's own
/// per-stage and per-output figures, a histogram CSV per run and an SVG plot per pipeline.
/// Options: <c>--seconds N</c> (measured part, default 20), <c>--warmup N</c> (default 5),
/// <c>--pipelines a,b,c</c>, <c>--out DIR</c> (default e2e-report), <c>--env K=V</c> (runtime knobs for the
/// child, repeatable), <c>--latency-mode sustained</c> (GCLatencyMode.SustainedLowLatency in the node).
/// </summary>
public static class EndToEndRun
{
    /// <summary>Runs it from the bench's command line; 0 when every run had no drop, no loss and no unmatched command.</summary>
    public static int Run(string[] args)
    {
        var o = E2eOptions.Parse("e2e", args, 20);
        if (o is null) return 2;
        var (md, ok) = Execute(o, string.Join(' ', args), null);
        Console.WriteLine(md);
        Console.WriteLine($"written to {Path.GetFullPath(o.Out)}");
        return ok ? 0 : 1;
    }

    /// <summary>
    /// Runs the pipelines of <paramref name="o"/>, writes the report files and returns the report (markdown) and
    /// whether every run was clean. <paramref name="progress"/> (label, fraction done) is called from a timer thread.
    /// </summary>
    public static (string Markdown, bool Ok) Execute(E2eOptions o, string commandLine, Action<string, double>? progress)
    {
        // Every figure is written with a decimal point, whatever the machine's culture.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string repo = RepositoryRoot();
        var scenarios = new List<Scenario>();
        foreach (string key in o.Pipelines)
        {
            scenarios.Add(key switch
            {
                "a" => Scenario.Filters(64, 1000),
                "b" => Scenario.EegNet(repo),
                "c" => Scenario.Snn(repo),
                _ => throw new ArgumentException($"--pipelines: unknown pipeline '{key}' (a, b or c)"),
            });
        }

        Directory.CreateDirectory(o.Out);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# End-to-end latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{commandLine}`; load before: {LoadAverage()}; {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        bool ok = true;
        foreach (var scenario in scenarios)
        {
            string floorLabel = $"{scenario.Key}: relay floor", runLabel = $"{scenario.Key}: pipeline";
            if (progress is null) Console.Error.WriteLine($"e2e: {scenario.Title}: relay floor, then pipeline ...");
            var floor = Measurement.Run(scenario, relay: true, o.Seconds, o.Warmup, o.Environment, o.NodeOptions, 0, progress is null ? null : f => progress(floorLabel, f), o.Priority);
            var run = Measurement.Run(scenario, relay: false, o.Seconds, o.Warmup, o.Environment, o.NodeOptions, 0, progress is null ? null : f => progress(runLabel, f), o.Priority);
            ok &= Report.Write(md, o.Out, floor, run);
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"Load after: {LoadAverage()}.");
        File.WriteAllText(Path.Combine(o.Out, "report.md"), md.ToString());
        return (md.ToString(), ok);
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), as <c>uptime</c> shows them.</summary>
    public static string LoadAverage()
    {
        try
        {
            string[] f = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {f[0]}, {f[1]}, {f[2]}";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
    }

    /// <summary>The repository (the folder with NeuroRT.sln) above this executable, for the models and pipelines.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the bench from the repository's build output");
    }
}
