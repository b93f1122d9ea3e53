using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Decisions;
using static NeuroRT.Dsp.Tests.Decisions.DecisionData;

namespace NeuroRT.Dsp.Tests.Decisions;

public class HysteresisTests
{
    private static readonly StreamFormat LeftRight = Probabilities("left", "right");
    private static readonly StreamFormat Abc = Probabilities("a", "b", "c");

    /// <summary>Two-class frames from the probability of left.</summary>
    private static float[] Left(params float[] p) => p.SelectMany(v => new[] { v, 1 - v }).ToArray();

    [Fact]
    public void A_class_is_entered_only_when_its_probability_exceeds_on()
    {
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.5 }, LeftRight, Left(0.5f, 0.75f, float.BitIncrement(0.75f)));
        Assert.Equal(["none", "none", "left"], labels);
    }

    [Fact]
    public void A_class_is_held_down_to_off_and_left_just_below_it()
    {
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.5 }, LeftRight, Left(0.875f, 0.625f, 0.5f, float.BitDecrement(0.5f), 0.625f));
        Assert.Equal(["left", "left", "left", "none", "none"], labels);
    }

    [Fact]
    public void Between_off_and_on_the_state_depends_on_the_past()
    {
        // The same probability of left, 0.625, gives none after none and left after left; right then holds at 0.625.
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.5 }, LeftRight, Left(0.625f, 0.875f, 0.625f, 0.125f, 0.375f));
        Assert.Equal(["none", "left", "left", "right", "right"], labels);
    }

    [Fact]
    public void Leaving_a_class_goes_straight_to_another_above_on()
    {
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.5 }, LeftRight, Left(0.875f, 0.125f));
        Assert.Equal(["left", "right"], labels);
    }

    [Fact]
    public void Another_class_above_on_does_not_take_over_while_the_current_one_holds_off()
    {
        var stage = new Hysteresis { On = 0.5, Off = 0.25 };
        var labels = Labels(stage, Abc, Frames([0.75f, 0.125f, 0.125f], [0.25f, 0.625f, 0.125f], [0.125f, 0.625f, 0.25f]));
        Assert.Equal(["a", "a", "b"], labels);
    }

    [Fact]
    public void The_most_probable_class_above_on_is_entered()
    {
        var labels = Labels(new Hysteresis { On = 0.25, Off = 0.125 }, Abc, Frames([0.3f, 0.4f, 0.3f]));
        Assert.Equal(["b"], labels);
    }

    [Fact]
    public void Off_equal_to_on_is_a_single_threshold()
    {
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.75 }, LeftRight, Left(0.875f, 0.75f, 0.625f));
        Assert.Equal(["left", "left", "none"], labels);
    }

    [Fact]
    public void With_dwell_a_switch_waits_for_that_many_consecutive_calls()
    {
        var stage = new Hysteresis { On = 0.75, Off = 0.5, Dwell = 3 };
        var labels = Labels(stage, LeftRight, Left(0.875f, 0.875f, 0.875f, 0.875f, 0.25f, 0.25f, 0.625f, 0.25f, 0.25f, 0.25f));
        Assert.Equal(["none", "none", "left", "left", "left", "left", "left", "left", "left", "none"], labels);
    }

    [Fact]
    public void With_dwell_an_interrupted_call_starts_counting_again()
    {
        var stage = new Hysteresis { On = 0.75, Off = 0.5, Dwell = 2 };
        var labels = Labels(stage, LeftRight, Left(0.875f, 0.625f, 0.875f, 0.875f));
        Assert.Equal(["none", "none", "none", "left"], labels);
    }

    [Fact]
    public void With_dwell_a_change_of_target_starts_counting_again()
    {
        // From left: right is called for once, then none twice: none comes after its own two calls.
        var stage = new Hysteresis { On = 0.75, Off = 0.5, Dwell = 2 };
        var labels = Labels(stage, LeftRight, Left(0.875f, 0.875f, 0.125f, 0.375f, 0.375f));
        Assert.Equal(["none", "left", "left", "left", "none"], labels);
    }

    [Fact]
    public void Dwell_time_is_measured_on_the_frames_timestamps()
    {
        // Frames every 250 ms: a switch called for at t = 0 happens at t = 0.5 s, the third frame.
        var stage = new Hysteresis { On = 0.75, Off = 0.5, DwellTime = 0.5 };
        var labels = Labels(stage, LeftRight, Left(0.875f, 0.875f, 0.875f, 0.875f));
        Assert.Equal(["none", "none", "left", "left"], labels);
        var both = new Hysteresis { On = 0.75, Off = 0.5, DwellTime = 0.25, Dwell = 3 };
        Assert.Equal(["none", "none", "left"], Labels(both, LeftRight, Left(0.875f, 0.875f, 0.875f)));
    }

    [Fact]
    public void Nan_holds_the_state()
    {
        var labels = Labels(new Hysteresis { On = 0.75, Off = 0.5 }, LeftRight, Frames([0.875f, 0.125f], [float.NaN, float.NaN], [0.25f, 0.75f], [float.NaN, float.NaN]));
        Assert.Equal(["left", "left", "none", "none"], labels);
    }

    [Fact]
    public void After_decide_its_none_channel_is_the_fallback_not_a_class()
    {
        var decided = new ThresholdDecision { Threshold = 0.7 }.Configure(new StageInput(LeftRight, 1)).Format;
        var stage = new Hysteresis { On = 0.7, Off = 0.5, Dwell = 2 };
        Assert.Equal(["left", "right", "none"], stage.Configure(new StageInput(decided, 1)).Format.Channels.Select(c => c.Name));
        Assert.Equal(2, stage.NoneIndex);
        float[] left = [1, 0, 0], none = [0, 0, 1];
        // A single none between lefts is debounced away.
        var labels = Labels(stage, decided, Frames(left, left, none, left, none, none));
        Assert.Equal(["none", "left", "left", "left", "left", "none"], labels);
    }

    [Fact]
    public void Values_mode_is_a_schmitt_trigger_per_channel_in_the_values_units()
    {
        var format = Regression("x", "y");
        var stage = new Hysteresis { On = 2, Off = -1 };
        var output = stage.Configure(new StageInput(format, 1)).Format;
        Assert.Equal(["x", "y"], output.Channels.Select(c => c.Name));
        var y = Run(stage, format, Frames([2f, 0f], [2.5f, 3f], [-1f, 0f], [-1.5f, -2f], [0f, 2f]));
        Assert.Equal(new[] { 0f, 0f }, y[0]);
        Assert.Equal(new[] { 1f, 1f }, y[1]);
        Assert.Equal(new[] { 1f, 1f }, y[2]);
        Assert.Equal(new[] { 0f, 0f }, y[3]);
        Assert.Equal(new[] { 0f, 0f }, y[4]);
    }

    [Fact]
    public void Values_mode_dwells_per_channel()
    {
        var stage = new Hysteresis { On = 0.5, Off = 0.5, Dwell = 2 };
        var y = Run(stage, Regression("x", "y"), Frames([1f, 1f], [1f, 0f], [0f, 1f], [0f, 1f]));
        Assert.Equal(new[] { 0f, 0f }, y[0]);
        Assert.Equal(new[] { 1f, 0f }, y[1]);
        Assert.Equal(new[] { 1f, 0f }, y[2]);
        Assert.Equal(new[] { 0f, 1f }, y[3]);
    }

    [Fact]
    public void Values_mode_can_be_asked_for_on_class_scores()
    {
        var stage = new Hysteresis { On = 0.75, Off = 0.25, Mode = HysteresisMode.Values };
        var y = Run(stage, LeftRight, Frames([0.875f, 0.125f], [0.5f, 0.5f], [0.125f, 0.875f]));
        Assert.Equal(new[] { 1f, 0f }, y[0]);
        Assert.Equal(new[] { 1f, 0f }, y[1]);
        Assert.Equal(new[] { 0f, 1f }, y[2]);
    }

    [Fact]
    public void Output_does_not_depend_on_how_frames_are_cut_into_blocks()
    {
        var input = RandomProbabilities(300, 3);
        AssertBatchingDoesNotMatter(() => new Hysteresis { On = 0.6, Off = 0.4, Dwell = 2, DwellTime = 0.5 }, Abc, input);
        AssertBatchingDoesNotMatter(() => new Hysteresis { On = 0.5, Off = 0.3, Dwell = 3, Mode = HysteresisMode.Values }, Abc, input);
    }

    [Fact]
    public void Hysteresis_allocates_nothing()
    {
        Assert.Equal(0, Allocated(new Hysteresis { On = 0.6, Off = 0.4, Dwell = 2 }, Abc, RandomProbabilities(64, 3)));
        Assert.Equal(0, Allocated(new Hysteresis { On = 0.6, Off = 0.4, Dwell = 2, Mode = HysteresisMode.Values }, Abc, RandomProbabilities(64, 3)));
    }

    [Theory]
    [InlineData(0.5, 0.7, 1, 0, "off", "must not be above on")]
    [InlineData(0, 0, 1, 0, "on", "(0, 1]")]
    [InlineData(1.5, 0.5, 1, 0, "on", "(0, 1]")]
    [InlineData(0.7, -0.1, 1, 0, "off", "[0, on]")]
    [InlineData(double.NaN, 0.5, 1, 0, "on", "finite")]
    [InlineData(0.7, 0.5, 0, 0, "dwell", "at least 1")]
    [InlineData(0.7, 0.5, 1, -0.25, "dwell-time", ">= 0")]
    public void Bad_parameters_are_refused_naming_the_parameter(double on, double off, int dwell, double dwellTime, string parameter, string text)
    {
        var stage = new Hysteresis { On = on, Off = off, Dwell = dwell, DwellTime = dwellTime };
        var e = Assert.Throws<StageConfigurationException>(() => stage.Configure(new StageInput(LeftRight, 4)));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Values_mode_takes_thresholds_in_any_units_but_not_off_above_on()
    {
        new Hysteresis { On = 40, Off = -3 }.Configure(new StageInput(Regression("vx"), 4));
        var e = Assert.Throws<StageConfigurationException>(() => new Hysteresis { On = -3, Off = 40 }.Configure(new StageInput(Regression("vx"), 4)));
        Assert.Equal("off", e.Parameter);
    }

    [Fact]
    public void Class_scores_that_are_not_probabilities_are_refused_in_classes_mode()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new Hysteresis { On = 0.7, Off = 0.5 }.Configure(new StageInput(Scores("left", "right"), 4)));
        Assert.Equal("on", e.Parameter);
        Assert.Contains("softmax", e.Message);
    }

    [Fact]
    public void Inputs_that_are_not_decoder_frames_are_refused()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new Hysteresis { On = 0.7, Off = 0.5 }.Configure(new StageInput(Windows("a", "b"), 4)));
        Assert.Contains("windows of 500 samples", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new Hysteresis { On = 0.7, Off = 0.5 }.Configure(new StageInput(Eeg(), 4)));
        Assert.Contains("channels of type 'EEG'", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new Hysteresis { On = 0.7, Off = 0.5, Mode = HysteresisMode.Classes }.Configure(new StageInput(Regression("vx"), 4)));
        Assert.Contains("needs class scores", e.Message);
    }
}
