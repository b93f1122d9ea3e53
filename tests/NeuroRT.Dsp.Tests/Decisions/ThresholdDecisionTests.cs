using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Decisions;
using static NeuroRT.Dsp.Tests.Decisions.DecisionData;

namespace NeuroRT.Dsp.Tests.Decisions;

public class ThresholdDecisionTests
{
    private static readonly StreamFormat LeftRight = Probabilities("left", "right");
    private static readonly StreamFormat Abc = Probabilities("a", "b", "c");

    private static string Decide(ThresholdDecision stage, StreamFormat format, params float[] p) => Labels(stage, format, p)[0];

    [Fact]
    public void A_best_class_at_the_threshold_is_decided_and_just_below_it_is_none()
    {
        var stage = new ThresholdDecision { Threshold = 0.75 };
        Assert.Equal("left", Decide(stage, LeftRight, 0.75f, 0.25f));
        Assert.Equal("none", Decide(stage, LeftRight, float.BitDecrement(0.75f), 0.25f));
        Assert.Equal("right", Decide(stage, LeftRight, 0.125f, 0.875f));
    }

    [Fact]
    public void The_threshold_is_compared_in_float32_so_0_7_accepts_0_7f()
    {
        Assert.Equal("left", Decide(new ThresholdDecision { Threshold = 0.7 }, LeftRight, 0.7f, 0.3f));
    }

    [Fact]
    public void A_threshold_of_one_decides_only_certainty()
    {
        var stage = new ThresholdDecision { Threshold = 1 };
        Assert.Equal("right", Decide(stage, LeftRight, 0f, 1f));
        float almost = float.BitDecrement(1f);
        Assert.Equal("none", Decide(stage, LeftRight, 1 - almost, almost));
    }

    [Fact]
    public void The_best_must_lead_the_second_by_the_margin()
    {
        // 0.625 - 0.25 = 0.375 exactly.
        Assert.Equal("a", Decide(new ThresholdDecision { Threshold = 0.5, Margin = 0.375 }, Abc, 0.625f, 0.125f, 0.25f));
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.5, Margin = float.BitIncrement(0.375f) }, Abc, 0.625f, 0.125f, 0.25f));
        // Above the threshold but not far enough ahead of the runner-up.
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.4, Margin = 0.25 }, Abc, 0.5f, 0.375f, 0.125f));
    }

    [Fact]
    public void An_exact_tie_of_the_two_best_is_never_a_decision()
    {
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.5 }, LeftRight, 0.5f, 0.5f));
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.25 }, Abc, 0.25f, 0.375f, 0.375f));
    }

    [Fact]
    public void With_one_class_the_second_best_is_zero_a_detector()
    {
        var detector = Probabilities("seizure");
        Assert.Equal("seizure", Decide(new ThresholdDecision { Threshold = 0.7 }, detector, 0.8f));
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.7 }, detector, 0.6f));
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.5, Margin = 0.75 }, detector, 0.6f));
    }

    [Fact]
    public void A_frame_with_nan_is_no_decision()
    {
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.5 }, Abc, 0.9f, float.NaN, 0.05f));
        Assert.Equal("none", Decide(new ThresholdDecision { Threshold = 0.5 }, Abc, float.NaN, 0.9f, 0.05f));
    }

    [Fact]
    public void The_decision_is_one_hot_over_the_classes_and_a_trailing_none_channel()
    {
        var stage = new ThresholdDecision { Threshold = 0.7 };
        var output = stage.Configure(new StageInput(LeftRight, 4));
        Assert.Equal(["left", "right", "none"], output.Format.Channels.Select(c => c.Name));
        Assert.All(output.Format.Channels, c => Assert.Equal((ChannelTypes.ClassScore, "probability"), (c.Type, c.Unit)));
        Assert.Equal(2, stage.NoneIndex);
        var y = Run(stage, LeftRight, Frames([0.8f, 0.2f], [0.6f, 0.4f], [0.1f, 0.9f]));
        Assert.Equal(new[] { 1f, 0f, 0f }, y[0]);
        Assert.Equal(new[] { 0f, 0f, 1f }, y[1]);
        Assert.Equal(new[] { 0f, 1f, 0f }, y[2]);
    }

    [Fact]
    public void The_none_channel_can_be_named()
    {
        var stage = new ThresholdDecision { Threshold = 0.7, None = "rest" };
        Assert.Equal(["left", "right", "rest"], stage.Configure(new StageInput(LeftRight, 4)).Format.Channels.Select(c => c.Name));
        Assert.Equal("rest", Decide(stage, LeftRight, 0.5f, 0.5f));
    }

    [Fact]
    public void An_input_none_channel_is_reused_and_winning_it_means_none()
    {
        // Vote shares over earlier decisions: left, right, none.
        var shares = Probabilities("left", "right", "none");
        var stage = new ThresholdDecision { Threshold = 0.6 };
        Assert.Equal(["left", "right", "none"], stage.Configure(new StageInput(shares, 4)).Format.Channels.Select(c => c.Name));
        var y = Run(stage, shares, Frames([0.2f, 0.0f, 0.8f], [0.8f, 0.2f, 0f]));
        Assert.Equal(new[] { 0f, 0f, 1f }, y[0]);
        Assert.Equal(new[] { 1f, 0f, 0f }, y[1]);
    }

    [Fact]
    public void Output_does_not_depend_on_how_frames_are_cut_into_blocks()
    {
        AssertBatchingDoesNotMatter(() => new ThresholdDecision { Threshold = 0.6, Margin = 0.2 }, Abc, RandomProbabilities(300, 3));
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        Assert.Equal(0, Allocated(new ThresholdDecision { Threshold = 0.6, Margin = 0.1 }, Abc, RandomProbabilities(64, 3)));
    }

    [Theory]
    [InlineData(0, 0, "threshold")]
    [InlineData(-0.5, 0, "threshold")]
    [InlineData(1.01, 0, "threshold")]
    [InlineData(double.NaN, 0, "threshold")]
    [InlineData(0.7, -0.1, "margin")]
    [InlineData(0.7, 1, "margin")]
    [InlineData(0.7, double.NaN, "margin")]
    public void Thresholds_outside_their_range_are_refused_naming_the_parameter(double threshold, double margin, string parameter)
    {
        var e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = threshold, Margin = margin }.Configure(new StageInput(LeftRight, 4)));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(parameter + " must be", e.Message);
    }

    [Fact]
    public void Scores_that_are_not_probabilities_are_refused_with_the_fix()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = 0.7 }.Configure(new StageInput(Scores("left", "right"), 4)));
        Assert.Equal("threshold", e.Parameter);
        Assert.Contains("'left' holds scores", e.Message);
        Assert.Contains("softmax: true", e.Message);
    }

    [Fact]
    public void An_empty_none_name_is_refused()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = 0.7, None = "" }.Configure(new StageInput(LeftRight, 4)));
        Assert.Equal("none", e.Parameter);
    }

    [Fact]
    public void Inputs_that_are_not_decoder_frames_are_refused()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = 0.7 }.Configure(new StageInput(Windows("a", "b"), 4)));
        Assert.Null(e.Parameter);
        Assert.Contains("windows of 500 samples", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = 0.7 }.Configure(new StageInput(Eeg(), 4)));
        Assert.Contains("needs class scores", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new ThresholdDecision { Threshold = 0.7 }.Configure(new StageInput(Regression("vx"), 4)));
        Assert.Contains("needs class scores", e.Message);
    }
}
