using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Running;

public class PipelineRunTests : IDisposable
{
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_long_run_allocates_nothing_on_the_pipeline_thread_and_delivers_every_sample_once_in_order()
    {
        // 120,000 samples of 8 channels + the index channel, replayed as fast as possible (lossless),
        // cut into non-overlapping windows of 100 samples: every sample must reach the output exactly once.
        string path = _files.Write("""
            source:
              type: synthetic
              channels: 8
              rate: 1kHz
              duration: 120s
              speed: 0
              index-channel: true
            stages:
              - type: window
                length: 100ms
            outputs:
              - type: order-check
            runtime:
              block: 32
              warmup-blocks: 200
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var check = OrderCheckOutput.Last!;
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Empty(check.Problems);
        Assert.Equal(120_000, runner.SamplesIn);
        Assert.Equal(120_000, check.SamplesSeen.Count);
        for (int i = 0; i < check.SamplesSeen.Count; i++)
            if (check.SamplesSeen[i] != i) Assert.Fail($"sample {i} arrived as {check.SamplesSeen[i]}");
        Assert.Equal(0, runner.SamplesLost);
        Assert.Equal(0, runner.Ring.SamplesDropped);
        Assert.Equal(0, loaded.Pipeline.Ports[0].FramesDropped);
        Assert.True(runner.Blocks > 200, "the run must go past the warm-up");
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
    }

    [Fact]
    public void Overlapping_windows_end_every_step_and_hold_consecutive_samples()
    {
        string path = _files.Write("""
            source: {type: synthetic, channels: 2, rate: 500Hz, duration: 10s, speed: 0, index-channel: true}
            stages:
              - {type: window, length: 1s, step: 100ms}
            outputs:
              - {type: order-check}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var check = OrderCheckOutput.Last!;
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Empty(check.Problems);
        // 5000 samples, windows of 500 ending at 499, 549, ..., 4999.
        Assert.Equal(91, check.WindowEnds.Count);
        for (int i = 0; i < check.WindowEnds.Count; i++) Assert.Equal(499 + 50 * i, check.WindowEnds[i]);
    }

    [Fact]
    public void Live_and_as_fast_as_possible_runs_give_bit_identical_commands()
    {
        string Pipeline(string speed, string output) => $$"""
            source: {type: synthetic, channels: 3, rate: 250Hz, duration: 4s, speed: {{speed}}, frequencies: [10, 22], noise: 3}
            stages:
              - {type: window, length: 1s, step: 200ms}
              - {type: log-variance}
              - {type: linear-classifier, classes: [a, b], weights: [[1, -1, 0], [0, 1, -1]], softmax: true}
            outputs:
              - {type: jsonl, path: "{{output.Replace("\\", "/")}}"}
            """;
        string fast = Path.Combine(_files.Folder, "fast.jsonl");
        string live = Path.Combine(_files.Folder, "live.jsonl");
        foreach (var (speed, output) in new[] { ("0", fast), ("4", live) })
        {
            using var loaded = PipelineLoader.Load(_files.Write(Pipeline(speed, output), $"p{speed}.yaml"));
            using var runner = loaded.CreateRunner();
            runner.Start();
            Assert.True(runner.Wait(Limit));
            Assert.Equal(PipelineState.Completed, runner.State);
        }
        static List<string> WithoutLatency(string file) =>
            File.ReadAllLines(file).Select(l => System.Text.RegularExpressions.Regex.Replace(l, ",\"latency_ms\":[^}]*", "")).ToList();
        var a = WithoutLatency(fast);
        var b = WithoutLatency(live);
        Assert.Equal(16, a.Count); // 1000 samples, windows of 250 every 50: ends at 249, 299, ..., 999
        Assert.Equal(a, b);
    }
}
