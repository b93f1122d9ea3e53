using System.Text.Json.Nodes;
using NeuroRT.Core.Pipelines;
using NeuroRT.Formats.Sources;
using NeuroRT.Host.Loading;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Host.Tests.Equivalence;

/// <summary>
/// Online equals offline, live: the recording served as an LSL stream (at 4x its rate, as `neurort replay --to-lsl`
/// serves it) and received by the pipeline's <c>lsl</c> source gives the same commands as the file replayed as fast
/// as possible. Every field is equal but <c>t</c>: a live stream's stamps are the LSL clock, not the file's times.
/// Its own class, so that it runs beside the file-feed test (both spend most of their time waiting).
/// </summary>
public sealed class LiveLslEquivalenceTests : IDisposable
{
    private readonly EquivalencePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public void A_recording_served_live_over_lsl_gives_the_commands_of_the_fast_file_replay()
    {
        int basePort = 33000 + Random.Shared.Next(0, 400) * 16;
        string session = $"equivalence-{Guid.NewGuid():N}";
        string cfg = Path.Combine(_pipeline.Folder, "lsl_api.cfg");
        File.WriteAllText(cfg, $"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {session}\n");
        var config = LslConfig.Load(cfg);

        string edf = EquivalencePipeline.Recording;
        string fast = _pipeline.Write("fast", $"{{type: edf, path: \"{edf}\", speed: 0}}");
        string live = _pipeline.Write("live", "{type: lsl, stream: S001R04, config: lsl_api.cfg, timeout: 10s}");
        using (EquivalencePipeline.Run(fast)) { }

        using var relay = new SourceRelay(new EdfSource { Path = edf, Speed = 4, Chunk = 0.05 }, "S001R04", "equivalence-S001R04", new LslOutletOptions { Config = config }, speed: 4);
        using (var loaded = PipelineLoader.Load(live, registry: TestRegistry.Instance))
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(relay.Outlet.WaitForConsumers(15), "the pipeline's inlet never connected to the served recording");
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            relay.Run(cancel.Token);
            Assert.False(cancel.IsCancellationRequested, "serving the recording at 4x took over 2 minutes");
            Assert.Equal(20000, relay.SamplesServed);
            // The last chunk is on its way: wait until the pipeline has seen every sample, then stop it.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (runner.SamplesIn < 20000 && waited.Elapsed < TimeSpan.FromSeconds(20) && runner.State == PipelineState.Running) Thread.Sleep(20);
            Assert.Equal(20000, runner.SamplesIn);
            runner.Stop();
            Assert.True(runner.Wait(TimeSpan.FromSeconds(30)), "the live pipeline did not stop");
            Assert.True(runner.State == PipelineState.Stopped, $"{runner.State}: {runner.Failure}");
            Assert.Equal(0, runner.SamplesLost);
            Assert.Equal(0, runner.Ring.SamplesDropped);
            foreach (var port in loaded.Pipeline.Ports) Assert.Equal(0, port.FramesDropped);
        }

        foreach (string branch in new[] { "eegnet", "decisions" })
        {
            string[] expected = File.ReadAllLines(_pipeline.Log("fast", branch));
            string[] actual = File.ReadAllLines(_pipeline.Log("live", branch));
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                string want = WithoutTime(expected[i]), got = WithoutTime(actual[i]);
                Assert.True(want == got, $"{branch}, command {i + 1}:\n  file: {want}\n  live: {got}");
            }
        }
    }

    private static string WithoutTime(string line)
    {
        var json = JsonNode.Parse(line)!.AsObject();
        Assert.True(json.Remove("t"), $"no t in {line}");
        return json.ToJsonString();
    }
}
