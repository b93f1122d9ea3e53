using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Spatial;

namespace NeuroRT.Dsp.Tests.Spatial;

/// <summary>
/// The spatial stages and marker channels: car leaves them out of the average and passes them through; bipolar and
/// project, which make new channels, append them after their outputs unchanged; pick keeps one when it is named.
/// </summary>
public sealed class SpatialMarkerTests
{
    [Fact]
    public void Car_averages_the_signal_channels_only_and_passes_marker_channels_through() =>
        MarkerStreams.AssertMarkersPassThrough(() => new CommonAverageReference(), 250, MarkerStreams.Same);

    [Fact]
    public void Car_with_listed_reference_channels_passes_marker_channels_through() =>
        MarkerStreams.AssertMarkersPassThrough(() => new CommonAverageReference { Channels = ["ch3", "ch1", "ch4"] }, 250, MarkerStreams.Same);

    [Fact]
    public void Car_refuses_a_marker_channel_in_the_reference()
    {
        var format = MarkerStreams.Mixed(250, [4]);
        var e = Assert.Throws<StageConfigurationException>(() => new CommonAverageReference { Channels = ["ch1", "events"] }.Configure(new StageInput(format, 64)));
        Assert.Equal("channels", e.Parameter);
        Assert.Contains("'events' is a marker channel", e.Message);
    }

    [Fact]
    public void Bipolar_appends_the_marker_channels_after_its_pairs_unchanged()
    {
        string[] pairs = ["ch1-ch2", "ch3-ch4", "ch4-ch1"];
        MarkerStreams.AssertMarkersPassThrough(() => new BipolarMontage { Pairs = pairs }, 250, MarkerStreams.After(pairs.Length));
        var format = MarkerStreams.Mixed(250, [0, 5]);
        var output = new BipolarMontage { Pairs = pairs }.Configure(new StageInput(format, 64)).Format;
        Assert.Equal(["ch1-ch2", "ch3-ch4", "ch4-ch1", "events", "events2"], output.Channels.Select(c => c.Name));
        Assert.Same(format.Channels[0], output.Channels[3]);
    }

    [Fact]
    public void Bipolar_refuses_a_pair_with_a_marker_channel()
    {
        var format = MarkerStreams.Mixed(250, [4]);
        var e = Assert.Throws<StageConfigurationException>(() => new BipolarMontage { Pairs = ["ch1-events"] }.Configure(new StageInput(format, 64)));
        Assert.Equal("pairs", e.Parameter);
        Assert.Contains("'events' is a marker channel", e.Message);
    }

    [Fact]
    public void Project_multiplies_the_signal_channels_and_appends_the_marker_channels_unchanged()
    {
        double[][] matrix = [[1, -1, 0.5, 0.25], [0.1, 0.2, 0.3, 0.4]];
        MarkerStreams.AssertMarkersPassThrough(() => new LinearProjection { Matrix = matrix }, 250, MarkerStreams.After(2));
        MarkerStreams.AssertMarkersPassThrough(() => new LinearProjection { Matrix = [[1, -1, 2]], Channels = ["ch4", "ch2", "ch1"] }, 250, MarkerStreams.After(1));
        var output = new LinearProjection { Matrix = matrix, Names = ["a", "b"] }.Configure(new StageInput(MarkerStreams.Mixed(250, [2]), 64)).Format;
        Assert.Equal(["a", "b", "events"], output.Channels.Select(c => c.Name));
        Assert.Equal("marker", output.Channels[2].Type);
    }

    [Fact]
    public void Project_refuses_a_marker_channel_as_a_column_or_an_output_named_like_one()
    {
        var format = MarkerStreams.Mixed(250, [4]);
        var e = Assert.Throws<StageConfigurationException>(() => new LinearProjection { Matrix = [[1, 1]], Channels = ["ch1", "events"] }.Configure(new StageInput(format, 64)));
        Assert.Equal("channels", e.Parameter);
        Assert.Contains("'events' is a marker channel", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new LinearProjection { Matrix = [[1, 1, 1, 1, 1]] }.Configure(new StageInput(format, 64)));
        Assert.Equal("matrix", e.Parameter);
        Assert.Contains("4 input channels (all of the input but its marker channels)", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new LinearProjection { Matrix = [[1, 1, 1, 1]], Names = ["events"] }.Configure(new StageInput(format, 64)));
        Assert.Equal("names", e.Parameter);
    }

    [Fact]
    public void Pick_keeps_a_marker_channel_named_in_its_list_unchanged() =>
        MarkerStreams.AssertMarkersPassThrough(() => new ChannelPick { Channels = ["ch3", "ch1"] }, 250,
            layout => layout.Length == 1 ? [1] : [1, 3],
            layout => new ChannelPick { Channels = layout.Length == 1 ? ["ch3", "events", "ch1"] : ["ch3", "events", "ch1", "events2"] });
}
