using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Decisions;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Running;

/// <summary>
/// Post-processing in a pipeline file: linear-classifier -> smooth -> decide -> hysteresis on the committed EEGMMIDB
/// recording samples/S001R04.edf, as in pipelines/motor-imagery-decisions.yaml.
/// </summary>
public sealed class DecisionPipelineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    // 20,000 samples at 160 Hz, windows of 320 every 40: ends at 319, 359, ..., 19999.
    private const int Windows = 493;

    [Fact]
    public void Smooth_decide_and_hysteresis_in_a_pipeline_file_equal_the_stages_run_by_hand_and_label_every_window()
    {
        string recording = Path.Combine(RepositoryFiles.Samples, "S001R04.edf").Replace("\\", "/");
        string jsonl = Path.Combine(_files.Folder, "decisions.jsonl").Replace("\\", "/");
        string path = _files.Write($$"""
            source: {type: edf, path: "{{recording}}", speed: 0}
            stages:
              - {type: pick, channels: [C3, C4]}
              - {type: window, length: 2s, step: 250ms}
              - {type: log-variance}
              - {type: linear-classifier, classes: [left, right], weights: [[1, -1], [-1, 1]], softmax: true}
              - {type: smooth, decisions: 4}
              - {type: decide, threshold: 0.6, margin: 0.2}
              - {type: hysteresis, on: 0.7, off: 0.5, dwell: 2}
            outputs:
              - {type: capture, from: linear-classifier}
              - {type: capture}
              - {type: jsonl, path: "{{jsonl}}"}
            runtime: {block: 16, warmup-blocks: 200}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var probabilities = (FrameCaptureOutput)loaded.Pipeline.Ports[0].Output;
        var decisions = (FrameCaptureOutput)loaded.Pipeline.Ports[1].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
            Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        }
        Assert.Equal(Windows, probabilities.Frames.Count);
        Assert.Equal(Windows, decisions.Frames.Count);
        Assert.Equal(["left", "right", "none"], decisions.Format!.Channels.Select(c => c.Name));

        // The same three stages run by hand on the classifier's output give the same decisions, bit for bit.
        var expected = RunByHand(probabilities.Format!, probabilities.Frames.Select(f => f.Values).ToList(),
            new DecisionSmoothing { Decisions = 4 }, new ThresholdDecision { Threshold = 0.6, Margin = 0.2 }, new Hysteresis { On = 0.7, Off = 0.5, Dwell = 2 });
        for (int f = 0; f < Windows; f++)
            Assert.True(expected[f].AsSpan().SequenceEqual(decisions.Frames[f].Values), $"window {f}: pipeline {string.Join(", ", decisions.Frames[f].Values)}, by hand {string.Join(", ", expected[f])}");

        // Outputs label each window with the decided class, or none; every label is of a one-hot frame.
        var labels = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()!).ToList();
        Assert.Equal(Windows, labels.Count);
        for (int f = 0; f < Windows; f++)
        {
            var v = decisions.Frames[f].Values;
            Assert.Equal(1f, v.Sum());
            Assert.Equal(decisions.Format.Channels[Array.IndexOf(v, 1f)].Name, labels[f]);
        }
        // As pipelines/motor-imagery-decisions.yaml says of itself: the demo decoder leans left on this recording.
        Assert.Equal(302, labels.Count(l => l == "left"));
        Assert.Equal(6, labels.Count(l => l == "right"));
        Assert.Equal(185, labels.Count(l => l == "none"));
    }

    [Fact]
    public void The_shipped_decisions_pipeline_emits_one_decision_per_window()
    {
        using var loaded = PipelineLoader.Load(Path.Combine(RepositoryFiles.Pipelines, "motor-imagery-decisions.yaml"), new LoadOptions { Speed = 0 }, TestRegistry.Instance);
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(Windows, loaded.Pipeline.Ports[0].FramesEmitted);
    }

    [Fact]
    public void Every_decision_parameter_is_read_from_the_file_with_its_units()
    {
        string path = _files.Write("""
            source: {type: synthetic, channels: 2, duration: 1s}
            stages:
              - {type: window, length: 1s, step: 100ms}
              - {type: log-variance}
              - {type: linear-classifier, classes: [a, b], weights: [[1, 0], [0, 1]], softmax: true}
              - {type: smooth, alpha: 0.25}
              - {type: vote, decisions: 5, output: shares}
              - {type: decide, threshold: 0.6, margin: 0.1, none: rest}
              - {type: hysteresis, on: 0.8, off: 0.4, dwell: 3, dwell-time: 500ms, mode: classes, none: rest}
            outputs:
              - {type: capture}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var nodes = loaded.Pipeline.Nodes;
        Assert.Equal(0.25, Assert.IsType<DecisionSmoothing>(nodes[3].Stage).Alpha);
        var vote = Assert.IsType<MajorityVote>(nodes[4].Stage);
        Assert.Equal((5, VoteOutput.Shares), (vote.Decisions, vote.Output));
        var decide = Assert.IsType<ThresholdDecision>(nodes[5].Stage);
        Assert.Equal((0.6, 0.1, "rest"), (decide.Threshold, decide.Margin, decide.None));
        var hysteresis = Assert.IsType<Hysteresis>(nodes[6].Stage);
        Assert.Equal((0.8, 0.4, 3, 0.5, HysteresisMode.Classes), (hysteresis.On, hysteresis.Off, hysteresis.Dwell, hysteresis.DwellTime, hysteresis.Mode));
        Assert.Equal(["a", "b", "rest"], nodes[6].Format.Channels.Select(c => c.Name));
    }

    [Fact]
    public void Off_above_on_is_refused_at_off()
    {
        var d = _files.Error("""
            source: {type: synthetic, channels: 2, duration: 1s}
            stages:
              - {type: window, length: 1s}
              - {type: log-variance}
              - {type: linear-classifier, classes: [a, b], weights: [[1, 0], [0, 1]], softmax: true}
              - {type: hysteresis, on: 0.5, off: 0.7}
            """, 6, 38);
        Assert.Contains("off (0.7) must not be above on (0.5)", d.Message);
    }

    [Fact]
    public void A_decision_stage_after_scores_is_refused_at_its_threshold()
    {
        var d = _files.Error("""
            source: {type: synthetic, channels: 2, duration: 1s}
            stages:
              - {type: window, length: 1s}
              - {type: log-variance}
              - {type: linear-classifier, classes: [a, b], weights: [[1, 0], [0, 1]]}
              - {type: decide, threshold: 0.7}
            """, 6, 31);
        Assert.Contains("softmax: true", d.Message);
    }

    private static List<float[]> RunByHand(StreamFormat format, List<float[]> frames, params IStage[] stages)
    {
        var current = frames;
        foreach (var stage in stages)
        {
            var output = stage.Configure(new StageInput(format, 1));
            using var input = new SampleBlock(format, 1);
            using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
            var next = new List<float[]>();
            for (int f = 0; f < current.Count; f++)
            {
                input.Count = 1;
                current[f].CopyTo(input.Values);
                input.SetFrameTime(0, f * 0.25, f, f);
                result.Count = 0;
                stage.Process(input, result);
                for (int o = 0; o < result.Count; o++) next.Add(result.Frame(o).ToArray());
            }
            current = next;
            format = output.Format;
        }
        return current;
    }
}
