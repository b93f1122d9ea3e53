using BenchmarkDotNet.Attributes;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Dsp.Decoding;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Spatial;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Bench;

/// <summary>
/// Whole runs of the motor-imagery chain (pick -> window -> log-variance -> linear classifier) on a
/// synthetic 64-channel stream replayed as fast as possible: acquisition thread, ring, pipeline
/// thread and the output thread all included. Reported per run of <see cref="Seconds"/> of data,
/// so samples per second = Seconds x 1000 / mean.
/// </summary>
[MemoryDiagnoser]
public class RunnerBenchmarks
{
    /// <summary>Seconds of 64 ch @ 1 kHz data per run.</summary>
    [Params(10)]
    public double Seconds { get; set; }

    /// <summary>Most samples per pipeline cycle.</summary>
    [Params(16, 64)]
    public int Block { get; set; }

    /// <summary>One complete run; returns the number of commands emitted.</summary>
    [Benchmark]
    public long MotorImageryChain()
    {
        var source = new SyntheticSource { Channels = 64, Rate = 1000, Duration = Seconds, Speed = 0, Noise = 5 };
        var graph = new PipelineGraph();
        graph.AddStage("pick", new ChannelPick { Channels = ["ch9", "ch11"] }, PipelineGraph.SourceName);
        graph.AddStage("window", new SlidingWindow { Length = 1, Step = 0.1 }, "pick");
        graph.AddStage("log-variance", new LogVariance(), "window");
        graph.AddStage("classifier", new LinearClassifier { Classes = ["left", "right"], Weights = [[1, -1], [-1, 1]] }, "log-variance");
        var sink = new CountingOutput();
        graph.AddOutput("count", sink, "classifier");
        using var pipeline = graph.Build(source.Open(), new PipelineSettings { MaxBlockSamples = Block });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        runner.Wait();
        if (runner.State != PipelineState.Completed) throw new InvalidOperationException($"run ended {runner.State}: {runner.Failure?.Message}");
        return sink.Frames;
    }
}
