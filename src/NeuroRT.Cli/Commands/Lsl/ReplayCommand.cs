using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Xdf;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// <c>neurort replay FILE --to-lsl</c>: a recording served as live LSL streams at its real rate (or N times faster):
/// an EDF/EDF+/BDF or BrainVision recording as one stream, an XDF recording as one stream per stream of the file.
/// </summary>
internal static class ReplayCommand
{
    private sealed record Settings(string File, bool ToLsl, string? Name, string? SourceId, bool Loop, double Speed, string? Stream, bool WaitConsumer);

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "the recording: EDF, EDF+ or BDF (.edf, .bdf), BrainVision (.vhdr) or XDF (.xdf)", HelpName = "FILE" };
        var toLsl = new Option<bool>("--to-lsl") { Description = "serve the recording as live LSL streams (the only replay target so far)" };
        var name = new Option<string?>("--name") { Description = "stream name (default: the file name without its extension; XDF: the stream's own name, renamed only when one stream is served)", HelpName = "NAME" };
        var sourceId = new Option<string?>("--source-id") { Description = "source_id of the stream (default neurort-replay-NAME)", HelpName = "ID" };
        var loop = new Option<bool>("--loop") { Description = "start again from the beginning when the recording ends (until Ctrl-C); timestamps keep going forward" };
        var speed = new Option<double>("--speed") { Description = "1 = real time (default), N = N times faster, 0.5 = half speed", DefaultValueFactory = _ => 1, HelpName = "N" };
        var stream = new Option<string?>("--stream") { Description = "XDF only: serve just the stream of this name (default: every stream of the file)", HelpName = "NAME" };
        var waitConsumer = new Option<bool>("--wait-consumer") { Description = "start the replay once every stream served has a consumer, so they receive it from its first sample" };
        var command = new Command("replay",
            "play a recording back as if it were live: with --to-lsl an EDF/EDF+/BDF or BrainVision recording becomes an LSL stream at its own " +
            "sampling rate, with its channel labels and units, and an XDF recording becomes one LSL stream per stream of the file (names, types, " +
            "channel labels and marker streams kept, all on one timeline), for any LSL program (LabRecorder, OpenViBE, a NeuroRT pipeline) to receive")
        {
            file, toLsl, name, sourceId, loop, speed, stream, waitConsumer,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: false);
        command.SetAction(r =>
        {
            var s = new Settings(r.GetValue(file)!, r.GetValue(toLsl), r.GetValue(name), r.GetValue(sourceId), r.GetValue(loop), r.GetValue(speed), r.GetValue(stream), r.GetValue(waitConsumer));
            if (!s.ToLsl)
            {
                Console.Error.WriteLine("error: say where to replay to: only --to-lsl exists so far (neurort replay FILE --to-lsl); " +
                                        "to run a pipeline on a recording, use an 'edf', 'brainvision' or 'xdf' source in a pipeline file with 'neurort run'");
                return ExitCodes.InvalidInput;
            }

            if (!(s.Speed > 0) || double.IsInfinity(s.Speed))
            {
                Console.Error.WriteLine($"error: --speed must be a positive factor (1 = real time), got {s.Speed.ToString(CultureInfo.InvariantCulture)}; a live stream cannot be served 'as fast as possible'");
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

        string extension = Path.GetExtension(s.File).ToLowerInvariant();
        if (extension == ".xdf") return ServeXdf(config, s);
        RecordingSource? source = extension switch
        {
            ".edf" or ".bdf" => new EdfSource { Path = s.File },
            ".vhdr" => new BrainVisionSource { Path = s.File },
            _ => null,
        };
        if (source is null)
        {
            Console.Error.WriteLine($"error: {s.File}: not a recording replay reads: give an EDF/EDF+/BDF (.edf, .bdf), BrainVision (.vhdr) or XDF (.xdf) file");
            return ExitCodes.InvalidInput;
        }

        if (s.Stream is not null)
        {
            source.Dispose();
            Console.Error.WriteLine($"error: --stream picks a stream of an XDF file; {s.File} holds one stream");
            return ExitCodes.InvalidInput;
        }

        string name = s.Name ?? Path.GetFileNameWithoutExtension(s.File);
        if (name.Length == 0)
        {
            Console.Error.WriteLine("error: --name: give the stream a name");
            return ExitCodes.InvalidInput;
        }

        source.Speed = s.Speed;
        source.Loop = s.Loop ? 0 : 1;
        string sourceId = s.SourceId ?? $"neurort-replay-{name}";
        SourceRelay relay;
        try
        {
            relay = new SourceRelay(source, name, sourceId, new LslOutletOptions { Config = config }, s.Speed);
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
            return PortsFailed(config, e);
        }

        using (relay)
        {
            return Serve(relay, source, s);
        }
    }

    private static int Serve(SourceRelay relay, RecordingSource source, Settings s)
    {
        var info = relay.Outlet.Info;
        double rate = relay.Format.NominalRate;
        double duration = s.Loop ? source.PassSeconds ?? 0 : source.DurationSeconds ?? 0;
        Console.Error.WriteLine($"replaying {s.File} ({Seconds(duration)} s{SpeedText(s)}) as LSL stream {ReceiveCommand.Describe(info)}, source_id '{info.SourceId}', session '{info.SessionId}'");
        Console.Error.WriteLine($"uid {info.Uid}; data port TCP {info.V4DataPort}, service port UDP {info.V4ServicePort}; {(s.Loop ? "looping; " : "")}Ctrl-C stops");

        using var stop = new StopSignal();
        if (s.WaitConsumer && !WaitForConsumers([relay.Outlet], stop)) return Finished(stop, "stopped: no consumer came");
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { relay.Run(stop.Token); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "replay" };
        thread.Start();

        var progress = new ProgressLine();
        string Status() =>
            $"{Seconds(relay.SamplesServed / rate)} s served{(s.Loop ? $" (pass {source.Counters.Passes})" : $" of {Seconds(duration)} s")} | " +
            $"{relay.Outlet.ConsumerCount} consumer{(relay.Outlet.ConsumerCount == 1 ? "" : "s")} | {relay.Outlet.SamplesDropped:N0} dropped";
        while (!thread.Join(100)) progress.Update(Status);
        progress.Clear();
        if (failure is not null)
        {
            Console.Error.WriteLine($"error: {s.File}: {failure.Message}");
            return ExitCodes.RunFailed;
        }

        if (!stop.IsStopping) stop.Sleep(500); // let the last chunk reach the consumers before the outlet closes
        return Finished(stop, Status());
    }

    private static int ServeXdf(LslConfig config, Settings s)
    {
        XdfFile file;
        try
        {
            file = XdfFile.Read(s.File);
        }
        catch (Exception e) when (e is XdfFormatException or IOException)
        {
            Console.Error.WriteLine($"error: {(e is XdfFormatException ? e.Message : $"{s.File}: {e.Message}")}");
            return ExitCodes.InvalidInput;
        }

        if (s.Name is { Length: 0 })
        {
            Console.Error.WriteLine("error: --name: give the stream a name");
            return ExitCodes.InvalidInput;
        }

        XdfRelay relay;
        try
        {
            relay = new XdfRelay(file, s.Stream, s.Name, s.SourceId, new LslOutletOptions { Config = config }, s.Speed);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (SocketException e)
        {
            return PortsFailed(config, e);
        }

        using (relay)
        {
            foreach (string warning in file.Warnings) Console.Error.WriteLine($"warning: {warning}");
            Console.Error.WriteLine($"replaying {s.File} ({Seconds(relay.PassSeconds)} s{SpeedText(s)}) as {relay.Streams.Count} LSL stream{(relay.Streams.Count == 1 ? "" : "s")}, session '{relay.Streams[0].Outlet.Info.SessionId}':");
            foreach (var served in relay.Streams)
                Console.Error.WriteLine($"  {ReceiveCommand.Describe(served.Outlet.Info)}, {served.Stream.SampleCount} samples, source_id '{served.Outlet.Info.SourceId}', data port TCP {served.Outlet.Info.V4DataPort}");
            Console.Error.WriteLine($"{(s.Loop ? "looping; " : "")}Ctrl-C stops");

            using var stop = new StopSignal();
            if (s.WaitConsumer && !WaitForConsumers(relay.Streams.Select(x => x.Outlet).ToArray(), stop)) return Finished(stop, "stopped: not every stream got a consumer");
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { relay.Run(s.Loop, stop.Token); }
                catch (Exception e) { failure = e; }
            }) { IsBackground = true, Name = "replay" };
            thread.Start();

            var progress = new ProgressLine();
            string Status()
            {
                int consumers = relay.Streams.Sum(x => x.Outlet.ConsumerCount);
                long dropped = relay.Streams.Sum(x => x.Outlet.SamplesDropped);
                return $"{relay.SamplesServed:N0} samples served{(s.Loop ? $" (pass {relay.Passes})" : "")} | {consumers} consumer{(consumers == 1 ? "" : "s")} | {dropped:N0} dropped";
            }

            while (!thread.Join(100)) progress.Update(Status);
            progress.Clear();
            if (failure is not null)
            {
                Console.Error.WriteLine($"error: {s.File}: {failure.Message}");
                return ExitCodes.RunFailed;
            }

            if (!stop.IsStopping) stop.Sleep(500); // let the last samples reach the consumers before the outlets close
            return Finished(stop, Status());
        }
    }

    // Waits until each outlet has a consumer; false when stopped first.
    private static bool WaitForConsumers(LslOutlet[] outlets, StopSignal stop)
    {
        Console.Error.WriteLine($"waiting for a consumer on {(outlets.Length == 1 ? "the stream" : $"each of the {outlets.Length} streams")}");
        foreach (var outlet in outlets)
            while (!outlet.WaitForConsumers(0.2))
                if (stop.IsStopping) return false;
        return true;
    }

    private static int Finished(StopSignal stop, string status)
    {
        Console.Error.WriteLine($"{(stop.IsStopping ? "stopped" : "finished")}: {status}");
        return ExitCodes.Ok;
    }

    private static int PortsFailed(LslConfig config, SocketException e)
    {
        Console.Error.WriteLine($"error: cannot open the LSL ports {config.BasePort}-{config.BasePort + config.PortRange - 1} ({e.SocketErrorCode}: {e.Message}); 'neurort doctor' checks them");
        return ExitCodes.LslFailed;
    }

    private static string SpeedText(Settings s) => s.Speed == 1 ? "" : $" at {s.Speed.ToString("0.###", CultureInfo.InvariantCulture)} x";

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
