using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Decisions;
using static NeuroRT.Dsp.Tests.Decisions.DecisionData;

namespace NeuroRT.Dsp.Tests.Decisions;

public class DecisionSmoothingTests
{
    private static readonly Core.Streams.StreamFormat LeftRight = Probabilities("left", "right");

    [Fact]
    public void Moving_average_is_the_mean_of_the_last_n_frames_and_of_those_so_far_at_the_start()
    {
        var input = Frames([1f, 0f], [0.5f, 0.5f], [0f, 1f], [0.25f, 0.75f], [1f, 0f]);
        var y = Run(new DecisionSmoothing { Decisions = 3 }, LeftRight, input);
        Assert.Equal(new[] { 1f, 0f }, y[0]);
        Assert.Equal(new[] { 0.75f, 0.25f }, y[1]);
        Assert.Equal(new[] { 0.5f, 0.5f }, y[2]);
        Assert.Equal(new[] { 0.25f, 0.75f }, y[3]);
        Assert.Equal(new[] { (float)(1.25 / 3), (float)(1.75 / 3) }, y[4]);
    }

    [Fact]
    public void One_decision_is_no_smoothing()
    {
        var input = RandomProbabilities(50, 3);
        var y = Run(new DecisionSmoothing { Decisions = 1 }, Probabilities("a", "b", "c"), input);
        Assert.Equal(input, y.SelectMany(v => v).ToArray());
    }

    [Fact]
    public void Exponential_average_starts_at_the_first_frame_and_weights_the_newest_by_alpha()
    {
        var input = Frames([1f, 0f], [0f, 1f], [0f, 1f], [1f, 0f]);
        var y = Run(new DecisionSmoothing { Alpha = 0.5 }, LeftRight, input);
        Assert.Equal(new[] { 1f, 0f }, y[0]);
        Assert.Equal(new[] { 0.5f, 0.5f }, y[1]);
        Assert.Equal(new[] { 0.25f, 0.75f }, y[2]);
        Assert.Equal(new[] { 0.625f, 0.375f }, y[3]);
    }

    [Fact]
    public void Smoothed_probabilities_still_sum_to_one()
    {
        var format = Probabilities("a", "b", "c");
        foreach (var stage in new IStage[] { new DecisionSmoothing { Decisions = 5 }, new DecisionSmoothing { Alpha = 0.2 } })
            foreach (var v in Run(stage, format, RandomProbabilities(200, 3)))
                Assert.Equal(1.0, v.Sum(), 5);
    }

    [Fact]
    public void A_frame_with_nan_passes_through_and_leaves_the_average_untouched()
    {
        var input = Frames([1f, 0f], [float.NaN, 0.5f], [0f, 1f]);
        var moving = Run(new DecisionSmoothing { Decisions = 2 }, LeftRight, input);
        Assert.True(float.IsNaN(moving[1][0]));
        Assert.Equal(0.5f, moving[1][1]);
        Assert.Equal(new[] { 0.5f, 0.5f }, moving[2]);
        var exponential = Run(new DecisionSmoothing { Alpha = 0.5 }, LeftRight, input);
        Assert.True(float.IsNaN(exponential[1][0]));
        Assert.Equal(new[] { 0.5f, 0.5f }, exponential[2]);
    }

    [Fact]
    public void Output_has_the_input_s_channels()
    {
        var output = new DecisionSmoothing { Decisions = 4 }.Configure(new StageInput(LeftRight, 8));
        Assert.Equal(LeftRight, output.Format);
        Assert.Equal(8, output.MaxFramesPerBlock);
    }

    [Fact]
    public void Regression_values_are_smoothed_too()
    {
        var format = Regression("vx", "vy");
        var y = Run(new DecisionSmoothing { Decisions = 2 }, format, Frames([10f, -4f], [20f, 4f]));
        Assert.Equal(new[] { 15f, 0f }, y[1]);
    }

    [Fact]
    public void Output_does_not_depend_on_how_frames_are_cut_into_blocks()
    {
        var format = Probabilities("a", "b", "c");
        var input = RandomProbabilities(300, 3);
        AssertBatchingDoesNotMatter(() => new DecisionSmoothing { Decisions = 9 }, format, input);
        AssertBatchingDoesNotMatter(() => new DecisionSmoothing { Alpha = 0.3 }, format, input);
    }

    [Fact]
    public void Smoothing_allocates_nothing()
    {
        var format = Probabilities("a", "b", "c");
        var input = RandomProbabilities(64, 3);
        Assert.Equal(0, Allocated(new DecisionSmoothing { Decisions = 10 }, format, input));
        Assert.Equal(0, Allocated(new DecisionSmoothing { Alpha = 0.3 }, format, input));
    }

    [Theory]
    [InlineData(0, 0, "decisions", "give decisions")]
    [InlineData(-1, 0, "decisions", "at least 1")]
    [InlineData(4, 0.5, "alpha", "not both")]
    [InlineData(0, 1.5, "alpha", "(0, 1]")]
    [InlineData(0, -0.2, "alpha", "(0, 1]")]
    [InlineData(0, double.NaN, "alpha", "(0, 1]")]
    public void Bad_parameters_are_refused_naming_the_parameter(int decisions, double alpha, string parameter, string text)
    {
        var e = Assert.Throws<StageConfigurationException>(() => new DecisionSmoothing { Decisions = decisions, Alpha = alpha }.Configure(new StageInput(LeftRight, 4)));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Windows_and_raw_signals_are_refused()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new DecisionSmoothing { Decisions = 3 }.Configure(new StageInput(Windows("a", "b"), 4)));
        Assert.Contains("windows of 500 samples", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new DecisionSmoothing { Decisions = 3 }.Configure(new StageInput(Eeg(), 4)));
        Assert.Contains("channels of type 'EEG'", e.Message);
        Assert.Contains("after a decoder", e.Message);
    }
}
