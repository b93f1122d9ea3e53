using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Cli.Commands.Lsl;
using NeuroRT.Formats.Recording;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Commands.Record;

/// <summary><c>neurort record OUT.xdf</c>: LSL streams to an XDF file, as LabRecorder does.</summary>
internal static class RecordCommand
{
    private sealed record Settings(string Output, string[] Names, string[] Types, bool All, double Duration, double Timeout, bool Overwrite);

    public static Command Create()
    {
        var output = new Argument<string>("OUT.xdf") { Description = "the XDF file to write" };
        var stream = new Option<string[]>("--stream") { Description = "record the stream(s) of this name; repeatable", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var type = new Option<string[]>("--type") { Description = "record every stream of this content type (e.g. EEG, Markers); repeatable", HelpName = "TYPE" };
        var all = new Option<bool>("--all") { Description = "record every stream visible in the session" };
        var duration = new Option<double>("--duration") { Description = "stop after this many seconds (default: until Ctrl-C)", HelpName = "SECONDS" };
        var timeout = new Option<double>("--timeout") { Description = "seconds to look for the streams before giving up", HelpName = "SECONDS", DefaultValueFactory = _ => 10 };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace OUT.xdf if it exists (default: refuse, so no recording is lost)" };
        var command = new Command("record",
            "record LSL streams to an XDF file (as LabRecorder): samples with the streams' own time stamps, clock offsets every 5 s, " +
            "boundary chunks and stream footers; markers as text, numbers in their own format. A live line shows duration, file size, " +
            "samples per stream and drops; data reaches the disk at least every 250 ms, so a crash loses at most that")
        {
            output, stream, type, all, duration, timeout, overwrite,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: true);
        command.SetAction(r =>
        {
            var config = network.Load(r);
            if (config is null) return ExitCodes.InvalidInput;
            return Execute(config, new Settings(r.GetValue(output)!, r.GetValue(stream) ?? [], r.GetValue(type) ?? [], r.GetValue(all),
                r.GetValue(duration), r.GetValue(timeout), r.GetValue(overwrite)));
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

        using var stop = new StopSignal();
        Console.Error.WriteLine($"looking for {Wanted(s)} in session '{config.SessionId}' (up to {Seconds(s.Timeout)} s) ...");
        IReadOnlyList<LslStreamInfo> found = Resolve(config, s, stop.Token);
        if (stop.IsStopping) return ExitCodes.Ok;
        string[] missing = [.. s.Names.Distinct().Where(n => !found.Any(f => f.Name == n))];
        if (found.Count == 0 || missing.Length > 0)
        {
            string which = missing.Length > 0 ? string.Join(", ", missing.Select(n => $"'{n}'")) : Wanted(s);
            Console.Error.WriteLine($"error: LSL stream {which} not found within {Seconds(s.Timeout)} s in session '{config.SessionId}' " +
                                    $"(settings: {LslNetworkOptions.Describe(config)}){(found.Count > 0 ? "; found: " + string.Join(", ", found.Select(f => $"'{f.Name}'")) : "")}; " +
                                    "'neurort streams' lists the visible streams, 'neurort doctor' checks the network");
            return ExitCodes.LslFailed;
        }

        var inlets = new List<LslInlet>();
        foreach (LslStreamInfo resolved in found)
        {
            LslInlet? inlet = Connect(config, resolved, s.Timeout, stop.Token);
            if (inlet is null)
            {
                foreach (var opened in inlets) opened.Dispose();
                return stop.IsStopping ? ExitCodes.Ok : ExitCodes.LslFailed;
            }

            inlets.Add(inlet);
        }

        XdfRecorder recorder;
        try
        {
            recorder = new XdfRecorder(s.Output);
        }
        catch (IOException e)
        {
            foreach (var inlet in inlets) inlet.Dispose();
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var recordings = new List<StreamRecording>();
        foreach (var inlet in inlets) recordings.Add(new StreamRecording(inlet, recorder, cancel.Token));
        foreach (var r in recordings) r.Start();
        Console.Error.WriteLine($"recording {recordings.Count} stream{(recordings.Count == 1 ? "" : "s")} to {s.Output}: " +
                                string.Join(", ", recordings.Select(r => ReceiveCommand.Describe(r.Inlet.Info))) +
                                (s.Duration > 0 ? $"; stopping after {Seconds(s.Duration)} s" : "; Ctrl-C stops"));
        return Record(recorder, recordings, s, stop, cancel);
    }

    private static int Record(XdfRecorder recorder, List<StreamRecording> recordings, Settings s, StopSignal stop, CancellationTokenSource cancel)
    {
        var progress = new ProgressLine();
        var reported = new HashSet<StreamRecording>();
        while (!stop.IsStopping && (s.Duration <= 0 || recorder.Elapsed.TotalSeconds < s.Duration) && recorder.Failure is null)
        {
            foreach (var r in recordings)
            {
                while (r.Inlet.TryGetEvent(out LslInletEvent? e))
                {
                    progress.Clear();
                    Console.Error.WriteLine(e!.Kind == LslInletEventKind.Recovered
                        ? $"stream '{r.Name}' is back; recording continues in the same XDF stream: {e}"
                        : $"warning: stream '{r.Name}' vanished: {e}");
                }

                if (r.Ended is { } why && reported.Add(r))
                {
                    progress.Clear();
                    Console.Error.WriteLine($"warning: stream '{r.Name}' no longer recorded: {why}");
                }
            }

            if (reported.Count == recordings.Count) break;
            progress.Update(() => Status(recorder, recordings));
            int left = s.Duration > 0 ? (int)Math.Ceiling((s.Duration - recorder.Elapsed.TotalSeconds) * 1000) : 100;
            stop.Sleep(Math.Clamp(left, 1, 100));
        }

        cancel.Cancel();
        foreach (var r in recordings) r.Join();
        foreach (var r in recordings) r.Dispose();
        recorder.Close();
        progress.Clear();
        if (recorder.Failure is { } failure)
        {
            Console.Error.WriteLine($"error: {failure.Message}; the file holds what was written before");
            return ExitCodes.RunFailed;
        }

        Console.Error.WriteLine($"done: {Status(recorder, recordings)}");
        return ExitCodes.Ok;
    }

    private static string Status(XdfRecorder recorder, List<StreamRecording> recordings)
    {
        var text = new StringBuilder();
        TimeSpan t = recorder.Elapsed;
        text.Append(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00} | {Size(recorder.BytesWritten)} | ");
        long drops = 0;
        foreach (var r in recordings)
        {
            XdfRecordedStreamStats stats = recorder.Stats(r.Id);
            drops += stats.DroppedSamples + r.Inlet.SamplesLostInGaps;
            text.Append(CultureInfo.InvariantCulture, $"{r.Name} {stats.Samples:N0} | ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{drops:N0} dropped");
        return text.ToString();
    }

    private static IReadOnlyList<LslStreamInfo> Resolve(LslConfig config, Settings s, CancellationToken cancel)
    {
        string query = StreamQuery.All(config.SessionId);
        if (!s.All)
        {
            IEnumerable<string> terms = s.Names.Select(n => $"name='{n}'").Concat(s.Types.Select(t => $"type='{t}'"));
            query = StreamQuery.ByPredicate(config.SessionId, "(" + string.Join(" or ", terms) + ")");
        }

        // Look in short windows until every named stream has answered (a stream matched by --type may answer
        // first) and, for --type and --all, for at least a second so that every outlet had time to answer.
        string[] names = [.. s.Names.Distinct()];
        double minimumWait = s.All || s.Types.Length > 0 ? Math.Min(1.0, s.Timeout) : 0;
        var found = new List<LslStreamInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var resolver = new LslResolver(config);
        while (!cancel.IsCancellationRequested)
        {
            double left = s.Timeout - watch.Elapsed.TotalSeconds;
            if (left <= 0) break;
            foreach (LslStreamInfo info in resolver.Resolve(query, int.MaxValue, Math.Min(0.5, left), 0, cancel))
                if (seen.Add(info.Uid)) found.Add(info);
            bool allNamed = Array.TrueForAll(names, n => found.Exists(f => f.Name == n));
            if (found.Count > 0 && allNamed && watch.Elapsed.TotalSeconds >= minimumWait) break;
        }

        return found;
    }

    private static LslInlet? Connect(LslConfig config, LslStreamInfo resolved, double timeout, CancellationToken cancel)
    {
        LslStreamInfo info = resolved;
        try
        {
            info = InfoFetcher.FetchFullInfo(resolved, Math.Min(5, timeout));
        }
        catch (Exception e) when (e is TimeoutException or LslProtocolException or LslInfoException or SocketException or IOException)
        {
            Console.Error.WriteLine($"warning: stream {resolved.Name}: no full description ({e.Message}); its channels are recorded without labels");
        }

        var inlet = new LslInlet(info, new LslInletOptions { Config = config, ClockSync = false, Recover = true, Log = StderrLslLog.Instance });
        try
        {
            inlet.Open(Math.Max(timeout, 5), cancel);
            return inlet;
        }
        catch (Exception e) when (e is TimeoutException or LslProtocolException or LslStreamGoneException or SocketException or IOException or OperationCanceledException)
        {
            inlet.Dispose();
            if (!cancel.IsCancellationRequested) Console.Error.WriteLine($"error: stream {info.Name} at {info.V4Address}:{info.V4DataPort}: cannot connect: {e.Message}");
            return null;
        }
    }

    private static string? Invalid(Settings s)
    {
        if (!s.All && s.Names.Length == 0 && s.Types.Length == 0) return "say what to record: --stream NAME, --type TYPE (both repeatable) or --all";
        foreach (string value in s.Names.Concat(s.Types))
        {
            if (value.Length == 0) return "--stream/--type: a name or type cannot be empty";
            if (value.Contains('\'')) return $"--stream/--type '{value}': LSL queries cannot contain a single quote";
        }

        if (s.Duration < 0 || double.IsNaN(s.Duration) || double.IsInfinity(s.Duration)) return $"--duration {Seconds(s.Duration)}: expected a positive number of seconds";
        if (!(s.Timeout > 0) || double.IsInfinity(s.Timeout)) return $"--timeout {Seconds(s.Timeout)}: expected a positive number of seconds";
        string full = Path.GetFullPath(s.Output);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) return $"{s.Output}: the folder {folder} does not exist";
        if (Directory.Exists(full)) return $"{s.Output}: is a folder; give the XDF file to write";
        if (File.Exists(full) && !s.Overwrite) return $"{s.Output}: the file exists; give another name or --overwrite to replace it";
        return null;
    }

    private static string Wanted(Settings s)
    {
        if (s.All) return "every LSL stream";
        var parts = s.Names.Select(n => $"'{n}'").Concat(s.Types.Select(t => $"type '{t}'"));
        return "LSL streams " + string.Join(", ", parts);
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1 << 10 => $"{bytes} B",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} kB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.00} GB"),
    };

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
