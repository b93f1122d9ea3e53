using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// The transport floor (<c>e2e-relay CONFIG STREAM COMMANDS</c>): the same kind of child process as the
/// node, but with NeuroRT replaced by a plain relay. It receives the amplifier's stream exactly as the
/// <c>lsl</c> source does (<c>inlet.Pull(chunk, 100)</c> in a tight loop) and sends one marker per received
/// sample, with that sample's timestamp, on a marker outlet, as the <c>lsl-outlet</c> output does: so the
/// harness sees the same two LSL hops with nothing between them. Stops on <c>stop</c> or end of stdin.
/// </summary>
public static class RelayMain
{
    /// <summary>Runs the relay; 0 when it stopped cleanly.</summary>
    public static int Run(string[] args)
    {
        if (args.Length is not (3 or 4)) { Console.Error.WriteLine("usage: e2e-relay LSL_API.CFG STREAM COMMANDS [NICE]"); return 2; }
        int priority = args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var config = LslConfig.Load(args[0]);
        IReadOnlyList<LslStreamInfo> found;
        using (var resolver = new LslResolver(config, Lsl.Diagnostics.StderrLslLog.Instance))
            found = resolver.Resolve(StreamQuery.ByProperty(config.SessionId, "name", args[1]), 1, 20);
        if (found.Count == 0) { Console.Error.WriteLine($"e2e-relay: stream '{args[1]}' not found within 20 s"); return 1; }
        using var inlet = new LslInlet(found[0], new LslInletOptions { Config = config, ClockSync = false });
        inlet.Open(10);
        using var outlet = new LslOutlet(MarkerStream.Describe(args[2], "Markers", ""), new LslOutletOptions { Config = config });
        var stop = false;
        var stdin = new Thread(() =>
        {
            string? line;
            while ((line = Console.ReadLine()) is not null && line != "stop") { }
            Volatile.Write(ref stop, true);
        }) { IsBackground = true };
        stdin.Start();
        Console.WriteLine("running");
        Console.Out.Flush();
        var chunk = new SampleChunk(found[0].ChannelFormat, found[0].ChannelCount, 1024);
        string[] marker = ["x"];
        long relayed = 0;
        var worker = new Thread(() =>
        {
            // The same priority the node's pipeline gets, so the floor is measured on equal terms.
            if (priority != 0 && Core.Threading.ThreadScheduling.TrySetNice(priority) is { } refused) Console.Error.WriteLine("e2e-relay: " + refused);
            while (!Volatile.Read(ref stop))
            {
                int n = inlet.Pull(chunk, 100);
                for (int s = 0; s < n; s++) outlet.PushSample(marker, chunk.Timestamps[s], pushthrough: s == n - 1);
                relayed += n;
            }
        }) { Name = "e2e-relay", Priority = ThreadPriority.AboveNormal };
        worker.Start();
        worker.Join();
        Console.WriteLine($"relayed {relayed} dropped {outlet.SamplesDropped}");
        return 0;
    }
}
