using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>Channel lookup for the spatial stages: the index of a named channel, or an error naming the parameter, the input and close matches.</summary>
internal static class SpatialChannels
{
    /// <summary>Index of <paramref name="name"/> in <paramref name="format"/>, or -1 when absent (no error).</summary>
    public static int TryFind(StreamFormat format, string name)
    {
        try
        {
            return ChannelNames.Find(format, name);
        }
        catch (ArgumentException)
        {
            return -1;
        }
    }

    /// <summary>Index of <paramref name="name"/>; a missing or ambiguous channel is an error on <paramref name="parameter"/>.</summary>
    public static int Require(StreamFormat format, string name, string parameter)
    {
        int i;
        try
        {
            i = ChannelNames.Find(format, name);
        }
        catch (ArgumentException e)
        {
            throw new StageConfigurationException(parameter, e.Message);
        }

        if (i < 0)
            throw new StageConfigurationException(parameter,
                $"channel '{name}' is not in the input '{format.Name}'{ChannelNames.DidYouMean(format, name)}; available: {format.DescribeChannels(80)}");
        return i;
    }
}
