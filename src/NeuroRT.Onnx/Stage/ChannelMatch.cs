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
}
