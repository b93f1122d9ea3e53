using System.CommandLine;
using System.Globalization;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;
using Spectre.Console;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary><c>neurort streams</c>: the LSL streams this computer can see, live or once.</summary>
internal static class StreamsCommand
{
    /// <summary>Seconds one live refresh listens for discovery replies (plus about 0.65 s of clock probes: a refresh every ~2 s).</summary>
    private const double LiveListenSeconds = 1.3;

    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "list the streams once and exit, instead of a live table refreshed every 2 s until Ctrl-C" };
        var wait = new Option<double>("--wait")
        {
            Description = "with --once: seconds to listen for streams before printing (longer finds slow or distant streams)",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 1.5,
        };
        var command = new Command("streams",
            "show the LSL streams visible from this computer (name, type, channels, format, rate, host, source_id, address, and the " +
            "clock offset and round trip measured to each): a live table until Ctrl-C, or once with --once")
        {
            once, wait,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: true);
        command.SetAction(r =>
        {
            var config = network.Load(r);
            if (config is null) return ExitCodes.InvalidInput;
            double seconds = r.GetValue(wait);
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                Console.Error.WriteLine($"error: --wait {seconds.ToString(CultureInfo.InvariantCulture)}: expected a positive number of seconds");
                return ExitCodes.InvalidInput;
            }

            return r.GetValue(once) ? Once(config, seconds) : Live(config);
        });
        return command;
    }

    private static int Once(LslConfig config, double waitSeconds)
    {
        var found = LslResolver.ResolveAll(waitSeconds, config);
        var console = Consoles.Stdout();
        if (found.Count == 0)
        {
            console.WriteLine(NoneFound(config, waitSeconds));
            console.WriteLine(Hint);
            return ExitCodes.Ok;
        }

        var rows = StreamTable.Measure(found, config);
        console.Write(StreamTable.Build(rows, ""));
        console.WriteLine($"{rows.Count} stream{(rows.Count == 1 ? "" : "s")} in session '{config.SessionId}' ({LslNetworkOptions.Describe(config)}). {StreamTable.Legend}");
        return ExitCodes.Ok;
    }

    private static int Live(LslConfig config)
    {
        using var stop = new StopSignal();
        var console = Consoles.Stdout();
        using var resolver = new LslResolver(config);
        if (Console.IsOutputRedirected)
        {
            // Not a terminal: print each refresh as a new table, with the time.
            while (!stop.IsStopping)
            {
                var rows = Refresh(resolver, config, stop.Token);
                if (stop.IsStopping) break;
                console.WriteLine($"{DateTime.Now:HH:mm:ss}");
                if (rows.Count == 0) console.WriteLine(NoneFound(config, LiveListenSeconds) + " " + Hint);
                else console.Write(StreamTable.Build(rows, ""));
            }

            return ExitCodes.Ok;
        }

        console.MarkupLine($"[grey]Looking for LSL streams in session '{Markup.Escape(config.SessionId)}' ({Markup.Escape(LslNetworkOptions.Describe(config))}); Ctrl-C stops.[/]");
        console.Live(StreamTable.Build([], "looking for streams ...")).AutoClear(false).Start(live =>
        {
            while (!stop.IsStopping)
            {
                var rows = Refresh(resolver, config, stop.Token);
                if (stop.IsStopping) break;
                string caption = rows.Count == 0
                    ? $"{NoneFound(config, LiveListenSeconds)} {Hint}"
                    : $"{rows.Count} stream{(rows.Count == 1 ? "" : "s")}, updated {DateTime.Now:HH:mm:ss}. {StreamTable.Legend}";
                live.UpdateTarget(StreamTable.Build(rows, caption));
            }
        });
        return ExitCodes.Ok;
    }

    private static List<StreamRow> Refresh(LslResolver resolver, LslConfig config, CancellationToken cancel)
    {
        IReadOnlyList<LslStreamInfo> found = resolver.Resolve(StreamQuery.All(config.SessionId), int.MaxValue, LiveListenSeconds, LiveListenSeconds, cancel);
        return cancel.IsCancellationRequested ? [] : StreamTable.Measure(found, config);
    }

    private static string NoneFound(LslConfig config, double seconds) =>
        $"no LSL streams found in session '{config.SessionId}' within {seconds.ToString("0.#", CultureInfo.InvariantCulture)} s (settings: {LslNetworkOptions.Describe(config)}).";

    private const string Hint = "If a stream should be there, run 'neurort doctor' to check this computer's network (firewall, multicast, KnownPeers).";
}
