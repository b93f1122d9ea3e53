using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Soak;

/// <summary>
/// Soak tests share the process-wide GC counters, so they run alone: not in parallel with any other test class.
/// </summary>
[CollectionDefinition("soak", DisableParallelization = true)]
public sealed class SoakCollection;

/// <summary>
/// The CI variant of the soak: pipeline (b) (the EEGNet ONNX decoder, as pipelines/motor-imagery-eegnet.yaml,
/// windows every 25 ms = 40 inferences per second of signal) on 64 channels at 160 Hz, two minutes of signal
/// paced at 2x real time, so about 60 s of wall time. Asserts only what does not depend on the machine's
/// speed: after warm-up the pipeline thread allocates 0 bytes, the process runs 0 gen0/gen1/gen2
/// collections, no sample is lost, no output frame is dropped, every window is decoded, and the managed heap
/// stays flat. No timing assertion: latency is the bench's job (<c>e2e</c>), not the test suite's.
/// </summary>
[Collection("soak")]
public sealed class SoakTests
{
    private const double SignalSeconds = 120;
    private const double Speed = 2;

    [Fact]
    public void EegNetPipeline_TwoMinutes_NoAllocationNoGcNoDrops()
    {
        using var files = new TestPipelines();
        string model = Path.Combine(RepositoryFiles.Root, "models", "eegnet-mi", "eegnet-mi.onnx");
        string path = files.Write($"""
            name: soak-b
            source:
              type: soak-eeg
              speed: {Speed}
              duration: {SignalSeconds}s
            stages:
              - type: pick
                channels: [{string.Join(", ", SoakEegSource.ModelChannels)}]
              - type: bandpass
                low: 4Hz
                high: 40Hz
                order: 4
              - type: window
                length: 3s
                step: 25ms
              - type: onnx
                model: {model}
              - type: decide
                threshold: 0.6
            outputs:
              - type: frame-counter
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        using var runner = loaded.CreateRunner();
        var counter = FrameCounterOutput.Last!;
        runner.Start();

        // Wait for the end of warm-up, then take the heap size once the run is steady.
        long deadline = Environment.TickCount64 + 60_000;
        while (runner.AllocatedBytesAfterWarmup < 0 && runner.State == PipelineState.Running && Environment.TickCount64 < deadline) Thread.Sleep(200);
        Assert.True(runner.AllocatedBytesAfterWarmup >= 0, $"the pipeline did not finish its warm-up within 60 s (state {runner.State}, {runner.Failure?.Message})");
        long heapAfterWarmup = GC.GetTotalMemory(forceFullCollection: false);

        Assert.True(runner.Wait(TimeSpan.FromSeconds(SignalSeconds / Speed + 60)), "the soak did not end within its time plus 60 s");
        Assert.True(runner.Failure is null, runner.Failure?.ToString());
        Assert.Equal(PipelineState.Completed, runner.State);
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: false) - heapAfterWarmup;

        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        Assert.Equal((0, 0, 0), runner.CollectionsAfterWarmup);
        Assert.Equal((long)(SignalSeconds * 160), runner.SamplesIn);
        Assert.Equal(0, runner.SamplesLost);
        var port = runner.Pipeline.Ports[0];
        Assert.Equal(0, port.FramesDropped);
        Assert.Equal(0, port.Failures);
        // One decision per 25 ms once the first 3 s window is full.
        long windows = (long)((SignalSeconds - 3) / 0.025) + 1;
        Assert.InRange(counter.Frames, windows - 1, windows + 1);
        Assert.Equal(counter.Frames, port.FramesDelivered);
        // Flat memory: whatever the test host itself allocated meanwhile, well under a megabyte (the pipeline: 0).
        Assert.InRange(heapGrowth, long.MinValue, 1 << 20);
    }
}
