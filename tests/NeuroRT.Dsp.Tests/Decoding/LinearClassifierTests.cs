using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Decoding;

namespace NeuroRT.Dsp.Tests.Decoding;

public class LinearClassifierTests
{
    private static readonly StreamFormat Features = StageHarness.Format(2, 4, "C3", "C4");

    [Fact]
    public void Scores_are_w_x_plus_b_per_class()
    {
        var lc = new LinearClassifier { Classes = ["left", "right", "rest"], Weights = [[1, -1], [-1, 1], [0.5, 0.5]], Bias = [0, 0, -1] };
        var frames = StageHarness.Run(lc, Features, [3, 1, 0, 2], 2);
        Assert.Equal(new float[] { 2, -2, 1 }, frames[0].Values);
        Assert.Equal(new float[] { -2, 2, 0 }, frames[1].Values);
    }

    [Fact]
    public void Softmax_gives_probabilities_that_sum_to_one()
    {
        var lc = new LinearClassifier { Classes = ["a", "b"], Weights = [[1, 0], [0, 1]], Softmax = true };
        var frames = StageHarness.Run(lc, Features, [2, 0], 1);
        Assert.Equal(1.0, frames[0].Values.Sum(), 6);
        Assert.Equal(1 / (1 + Math.Exp(-2)), frames[0].Values[0], 6);
    }

    [Fact]
    public void Output_channels_are_class_scores_named_by_class()
    {
        var lc = new LinearClassifier { Classes = ["left", "right"], Weights = [[1, -1], [-1, 1]] };
        var output = lc.Configure(new StageInput(Features, 4));
        Assert.All(output.Format.Channels, c => Assert.Equal(ChannelTypes.ClassScore, c.Type));
        Assert.Equal(["left", "right"], output.Format.Channels.Select(c => c.Name));
    }

    [Fact]
    public void Weights_that_do_not_match_the_input_channels_are_refused_with_both_counts()
    {
        var lc = new LinearClassifier { Classes = ["left", "right"], Weights = [[1, -1, 0], [-1, 1, 0]] };
        var e = Assert.Throws<StageConfigurationException>(() => lc.Configure(new StageInput(Features, 4)));
        Assert.Equal("weights", e.Parameter);
        Assert.Contains("3 columns", e.Message);
        Assert.Contains("2 channels", e.Message);
    }

    [Fact]
    public void One_row_per_class_is_required()
    {
        var lc = new LinearClassifier { Classes = ["left", "right"], Weights = [[1, -1]] };
        var e = Assert.Throws<StageConfigurationException>(() => lc.Configure(new StageInput(Features, 4)));
        Assert.Contains("1 rows but there are 2 classes", e.Message);
    }

    [Fact]
    public void Classifying_allocates_nothing()
    {
        var lc = new LinearClassifier { Classes = ["a", "b"], Weights = [[1, 0], [0, 1]], Softmax = true };
        lc.Configure(new StageInput(Features, 8));
        using var input = new SampleBlock(Features, 8) { Count = 8 };
        using var output = new SampleBlock(2, 1, 8);
        Assert.Equal(0, StageHarness.AllocatedBy(lc, input, output));
    }
}
