using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.Sources;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary><c>neurort replay FILE --to-lsl</c>: a recording served as a live LSL stream at its real rate.</summary>
internal static class ReplayCommand
{
    private sealed record Settings(string File, bool ToLsl, string? Name, string? SourceId, bool Loop);

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "the recording: EDF, EDF+ or BDF", HelpName = "FILE" };
        var toLsl = new Option<bool>("--to-lsl") { Description = "serve the recording as a live LSL stream (the only replay target so far)" };
        var name = new Option<string?>("--name") { Description = "stream name (default: the file name without its extension)", HelpName = "NAME" };
        var sourceId = new Option<string?>("--source-id") { Description = "source_id of the stream (default neurort-replay-NAME)", HelpName = "ID" };
        var loop = new Option<bool>("--loop") { Description = "start again from the beginning when the recording ends (until Ctrl-C)" };
        var command = new Command("replay",
            "play an EDF/EDF+/BDF recording back as if it were live: with --to-lsl it becomes an LSL stream at its own sampling rate, " +
            "with its channel labels and units, for any LSL program (LabRecorder, OpenViBE, a NeuroRT pipeline) to receive")
        {
            file, toLsl, name, sourceId, loop,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: false);
        command.SetAction(r =>
        {
            var s = new Settings(r.GetValue(file)!, r.GetValue(toLsl), r.GetValue(name), r.GetValue(sourceId), r.GetValue(loop));
            if (!s.ToLsl)
            {
                Console.Error.WriteLine("error: say where to replay to: only --to-lsl exists so far (neurort replay FILE --to-lsl); " +
                                        "to run a pipeline on a recording, use an 'edf' source in a pipeline file with 'neurort run'");
                return ExitCodes.InvalidInput;
            }

            var config = network.Load(r);
            return config is null ? ExitCodes.InvalidInput : Execute(config, s);
        });
        return command;
    }

    private static int Execute(LslConfig config, Settings s)
    {
        if (!File.Exists(s.File))
        {
            Console.Error.WriteLine($"error: {s.File}: no such file");
            return ExitCodes.InvalidInput;
        }

        string name = s.Name ?? Path.GetFileNameWithoutExtension(s.File);
        if (name.Length == 0)
        {
            Console.Error.WriteLine("error: --name: give the stream a name");
            return ExitCodes.InvalidInput;
        }

        string sourceId = s.SourceId ?? $"neurort-replay-{name}";
        var source = new EdfSource { Path = s.File, Speed = 1 };
        SourceRelay relay;
        try
        {
            relay = new SourceRelay(source, name, sourceId, new LslOutletOptions { Config = config }, speed: 1);
        }
        catch (StageConfigurationException e)
        {
            source.Dispose();
            Console.Error.WriteLine($"error: {s.File}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (SocketException e)
        {
            source.Dispose();
            Console.Error.WriteLine($"error: cannot open the LSL ports {config.BasePort}-{config.BasePort + config.PortRange - 1} ({e.SocketErrorCode}: {e.Message}); 'neurort doctor' checks them");
            return ExitCodes.LslFailed;
        }

        using (relay)
        {
            return Serve(relay, source, s);
        }
    }

    private static int Serve(SourceRelay relay, EdfSource source, Settings s)
    {
        var info = relay.Outlet.Info;
        double rate = relay.Format.NominalRate;
        double duration = source.DurationSeconds ?? 0;
        Console.Error.WriteLine($"replaying {s.File} ({Seconds(duration)} s) as LSL stream {ReceiveCommand.Describe(info)}, source_id '{info.SourceId}', session '{info.SessionId}'");
        Console.Error.WriteLine($"uid {info.Uid}; data port TCP {info.V4DataPort}, service port UDP {info.V4ServicePort}; {(s.Loop ? "looping; " : "")}Ctrl-C stops");

        using var stop = new StopSignal();
        Exception? failure = null;
        int rounds = 0;
        var thread = new Thread(() =>
        {
            try
            {
                do
                {
                    rounds++;
                    relay.Run(stop.Token);
                }
                while (s.Loop && !stop.IsStopping);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "replay" };
        thread.Start();

        var progress = new ProgressLine();
        string Status() =>
            $"{Seconds(relay.SamplesServed / rate)} s served{(s.Loop ? $" (pass {Volatile.Read(ref rounds)})" : $" of {Seconds(duration)} s")} | " +
            $"{relay.Outlet.ConsumerCount} consumer{(relay.Outlet.ConsumerCount == 1 ? "" : "s")} | {relay.Outlet.SamplesDropped:N0} dropped";
        while (!thread.Join(100)) progress.Update(Status);
        progress.Clear();
        if (failure is not null)
        {
            Console.Error.WriteLine($"error: {s.File}: {failure.Message}");
            return ExitCodes.RunFailed;
        }

        if (!stop.IsStopping) stop.Sleep(500); // let the last chunk reach the consumers before the outlet closes
        Console.Error.WriteLine($"{(stop.IsStopping ? "stopped" : "finished")}: {Status()}");
        return ExitCodes.Ok;
    }

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
