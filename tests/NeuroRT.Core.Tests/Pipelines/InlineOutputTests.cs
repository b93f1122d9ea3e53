using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;

namespace NeuroRT.Core.Tests.Pipelines;

/// <summary>Outputs written on the pipeline thread (<see cref="Outputs.IInlineOutput"/>): no thread of their own, every frame, no allocation.</summary>
public class InlineOutputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0.0)] // as fast as possible
    [InlineData(4.0)] // paced, as a live stream
    public void An_inline_output_is_written_on_the_pipeline_thread_with_every_frame_in_order_and_no_allocation(double speed)
    {
        var source = new SyntheticSource { Channels = 4, Rate = 1000, Duration = 3, Speed = speed, Chunk = 0.005, IndexChannel = true };
        var stage = new ThreadNotingStage();
        var output = new InlineProbeOutput(inline: true);
        var g = new PipelineGraph();
        g.AddStage("copy", stage, PipelineGraph.SourceName);
        g.AddOutput("probe", output, "copy");
        using var pipeline = g.Build(source.Open(), new PipelineSettings { MaxBlockSamples = 50, WarmupBlocks = 5 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Completed, runner.State);
        var port = pipeline.Ports[0];
        Assert.True(port.Inline);
        Assert.Equal(stage.Thread, output.WriterThread);
        Assert.Equal(3000, output.Frames);
        Assert.False(output.OutOfOrder);
        Assert.Equal(3000, port.FramesDelivered);
        Assert.Equal(0, port.FramesDropped);
        Assert.True(output.Closed);
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
    }

    [Fact]
    public void An_output_that_declines_inline_gets_its_own_thread()
    {
        var source = new SyntheticSource { Channels = 2, Rate = 1000, Duration = 1, Speed = 0, IndexChannel = true };
        var stage = new ThreadNotingStage();
        var output = new InlineProbeOutput(inline: false);
        var g = new PipelineGraph();
        g.AddStage("copy", stage, PipelineGraph.SourceName);
        g.AddOutput("probe", output, "copy");
        using var pipeline = g.Build(source.Open(), new PipelineSettings { MaxBlockSamples = 50 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.False(pipeline.Ports[0].Inline);
        Assert.NotEqual(0, output.WriterThread);
        Assert.NotEqual(stage.Thread, output.WriterThread);
        Assert.Equal(1000, output.Frames);
    }

    [Fact]
    public void A_failing_inline_write_is_counted_and_the_run_goes_on()
    {
        var source = new SyntheticSource { Channels = 2, Rate = 1000, Duration = 1, Speed = 0, IndexChannel = true };
        var output = new InlineProbeOutput(inline: true, throwAt: 500);
        var g = new PipelineGraph();
        g.AddOutput("probe", output, PipelineGraph.SourceName);
        using var pipeline = g.Build(source.Open(), new PipelineSettings { MaxBlockSamples = 10 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Completed, runner.State);
        var port = pipeline.Ports[0];
        Assert.Equal(1, port.Failures);
        Assert.Contains("deliberate failure", port.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(990, output.Frames);          // the rest of the failing packet (samples 500..509) is not seen
        Assert.Equal(990, port.FramesDelivered);   // nor counted as delivered
        Assert.Equal(999, output.LastIndex);
    }
}
