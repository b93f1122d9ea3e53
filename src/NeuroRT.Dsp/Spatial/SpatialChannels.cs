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

    /// <summary>
    /// For the stages that make new channels (bipolar, project): <paramref name="outputs"/> followed by the input's marker
    /// channels (as they are, same names), and the markers' input indices. An output named like a marker channel is an
    /// error on <paramref name="parameter"/>, since the epochs stage finds its marker channel by name.
    /// </summary>
    public static ChannelInfo[] WithMarkers(StreamFormat format, ChannelInfo[] outputs, string parameter, out int[] markers)
    {
        var indices = new List<int>();
        for (int c = 0; c < format.ChannelCount; c++) if (ChannelTypes.IsMarker(format.Channels[c])) indices.Add(c);
        markers = [.. indices];
        var all = new ChannelInfo[outputs.Length + markers.Length];
        outputs.CopyTo(all, 0);
        for (int m = 0; m < markers.Length; m++)
        {
            var marker = format.Channels[markers[m]];
            foreach (var output in outputs)
                if (string.Equals(output.Name, marker.Name, StringComparison.Ordinal))
                    throw new StageConfigurationException(parameter, $"output channel '{output.Name}' has the name of the input's marker channel, which is passed through after the outputs; choose another name");
            all[outputs.Length + m] = marker;
        }

        return all;
    }

    /// <summary>Throws on <paramref name="parameter"/> when channel <paramref name="index"/> is a marker channel: its values are codes, not a signal, so <paramref name="what"/> makes no sense of it.</summary>
    public static void RequireSignal(StreamFormat format, int index, string parameter, string what)
    {
        if (ChannelTypes.IsMarker(format.Channels[index]))
            throw new StageConfigurationException(parameter, $"'{format.Channels[index].Name}' is a marker channel (its values are marker codes, not a signal) and cannot be {what}; it is passed through unchanged after the outputs");
    }
}
