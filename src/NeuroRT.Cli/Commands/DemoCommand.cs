using NeuroRT.Formats.Sources;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Cli.Commands;

/// <summary>
/// <c>neurort demo</c>: the motor-imagery pipeline on the EEGMMIDB recording S001R04 shipped inside
/// NeuroRT (PhysioNet, ODC-By 1.0), made network-real: the recording is served by an LSL outlet
/// (<c>NeuroRT-demo</c>, visible to any LSL program on the network while the demo runs) and the pipeline
/// receives it through an LSL inlet, as it would from an amplifier. Needs no argument and no other files.
/// Both ends use the LSL configuration found as liblsl finds it (<c>$LSLAPICFG</c> first, see
/// <see cref="LslConfig"/>), so pointing LSLAPICFG at a file with other ports and a session id of its own keeps the
/// demo's stream apart from every other LSL program (the dashboard's browser test does that).
/// </summary>
public static class DemoCommand
{
    /// <summary>Default replay speed of the demo (the recording lasts 125 s).</summary>
    public const double DefaultSpeed = 4;

    /// <summary>Name of the stream the demo serves.</summary>
    public const string StreamName = "NeuroRT-demo";

    /// <summary>The demo pipeline shipped next to the program.</summary>
    public static string PipelinePath => Path.Combine(AppContext.BaseDirectory, "pipelines", "motor-imagery-lsl.yaml");

    /// <summary>The recording shipped next to the program.</summary>
    public static string RecordingPath => Path.Combine(AppContext.BaseDirectory, "samples", "S001R04.edf");

    /// <summary>Runs the demo; returns the exit code.</summary>
    public static int Execute(RunOptions options)
    {
        foreach (string file in new[] { PipelinePath, RecordingPath })
        {
            if (File.Exists(file)) continue;
            Console.Error.WriteLine($"error: {file} is missing from this installation; rebuild NeuroRT (dotnet build) to restore it");
            return ExitCodes.InvalidPipeline;
        }

        double speed = options.Speed ?? DefaultSpeed;
        // A unique source_id, so that two demos on one network never receive each other's stream, and the local
        // host as a known peer, so that discovery works even where multicast and broadcast are filtered.
        string sourceId = $"neurort-demo-{Environment.ProcessId}-{Random.Shared.Next(1_000_000)}";
        LslConfig config;
        try
        {
            config = LslConfig.Current;
        }
        catch (LslConfigException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidPipeline;
        }

        config = config with { KnownPeers = [.. config.KnownPeers, "127.0.0.1"] };
        using var relay = new SourceRelay(new EdfSource { Path = RecordingPath, Speed = speed }, StreamName, sourceId, new LslOutletOptions { Config = config }, speed);
        Console.Error.WriteLine($"demo: serving {Path.GetFileName(RecordingPath)} as LSL stream {StreamName} (uid {relay.Outlet.Info.Uid}, port {relay.Outlet.Info.V4DataPort}) at {(speed == 0 ? "full speed" : $"{speed:0.##} x real time")}");

        if (!RunCommand.DashboardFor(options, out var dashboard)) return ExitCodes.InvalidInput;
        using var ownDashboard = dashboard;
        LoadedPipeline loaded;
        LslSource? inlet = null;
        try
        {
            loaded = PipelineLoader.Load(PipelinePath, new LoadOptions
            {
                ConfigureSource = source =>
                {
                    if (source is not LslSource lsl) return;
                    inlet = lsl;
                    lsl.SourceId = sourceId;
                    lsl.KnownPeers = ["127.0.0.1"];
                    lsl.Lossless = speed == 0;
                },
                Dashboard = dashboard,
            });
        }
        catch (PipelineFileException e)
        {
            foreach (var d in e.Diagnostics) Console.Error.WriteLine(d);
            return ExitCodes.InvalidPipeline;
        }

        using (loaded)
        using (var served = new CancellationTokenSource())
        {
            // Serve once the pipeline's inlet is connected (a consumer only gets samples pushed after its handshake),
            // and end the live run once everything served has been received.
            Exception? failure = null;
            var server = new Thread(() =>
            {
                try
                {
                    if (!relay.Outlet.WaitForConsumers(30)) throw new TimeoutException("the demo pipeline did not connect to the demo stream within 30 s");
                    relay.Run(served.Token);
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (inlet?.Inlet is { } i && i.SamplesReceived < relay.SamplesServed && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Thread.Sleep(200);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    served.Cancel();
                }
            }) { IsBackground = true, Name = "demo relay" };
            server.Start();
            int code = RunCommand.Run(loaded, options with { Speed = speed, Stop = served.Token }, dashboard);
            served.Cancel();
            server.Join(5000);
            if (failure is not null)
            {
                Console.Error.WriteLine($"error: demo stream: {failure.Message}");
                return ExitCodes.RunFailed;
            }

            return code;
        }
    }
}
