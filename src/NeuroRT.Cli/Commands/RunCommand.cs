using System.Net;
using NeuroRT.Core.Pipelines;
using NeuroRT.Dashboard;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Host.Terminal;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary><c>neurort run</c>: load, check, run with a live status line, stop cleanly on Ctrl-C, summarise.</summary>
public static class RunCommand
{
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="path"/>; returns the process exit code.</summary>
    public static int Execute(string path, RunOptions options)
    {
        if (!DashboardFor(options, out var dashboard)) return ExitCodes.InvalidInput;
        using (dashboard)
        {
            LoadedPipeline loaded;
            try
            {
                loaded = PipelineLoader.Load(path, new LoadOptions { Speed = options.Speed, Record = options.Record, Dashboard = dashboard });
            }
            catch (PipelineFileException e)
            {
                foreach (var d in e.Diagnostics) Console.Error.WriteLine(d);
                return ExitCodes.InvalidPipeline;
            }
            using (loaded)
            {
                return Run(loaded, options, dashboard);
            }
        }
    }

    /// <summary>The dashboard <paramref name="options"/> ask for (null when off); false, with the error printed, on a bad address.</summary>
    internal static bool DashboardFor(RunOptions options, out LiveDashboard? dashboard)
    {
        dashboard = null;
        if (!options.Dashboard) return true;
        var bind = IPAddress.Loopback;
        if (options.DashboardBind is { } text && !IPAddress.TryParse(text, out bind!))
        {
            Console.Error.WriteLine($"error: --dashboard-bind '{text}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)");
            return false;
        }
        if (options.DashboardPort is < 0 or > 65535)
        {
            Console.Error.WriteLine($"error: --dashboard-port {options.DashboardPort} is not a TCP port (0 picks a free one, else 1..65535)");
            return false;
        }
        dashboard = new LiveDashboard(new DashboardSettings { Bind = bind, Port = options.DashboardPort });
        return true;
    }

    /// <summary>Runs an already loaded pipeline.</summary>
    public static int Run(LoadedPipeline loaded, RunOptions options, LiveDashboard? dashboard = null)
    {
        var err = StderrConsole();
        err.MarkupLine($"[bold]neurort[/] {Markup.Escape(Version)}: running [bold]{Markup.Escape(loaded.Document.Name)}[/] ({Markup.Escape(loaded.Document.Path)})");
        foreach (string warning in loaded.Warnings) err.Write(new Text(warning + "\n", new Style(Color.Yellow)));
        err.Write(new Text(PipelineDescription.Describe(loaded)));

        using var runner = loaded.CreateRunner();
        int interrupts = 0;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl-C: stop and drain. Second: leave at once.
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                e.Cancel = true;
                runner.Stop();
            }
        };
        Console.CancelKeyPress += onCancel;
        err.MarkupLine("[grey]Ctrl-C stops cleanly and prints a summary.[/]");
        try
        {
            if (dashboard is not null)
            {
                // Started before the run, so the page shows it from its first sample.
                dashboard.Attach(runner, loaded.Source);
                try
                {
                    dashboard.Start();
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.RunFailed;
                }
                Console.Error.WriteLine($"dashboard: {dashboard.Url}");
            }
            runner.Start();
            using var stopRegistration = options.Stop.Register(runner.Stop);
            var status = new StatusLine(runner, loaded.Source.DurationSeconds);
            bool live = !options.Quiet && SharedConsole.CanShowStatus;
            DateTime nextLog = DateTime.UtcNow + LogPeriod;
            while (!runner.Wait(StatusPeriod))
            {
                if (live) SharedConsole.SetStatus(status.Ansi(Math.Max(40, SafeWidth() - 1)));
                else if (!options.Quiet && DateTime.UtcNow >= nextLog)
                {
                    Console.Error.WriteLine(status.Plain());
                    nextLog = DateTime.UtcNow + LogPeriod;
                }
            }
            SharedConsole.ClearStatus();
            RunSummary.Write(err, runner, loaded.Document.Name);
            foreach (string warning in runner.SchedulingWarnings) err.Write(new Text($"warning: runtime: {warning}\n", new Style(Color.Yellow)));
            if (loaded.Recording is { } recording) RecordingSummary.Write(err, recording);
            if (loaded.Source is NeuroRT.Lsl.Pipeline.LslSource { Inlet: { } inlet } lsl)
            {
                string clock = inlet.Clock is { IsValid: true } c ? $"clock offset {c.Correction * 1000:0.000} ms (+/- {c.Uncertainty * 1000:0.000} ms)" : "no clock offset measured";
                string markers = lsl.Markers.Length > 0 ? $", markers {lsl.MarkersReceived:N0} ({lsl.LateMarkers:N0} late)" : "";
                err.WriteLine($"lsl: stream {inlet.Info.Name} from {inlet.Info.Hostname} ({inlet.Info.V4Address}), {clock}, recoveries {inlet.Recoveries}, samples lost in gaps {inlet.SamplesLostInGaps:N0}{markers}");
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            dashboard?.Dispose(); // before the runner it reads goes away
        }
        return runner.State == PipelineState.Failed ? ExitCodes.RunFailed : ExitCodes.Ok;
    }

    /// <summary>Spectre console on stderr: colours on a terminal, plain text and a wide table in logs.</summary>
    internal static IAnsiConsole StderrConsole()
    {
        bool terminal = !Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal) console.Profile.Width = 160;
        return console;
    }

    /// <summary>The version printed by <c>--version</c> and in banners.</summary>
    public static string Version =>
        typeof(RunCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 120; }
    }
}
