using NeuroRT.Core.Streams;

namespace NeuroRT.Onnx.Stage;

/// <summary>
/// How a model's channel name finds its stream channel (models/CONTRACT.md): an exact match first; else
/// ignoring case and trailing dots, because EDF pads labels with dots (EEGMMIDB's <c>C3..</c>, <c>Cz..</c>)
/// while training code usually strips them. Two stream channels that match only loosely is an error, not a guess.
/// </summary>
public static class ChannelMatch
{
    /// <summary>The index of the stream channel for <paramref name="modelChannel"/>, or -1.</summary>
    public static int Find(StreamFormat format, string modelChannel)
    {
        int exact = format.IndexOf(modelChannel);
        if (exact >= 0) return exact;
        ReadOnlySpan<char> wanted = modelChannel.AsSpan().TrimEnd('.');
        int found = -1;
        for (int i = 0; i < format.ChannelCount; i++)
        {
            if (!format.Channels[i].Name.AsSpan().TrimEnd('.').Equals(wanted, StringComparison.OrdinalIgnoreCase)) continue;
            if (found >= 0)
                throw new Core.Stages.StageConfigurationException("model",
                    $"model channel '{modelChannel}' matches two stream channels, '{format.Channels[found].Name}' and '{format.Channels[i].Name}' (names compared ignoring case and trailing dots); rename or pick one");
            found = i;
        }
        return found;
    }

    /// <summary>
    /// The index of the frame channel for a feature model's <paramref name="feature"/> (<c>feature_names</c>), or -1.
    /// Feature stages name their outputs after the input channel (<c>line-length</c>, <c>energy</c>: <c>C3..</c>;
    /// <c>bandpower</c>: <c>C3..:8-13Hz</c>), so EDF's padding dots sit before the <c>:</c> as well as at the end: both are
    /// ignored, with case, when there is no exact match.
    /// </summary>
    public static int FindFeature(StreamFormat format, string feature)
    {
        int exact = format.IndexOf(feature);
        if (exact >= 0) return exact;
        string wanted = Loose(feature);
        int found = -1;
        for (int i = 0; i < format.ChannelCount; i++)
        {
            if (!string.Equals(Loose(format.Channels[i].Name), wanted, StringComparison.OrdinalIgnoreCase)) continue;
            if (found >= 0)
                throw new Core.Stages.StageConfigurationException("model",
                    $"model feature '{feature}' matches two frame channels, '{format.Channels[found].Name}' and '{format.Channels[i].Name}' (names compared ignoring case and EDF's padding dots); rename or pick one");
            found = i;
        }
        return found;
    }

    private static string Loose(string name)
    {
        int colon = name.IndexOf(':');
        return colon < 0 ? name.TrimEnd('.') : name[..colon].TrimEnd('.') + ":" + name[(colon + 1)..].TrimEnd('.');
    }
}
