namespace NeuroRT.Core.Streams;

/// <summary>Channel kinds that stages and outputs give a meaning to.</summary>
public static class ChannelTypes
{
    /// <summary>A decoder's score for one class; the channel name is the class name, and the
    /// class with the largest score is the command's label.</summary>
    public const string ClassScore = "class-score";

    /// <summary>A feature computed on a window (band power, log-variance, ...).</summary>
    public const string Feature = "feature";

    /// <summary>A marker channel: a marker's numeric code on the sample where it occurs, 0 elsewhere (the channel an
    /// <c>lsl</c> source adds for a marker stream, or an <c>edf</c> source for the file's annotations). Stages that
    /// transform samples (filters, re-referencing, resampling) pass such channels through instead of transforming them.</summary>
    public const string Marker = "marker";

    /// <summary>True when <paramref name="channel"/> is a marker channel (<see cref="Marker"/>, case ignored).</summary>
    public static bool IsMarker(ChannelInfo channel) => string.Equals(channel.Type, Marker, StringComparison.OrdinalIgnoreCase);
}
