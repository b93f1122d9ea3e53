using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Spatial;

namespace NeuroRT.Dsp.Tests.Spatial;

public class ChannelPickTests
{
    private static readonly Core.Streams.StreamFormat Eegmmidb = StageHarness.Format(4, 160, "Fc5.", "C3..", "Cz..", "C4..");

    [Fact]
    public void Picks_and_reorders_channels_by_name()
    {
        var pick = new ChannelPick { Channels = ["C4..", "Fc5."] };
        var frames = StageHarness.Run(pick, Eegmmidb, StageHarness.Ramp(5, 4), 2);
        Assert.Equal(5, frames.Count);
        Assert.Equal(new float[] { 303, 300 }, frames[3].Values);
        Assert.Equal(3, frames[3].Index);
    }

    [Fact]
    public void Names_match_ignoring_case_and_the_padding_dots()
    {
        var pick = new ChannelPick { Channels = ["c3", "CZ"] };
        var output = pick.Configure(new StageInput(Eegmmidb, 8));
        Assert.Equal(["C3..", "Cz.."], output.Format.Channels.Select(c => c.Name));
    }

    [Fact]
    public void A_missing_channel_is_named_with_a_suggestion_and_the_list()
    {
        var pick = new ChannelPick { Channels = ["C5"] };
        var e = Assert.Throws<StageConfigurationException>(() => pick.Configure(new StageInput(Eegmmidb, 8)));
        Assert.Equal("channels", e.Parameter);
        Assert.Contains("'C5'", e.Message);
        Assert.Contains("did you mean", e.Message);
        Assert.Contains("Fc5., C3.., Cz.., C4..", e.Message);
    }

    [Fact]
    public void A_channel_picked_twice_is_refused()
    {
        var pick = new ChannelPick { Channels = ["C3", "C3.."] };
        Assert.Throws<StageConfigurationException>(() => pick.Configure(new StageInput(Eegmmidb, 8)));
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        var pick = new ChannelPick { Channels = ["C4", "C3"] };
        var output = pick.Configure(new StageInput(Eegmmidb, 64));
        using var input = new SampleBlock(Eegmmidb, 64) { Count = 64 };
        using var result = new SampleBlock(output.Format, 64);
        Assert.Equal(0, StageHarness.AllocatedBy(pick, input, result));
    }
}
