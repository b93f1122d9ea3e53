using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;

namespace NeuroRT.Core.Tests.Pipelines;

public class PipelineRunnerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static SyntheticSource Synthetic(double seconds, double speed) =>
        new() { Channels = 4, Rate = 1000, Duration = seconds, Speed = speed, IndexChannel = true, Noise = 1 };

    [Fact]
    public void A_lossless_replay_delivers_every_sample_once_in_order()
    {
        var source = Synthetic(20, speed: 0);
        var format = source.Open();
        var output = new CollectingOutput();
        var g = new PipelineGraph();
        g.AddStage("copy", new PassThrough(), PipelineGraph.SourceName);
        g.AddOutput("collect", output, "copy");
        using var pipeline = g.Build(format, new PipelineSettings { MaxBlockSamples = 37 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(20_000, output.Indices.Count);
        for (int i = 0; i < output.Indices.Count; i++) Assert.Equal(i, output.Indices[i]);
        Assert.True(output.Closed);
        Assert.Equal(0, runner.SamplesLost);
        Assert.Equal(0, pipeline.Ports[0].FramesDropped);
        Assert.Equal(20_000, pipeline.Nodes[0].FramesOut);
        Assert.Equal(20_000, pipeline.Ports[0].Latency.Count);
    }

    [Fact]
    public void A_failing_stage_stops_the_run_and_is_named()
    {
        var source = Synthetic(10, speed: 0);
        var g = new PipelineGraph();
        g.AddStage("fragile", new FailingStage(5_000), PipelineGraph.SourceName);
        using var pipeline = g.Build(source.Open(), new PipelineSettings());
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Failed, runner.State);
        Assert.Contains("stage 'fragile' failed", runner.Failure!.Message);
        Assert.Contains("deliberate failure", runner.Failure.Message);
    }

    [Fact]
    public void A_failing_source_is_reported_after_what_it_delivered_is_processed()
    {
        var source = new BrokenSource();
        var output = new CollectingOutput();
        var g = new PipelineGraph();
        g.AddOutput("collect", output, PipelineGraph.SourceName);
        using var pipeline = g.Build(source.Open(), new PipelineSettings());
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Failed, runner.State);
        Assert.Contains("device unplugged", runner.Failure!.Message);
        Assert.Equal(10, output.Indices.Count);
    }

    [Fact]
    public void Stop_ends_an_endless_live_source_cleanly()
    {
        var source = new SyntheticSource { Channels = 2, Rate = 500, Speed = 1 };
        var output = new CollectingOutput();
        var g = new PipelineGraph();
        g.AddOutput("collect", output, PipelineGraph.SourceName);
        using var pipeline = g.Build(source.Open(), new PipelineSettings());
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Thread.Sleep(300);
        runner.Stop();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Stopped, runner.State);
        Assert.True(runner.SamplesIn > 0);
        Assert.True(output.Closed);
    }

    [Fact]
    public void A_slow_output_in_a_live_run_loses_counted_frames_and_never_stalls_the_pipeline()
    {
        // 2 kHz live, an output that takes 20 ms per packet and a queue of 4 packets: it must fall behind.
        var source = new SyntheticSource { Channels = 2, Rate = 2000, Duration = 1.5, Speed = 1, Chunk = 0.002 };
        var output = new CollectingOutput(sleepMs: 20);
        var g = new PipelineGraph();
        g.AddOutput("slow", output, PipelineGraph.SourceName);
        using var pipeline = g.Build(source.Open(), new PipelineSettings { OutputQueuePackets = 4 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        var port = pipeline.Ports[0];
        Assert.Equal(3000, runner.SamplesIn);                 // the pipeline itself kept up
        Assert.Equal(0, runner.Ring.SamplesDropped);
        Assert.True(port.FramesDropped > 0, "the slow output should have lost frames");
        Assert.Equal(port.FramesEmitted, port.FramesDelivered + port.FramesDropped);
        Assert.Equal(output.Indices.Count, port.FramesDelivered);
        for (int i = 1; i < output.Indices.Count; i++) Assert.True(output.Indices[i] > output.Indices[i - 1]);
    }

    [Theory]
    [InlineData(0.0, 0)]   // as fast as possible, output keeps up
    [InlineData(0.0, 5)]   // as fast as possible, output slow: the pipeline waits for packets
    [InlineData(4.0, 5)]   // live, output slow: the oldest queued packets are dropped
    public void The_pipeline_thread_allocates_nothing_after_a_short_warm_up_whatever_the_output_does(double speed, int outputSleepMs)
    {
        // A short warm-up means the deep-queue, waiting and dropping paths are first taken inside the measured part.
        var source = new SyntheticSource { Channels = 4, Rate = 1000, Duration = 4, Speed = speed, Chunk = 0.005 };
        var g = new PipelineGraph();
        g.AddStage("copy", new PassThrough(), PipelineGraph.SourceName);
        g.AddOutput("collect", new CollectingOutput(outputSleepMs), "copy");
        using var pipeline = g.Build(source.Open(), new PipelineSettings { MaxBlockSamples = 50, WarmupBlocks = 5, OutputQueuePackets = 32 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.True(runner.Blocks > 50);
        if (speed > 0 && outputSleepMs > 0) Assert.True(pipeline.Ports[0].FramesDropped > 0, "the drop path should have been taken");
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
    }
}
