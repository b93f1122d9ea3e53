using System.CommandLine;
using NeuroRT.Bench.EndToEnd;
using Spectre.Console;

namespace NeuroRT.Cli.Commands.Bench;

/// <summary>
/// <c>neurort bench [latency|scale|soak|all]</c>: the end-to-end harness of bench/NeuroRT.Bench/EndToEnd run in
/// this process with progress bars. The amplifier and the command receiver run here; each pipeline (and its
/// relay floor) runs in a child <c>neurort</c> process, so the node has the CLI's own runtime settings
/// (workstation, non-concurrent GC; tiered PGO). Reports (markdown, CSV, SVG) go to <c>--out</c>.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The hidden child entry points the harness starts (<c>neurort e2e-node</c>, <c>neurort e2e-relay</c>); null when <paramref name="args"/> is not one.</summary>
    public static int? RunChild(string[] args) => args.Length == 0 ? null : args[0] switch
    {
        "e2e-node" => NodeMain.Run(args[1..]),
        "e2e-relay" => RelayMain.Run(args[1..]),
        _ => null,
    };

    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = "latency (pipelines a, b, c against the relay floor), scale (channels x rate through a), soak (pipeline b for --seconds) or all", DefaultValueFactory = _ => "latency" };
        var seconds = new Option<double?>("--seconds") { Description = "measured seconds per run (default: latency 20, scale 60, soak 3600)", HelpName = "N" };
        var warmup = new Option<double>("--warmup") { Description = "warm-up seconds per run, pushed but not measured (default 5)", DefaultValueFactory = _ => 5, HelpName = "N" };
        var pipelines = new Option<string>("--pipelines") { Description = "latency: which pipelines, comma-separated (default a,b,c)", DefaultValueFactory = _ => "a,b,c", HelpName = "LIST" };
        var cases = new Option<string?>("--cases") { Description = "scale: channels x rate cases (default 64x1000,306x5000,1024x30000)", HelpName = "CxR,..." };
        var interval = new Option<double>("--interval") { Description = "soak: seconds per row of percentiles (default 600)", DefaultValueFactory = _ => 600, HelpName = "N" };
        var output = new Option<string>("--out") { Description = "folder for the reports (default bench-report)", DefaultValueFactory = _ => "bench-report", HelpName = "DIR" };
        var command = new Command("bench", "measure end-to-end latency (LSL in -> command out, against a plain relay), sustained channels x rate and a soak; writes markdown, CSV and SVG reports")
        {
            what, seconds, warmup, pipelines, cases, interval, output,
        };
        command.SetAction(r => Run(r.GetValue(what)!, r.GetValue(seconds), r.GetValue(warmup), r.GetValue(pipelines)!, r.GetValue(cases), r.GetValue(interval), r.GetValue(output)!));
        return command;
    }

    private static int Run(string what, double? seconds, double warmup, string pipelines, string? cases, double interval, string output)
    {
        if (what is not ("latency" or "scale" or "soak" or "all"))
        {
            Console.Error.WriteLine($"error: bench '{what}': expected latency, scale, soak or all");
            return ExitCodes.InvalidInput;
        }

        E2eOptions? Options(string part, double fallback)
        {
            var args = new List<string> { "--seconds", (seconds ?? fallback).ToString(System.Globalization.CultureInfo.InvariantCulture), "--warmup", warmup.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", Path.Combine(output, part) };
            if (part == "latency") args.AddRange(["--pipelines", pipelines]);
            if (part == "scale" && cases is not null) args.AddRange(["--cases", cases]);
            return E2eOptions.Parse("neurort bench", [.. args], fallback);
        }

        var reports = new List<string>();
        bool ok = true;
        try
        {
            AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                void Report(string label, double fraction)
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(label, out var task)) tasks[label] = task = ctx.AddTask(label, maxValue: 1);
                        task.Value = fraction;
                    }
                }

                if (what is "latency" or "all")
                {
                    var o = Options("latency", 20) ?? throw new ArgumentException("bad options");
                    var (md, good) = EndToEndRun.Execute(o, "neurort bench latency", Report);
                    reports.Add(md);
                    ok &= good;
                }

                if (what is "scale" or "all")
                {
                    var o = Options("scale", 60) ?? throw new ArgumentException("bad options");
                    var (md, good) = ScaleRun.Execute(o, "neurort bench scale", Report);
                    reports.Add(md);
                    ok &= good;
                }

                if (what is "soak" or "all")
                {
                    var o = Options("soak", 3600) ?? throw new ArgumentException("bad options");
                    var (md, good) = SoakRun.Execute(o, interval, "neurort bench soak", Report);
                    reports.Add(md);
                    ok &= good;
                }
            });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"error: bench: {e.Message}");
            return ExitCodes.RunFailed;
        }

        foreach (string md in reports) Console.WriteLine(md);
        Console.WriteLine($"reports in {Path.GetFullPath(output)}");
        return ok ? 0 : ExitCodes.RunFailed;
    }
}
