using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary><c>neurort lsl receive</c>: one LSL stream to CSV (stdout or a file), exact values, one line per sample.</summary>
internal static class ReceiveCommand
{
    private sealed record Settings(string Name, string? Type, string? SourceId, long Samples, string? Csv, bool Corrected, double Timeout);

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "name of the stream to receive, as shown by 'neurort streams' (e.g. BioSemi, OpenBCI_EEG)", Required = true, HelpName = "NAME" };
        var type = new Option<string?>("--type") { Description = "only a stream of this content type (e.g. EEG, Markers)", HelpName = "TYPE" };
        var sourceId = new Option<string?>("--source-id") { Description = "only the stream with this source_id (the device's id, e.g. a serial number): picks one of several streams with the same name", HelpName = "ID" };
        var samples = new Option<long>("--samples") { Description = "stop after this many samples (default: until Ctrl-C)", HelpName = "N" };
        var csv = new Option<string?>("--csv") { Description = "write the CSV to this file instead of standard output", HelpName = "FILE" };
        var corrected = new Option<bool>("--corrected")
        {
            Description = "timestamps in this computer's clock: add the clock offset to the sender, measured continuously (LSL time correction); default: timestamps as the sender stamped them",
        };
        var timeout = new Option<double>("--timeout") { Description = "seconds to look for the stream before giving up", HelpName = "SECONDS", DefaultValueFactory = _ => 10 };
        var command = new Command("receive",
            "receive one LSL stream and write it as CSV, one line per sample: index, timestamp (seconds, LSL clock), then one column per channel " +
            "with the channel labels of the stream as header; values exactly as sent (float32/double64 in shortest round-trip form, integers " +
            "as integers, markers as text). Status goes to standard error")
        {
            name, type, sourceId, samples, csv, corrected, timeout,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: true);
        command.SetAction(r =>
        {
            var config = network.Load(r);
            if (config is null) return ExitCodes.InvalidInput;
            return Execute(config, new Settings(r.GetValue(name)!, r.GetValue(type), r.GetValue(sourceId), r.GetValue(samples), r.GetValue(csv), r.GetValue(corrected), r.GetValue(timeout)));
        });
        return command;
    }

    private static int Execute(LslConfig config, Settings s)
    {
        if (Invalid(s) is { } problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            return ExitCodes.InvalidInput;
        }

        string query = StreamQuery.ByProperty(config.SessionId, "name", s.Name);
        if (!string.IsNullOrEmpty(s.Type)) query += $" and type='{s.Type}'";
        if (!string.IsNullOrEmpty(s.SourceId)) query += $" and source_id='{s.SourceId}'";
        string wanted = $"'{s.Name}'" + (string.IsNullOrEmpty(s.Type) ? "" : $" of type '{s.Type}'") + (string.IsNullOrEmpty(s.SourceId) ? "" : $" with source_id '{s.SourceId}'");

        using var stop = new StopSignal();
        Console.Error.WriteLine($"looking for LSL stream {wanted} in session '{config.SessionId}' (up to {Seconds(s.Timeout)} s) ...");
        IReadOnlyList<LslStreamInfo> found;
        using (var resolver = new LslResolver(config))
            found = resolver.Resolve(query, 1, s.Timeout, 0, stop.Token);
        if (found.Count == 0)
        {
            if (stop.IsStopping) return ExitCodes.Ok;
            Console.Error.WriteLine($"error: LSL stream {wanted} not found: no stream of that name answered within {Seconds(s.Timeout)} s in session '{config.SessionId}' " +
                                    $"(settings: {LslNetworkOptions.Describe(config)}); 'neurort streams' lists the visible streams, 'neurort doctor' checks the network");
            return ExitCodes.LslFailed;
        }

        var info = found[0];
        try
        {
            info = InfoFetcher.FetchFullInfo(info, Math.Min(5, s.Timeout));
        }
        catch (Exception e) when (e is TimeoutException or LslProtocolException or LslInfoException or SocketException or IOException)
        {
            Console.Error.WriteLine($"warning: stream {info.Name}: no full description ({e.Message}); channels are named ch1..ch{info.ChannelCount}");
        }

        using var inlet = new LslInlet(info, new LslInletOptions { Config = config, ClockSync = s.Corrected, Log = StderrLslLog.Instance });
        try
        {
            inlet.Open(Math.Max(s.Timeout, 5), stop.Token);
        }
        catch (Exception e) when (e is TimeoutException or LslProtocolException or LslStreamGoneException or SocketException or IOException or OperationCanceledException)
        {
            if (stop.IsStopping) return ExitCodes.Ok;
            Console.Error.WriteLine($"error: stream {info.Name} at {info.V4Address}:{info.V4DataPort}: cannot connect: {e.Message}");
            return ExitCodes.LslFailed;
        }

        if (s.Corrected && !inlet.Clock!.WaitValid(Math.Min(5, s.Timeout)))
            Console.Error.WriteLine($"warning: stream {info.Name}: no answer to time probes yet (UDP {info.V4Address}:{info.V4ServicePort}); timestamps stay uncorrected until the first clock offset is measured");

        TextWriter output;
        try
        {
            output = CsvSampleWriter.Open(s.Csv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: --csv {s.Csv}: cannot create the file: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        Console.Error.WriteLine($"receiving {Describe(info)} from {info.Hostname} ({info.V4Address}:{info.V4DataPort}), source_id '{info.SourceId}', " +
                                $"{(s.Corrected ? "timestamps corrected to this computer's clock" : "timestamps as sent")}, writing {(s.Csv is null ? "to standard output" : s.Csv)}" +
                                (s.Samples > 0 ? $", stopping after {s.Samples:N0} samples" : "; Ctrl-C stops"));
        using var csv = new CsvSampleWriter(output);
        return Receive(inlet, csv, s, stop);
    }

    private static int Receive(LslInlet inlet, CsvSampleWriter csv, Settings s, StopSignal stop)
    {
        var info = inlet.Info;
        var chunk = new SampleChunk(info.ChannelFormat, info.ChannelCount, 1024);
        var progress = new ProgressLine(screenShared: s.Csv is null);
        int result = ExitCodes.Ok;
        try
        {
            csv.WriteHeader(Labels(info));
            csv.Flush();
            while (!stop.IsStopping && (s.Samples <= 0 || csv.Rows < s.Samples))
            {
                int n = inlet.Pull(chunk, 100, stop.Token);
                for (int i = 0; i < n && (s.Samples <= 0 || csv.Rows < s.Samples); i++) csv.WriteSample(chunk, i);
                if (n > 0) csv.Flush();
                progress.Update(() => Status(inlet, csv));
            }
        }
        catch (LslStreamLostException e)
        {
            progress.Clear();
            Console.Error.WriteLine($"error: {e.Message}");
            result = ExitCodes.LslFailed;
        }
        catch (IOException)
        {
            // The reader of standard output went away (e.g. '| head'): stop quietly.
        }

        progress.Clear();
        Console.Error.WriteLine($"{(result == ExitCodes.Ok ? "done" : "stopped")}: {Status(inlet, csv)}");
        return result;
    }

    private static string Status(LslInlet inlet, CsvSampleWriter csv)
    {
        string text = $"{csv.Rows:N0} samples written | {inlet.State.ToString().ToLowerInvariant()}";
        if (inlet.Recoveries > 0) text += $" | {inlet.Recoveries} reconnection{(inlet.Recoveries == 1 ? "" : "s")}, {inlet.SamplesLostInGaps:N0} samples lost in gaps";
        if (inlet.Clock is { IsValid: true } clock) text += $" | clock offset {clock.Correction * 1000:+0.000;-0.000} ms";
        return text;
    }

    private static string[] Labels(LslStreamInfo info)
    {
        var labels = info.ChannelLabels();
        var result = new string[info.ChannelCount];
        for (int c = 0; c < result.Length; c++) result[c] = labels is not null && labels[c].Length > 0 ? labels[c] : $"ch{c + 1}";
        return result;
    }

    private static string? Invalid(Settings s)
    {
        if (s.Name.Length == 0) return "--name: give the name of the stream to receive";
        foreach (var (option, value) in new[] { ("--name", s.Name), ("--type", s.Type), ("--source-id", s.SourceId) })
            if (value is not null && value.Contains('\'')) return $"{option} '{value}': LSL queries cannot contain a single quote";
        if (s.Samples < 0) return $"--samples {s.Samples}: expected a number of samples >= 1";
        if (!(s.Timeout > 0) || double.IsInfinity(s.Timeout)) return $"--timeout {Seconds(s.Timeout)}: expected a positive number of seconds";
        if (s.Csv is not null)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(s.Csv));
            if (folder is not null && !Directory.Exists(folder)) return $"--csv {s.Csv}: the folder {folder} does not exist";
        }

        return null;
    }

    internal static string Describe(LslStreamInfo info) =>
        $"'{info.Name}' ({(info.Type.Length > 0 ? info.Type + ", " : "")}{info.ChannelCount} x {info.ChannelFormat.Name()} @ " +
        $"{(info.NominalRate > 0 ? info.NominalRate.ToString("0.###", CultureInfo.InvariantCulture) + " Hz" : "irregular rate")})";

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
