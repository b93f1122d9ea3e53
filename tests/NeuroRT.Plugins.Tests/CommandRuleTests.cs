using NeuroRT.Host.Plugins;

namespace NeuroRT.Plugins.Tests;

public sealed class CommandRuleTests
{
    [Fact]
    public void The_name_is_the_highest_channel_and_none_when_all_values_are_zero_or_NaN()
    {
        Assert.Equal(1, PluginOutput.DecidedChannel([0.2f, 0.7f, 0.1f], 3, out float best));
        Assert.Equal(0.7f, best);
        Assert.Equal(0, PluginOutput.DecidedChannel([0.5f, 0.5f], 2, out _)); // the first on a tie
        Assert.Equal(2, PluginOutput.DecidedChannel([float.NaN, -1f, 3f], 3, out best));
        Assert.Equal(3f, best);
        Assert.Equal(1, PluginOutput.DecidedChannel([-3f, -1f], 2, out best)); // negative scores still decide
        Assert.Equal(-1f, best);
        Assert.Equal(-1, PluginOutput.DecidedChannel([0f, 0f, 0f], 3, out best));
        Assert.Equal(0f, best);
        Assert.Equal(-1, PluginOutput.DecidedChannel([float.NaN, float.NaN], 2, out best));
        Assert.True(float.IsNaN(best));
        Assert.Equal(-1, PluginOutput.DecidedChannel([], 0, out best));
        // Frames of several samples: the channel of the highest value across them.
        Assert.Equal(0, PluginOutput.DecidedChannel([0.1f, 0.2f, 0.9f, 0.3f], 2, out best));
        Assert.Equal(0.9f, best);
    }
}
