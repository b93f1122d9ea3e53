namespace NeuroRT.Core.Streams;

/// <summary>Channel kinds that stages and outputs give a meaning to.</summary>
public static class ChannelTypes
{
    /// <summary>A decoder's score for one class; the channel name is the class name, and the
    /// class with the largest score is the command's label.</summary>
    public const string ClassScore = "class-score";

    /// <summary>A feature computed on a window (band power, log-variance, ...).</summary>
    public const string Feature = "feature";
}
