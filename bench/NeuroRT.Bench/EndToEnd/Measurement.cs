using System.Globalization;
using System.Diagnostics;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// One end-to-end run: an isolated LSL network, the amplifier in this process, the node (a pipeline, or the
/// relay) in a child process, the command receiver in this process; warm-up, then the measured part.
/// </summary>
public static class Measurement
{
    /// <summary>What one run gave.</summary>
    public sealed record Result(Scenario Scenario, bool Relay, LatencySamples Latency, NodeReport Node, long Received, long Unmatched,
        long Detections, int Events, long OutletDropped, long Pushed, double NodeCores, double HarnessCores, double OtherCores, double Seconds, LatencySamples[] Intervals);

    /// <summary>Runs <paramref name="scenario"/> (or the relay on its stream) for <paramref name="warmup"/> + <paramref name="seconds"/>.</summary>
    public static Result Run(Scenario scenario, bool relay, double seconds, double warmup, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> nodeOptions, double intervalSeconds = 0, Action<double>? progress = null, int priority = 0)
    {
        LslConfig config = LslLoopback.IsolatedConfig();
        string folder = Directory.CreateTempSubdirectory("neurort-e2e-").FullName;
        try
        {
            string configFile = Scenario.WriteConfig(config, folder);
            string stream = $"e2e-amp-{scenario.Key}";
            string commands = $"e2e-commands-{scenario.Key}";
            int total = (int)((warmup + seconds) * scenario.Rate) / scenario.ChunkSamples * scenario.ChunkSamples;
            int firstMeasured = (int)(warmup * scenario.Rate);
            using var amplifier = new Amplifier(config, stream, scenario.Channels, scenario.Rate, scenario.ChunkSamples, total, seed: 7);
            var args = new List<string>();
            if (relay) args.AddRange(["e2e-relay", configFile, stream, commands, priority.ToString(CultureInfo.InvariantCulture)]);
            else
            {
                string pipeline = Path.Combine(folder, $"e2e-{scenario.Key}.yaml");
                File.WriteAllText(pipeline, scenario.PipelineText(stream, commands, configFile, priority));
                args.AddRange(["e2e-node", pipeline, .. nodeOptions]);
            }

            using var node = NodeProcess.Start(args, environment);
            if (!node.WaitRunning(TimeSpan.FromSeconds(90)))
                throw new InvalidOperationException($"the {(relay ? "relay" : "node")} for {scenario.Title} did not start: {node.Stop().Trim()}");
            if (!amplifier.Outlet.WaitForConsumers(20)) throw new InvalidOperationException($"the node did not connect to {stream} within 20 s");
            using var receiver = CommandReceiver.Connect(config, commands, amplifier, firstMeasured, total + 1000, scenario.EventClass, 20, intervalSeconds);
            var cpu = CpuLoad.Now();
            var nodeCpu = node.CpuTime;
            long start = Stopwatch.GetTimestamp();
            using (var ticker = progress is null ? null : new Timer(_ => progress((double)amplifier.Pushed / total), null, 250, 250))
                amplifier.Run(CancellationToken.None);
            progress?.Invoke(1);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double nodeCores = (node.CpuTime - nodeCpu).TotalSeconds / elapsed;
            var (own, others) = CpuLoad.Now().Since(cpu);
            receiver.Finish(300);
            if (receiver.Failure is { } failure) throw new InvalidOperationException($"the command receiver failed: {failure.Message}", failure);
            var report = NodeReport.Parse(node.Stop());
            int events = 0;
            foreach (int onset in amplifier.Onsets) if (onset >= firstMeasured) events++;
            return new Result(scenario, relay, receiver.Latency, report, receiver.Received, receiver.Unmatched, receiver.Detections, events,
                amplifier.Outlet.SamplesDropped, amplifier.Pushed, nodeCores, own, others < 0 ? -1 : Math.Max(0, others - nodeCores), elapsed, receiver.Intervals);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
