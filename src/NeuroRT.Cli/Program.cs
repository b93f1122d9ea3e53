using System.CommandLine;
using NeuroRT.Cli.Commands;
using NeuroRT.Cli.Commands.Bench;
using NeuroRT.Cli.Commands.Device;
using NeuroRT.Cli.Commands.Lsl;
using NeuroRT.Cli.Commands.Score;
using NeuroRT.Cli.Commands.Snn;

namespace NeuroRT.Cli;

/// <summary>The <c>neurort</c> command.</summary>
public static class Program
{
    /// <summary>Entry point: parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args) => BenchCommand.RunChild(args) ?? BuildCommand().Parse(args).Invoke();

    /// <summary>The command tree (public for tests).</summary>
    public static RootCommand BuildCommand()
    {
        var root = new RootCommand("NeuroRT: real-time brain-computer-interface pipelines (LSL/EDF in, decoded commands out).");

        var pipeline = new Argument<FileInfo>("pipeline") { Description = "the pipeline file (YAML)" };
        var speed = new Option<double?>("--speed") { Description = "replay speed: 1 = real time, N = N x real time, 0 = as fast as possible (overrides the file)" };
        var quiet = new Option<bool>("--quiet") { Description = "no live status line, only the final summary" };

        var record = new Option<FileInfo?>("--record") { Description = "record the run to this XDF file: the input as received (markers too), the frames of every node an output reads, their latency, and the pipeline file", HelpName = "FILE.xdf" };
        var dashboard = new Option<bool>("--dashboard") { Description = "serve a live dashboard of the run in the browser (signals, decoder, latency, drops); its URL, with an access token, is printed on start" };
        var (dashboardBind, dashboardPort) = DashboardOptions();
        var run = new Command("run", "run a pipeline file until its source ends or Ctrl-C") { pipeline, speed, quiet, record, dashboard, dashboardBind, dashboardPort };
        run.SetAction(r => RunCommand.Execute(r.GetValue(pipeline)!.FullName, new RunOptions(r.GetValue(speed), r.GetValue(quiet))
        {
            Record = r.GetValue(record)?.FullName,
            Dashboard = r.GetValue(dashboard) || r.GetValue(dashboardBind) is not null || r.GetValue(dashboardPort) != 0,
            DashboardBind = r.GetValue(dashboardBind),
            DashboardPort = r.GetValue(dashboardPort),
        }));
        root.Add(run);

        var validatePipeline = new Argument<FileInfo>("pipeline") { Description = "the pipeline file (YAML)" };
        var validate = new Command("validate", "check a pipeline file (types, parameters, units, files, channels) without running it") { validatePipeline };
        validate.SetAction(r => ValidateCommand.Execute(r.GetValue(validatePipeline)!.FullName));
        root.Add(validate);

        var demoSpeed = new Option<double?>("--speed") { Description = $"replay speed (default {DemoCommand.DefaultSpeed}: the 125 s recording in about {125 / DemoCommand.DefaultSpeed:0} s; 1 = real time)" };
        var demoQuiet = new Option<bool>("--quiet") { Description = "no live status line, only the final summary" };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "do not serve the live dashboard (on by default in the demo)" };
        var (demoBind, demoPort) = DashboardOptions();
        var demo = new Command("demo", "run the motor-imagery demo on the recording shipped with NeuroRT (no argument, no network)") { demoSpeed, demoQuiet, noDashboard, demoBind, demoPort };
        demo.SetAction(r => DemoCommand.Execute(new RunOptions(r.GetValue(demoSpeed), r.GetValue(demoQuiet))
        {
            Dashboard = !r.GetValue(noDashboard),
            DashboardBind = r.GetValue(demoBind),
            DashboardPort = r.GetValue(demoPort),
        }));
        root.Add(demo);

        // Offline fitting of what the online stages apply (CSP filters, tangent-space reference).
        root.Add(Commands.Fit.FitCommand.Create());

        // NeuroCoreX network description files: validate and compile what the board is loaded with.
        root.Add(SnnCommand.Create());

        var components = new Command("components", "list the sources, stages and outputs pipeline files can use, with their parameters");
        components.SetAction(_ => ComponentsCommand.Execute());
        root.Add(components);

        // Lab Streaming Layer tools: see what is on the network, check it, send, receive and replay streams.
        root.Add(StreamsCommand.Create());
        root.Add(DoctorCommand.Create());
        root.Add(new Command("lsl", "send or receive a single LSL stream (Lab Streaming Layer) from the command line") { ReceiveCommand.Create(), SendCommand.Create() });
        root.Add(ReplayCommand.Create());
        root.Add(InfoCommand.Create());
        root.Add(Commands.Record.RecordCommand.Create());

        // Seizure alarms scored against annotated seizures (SzCORE).
        root.Add(ScoreCommand.Create());

        // Device models where programs expect the real device (the NeuroCoreX board on a pseudo-terminal).
        root.Add(DeviceCommand.Create());

        // Measured latency and scale (the end-to-end harness, docs/performance.md).
        root.Add(BenchCommand.Create());

        return root;
    }

    private static (Option<string?> Bind, Option<int> Port) DashboardOptions() =>
        (new Option<string?>("--dashboard-bind") { Description = "the address the dashboard listens on (default 127.0.0.1: this machine only; 0.0.0.0 exposes it, token-protected, to the network)", HelpName = "ADDRESS" },
         new Option<int>("--dashboard-port") { Description = "the dashboard's TCP port (default: a free one)", HelpName = "PORT" });
}
