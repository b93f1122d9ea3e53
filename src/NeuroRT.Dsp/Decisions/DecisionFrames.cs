using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decisions;

/// <summary>
/// The shape decoder results have, and the conventions the post-processing stages share.
/// <para>
/// A <b>decoder frame</b> is a frame of one sample, one decoder output per frame. Class results: every channel is a
/// <see cref="ChannelTypes.ClassScore"/> named by its class (as <c>linear-classifier</c> and the ONNX decoder emit);
/// the values are probabilities when the unit is <see cref="Probability"/>, otherwise unbounded scores. Regression
/// results: a stream of type <see cref="DecodedStreamType"/> whose channels are not class scores.
/// </para>
/// <para>
/// A <b>decision</b> (what <c>decide</c>, <c>hysteresis</c> and <c>vote</c> emit) is a one-hot frame of the classes,
/// unit <see cref="Probability"/>, so that it is itself a (degenerate) distribution every stage here and every output
/// reads: the console, JSON lines and <c>lsl-outlet</c> markers label a frame with its highest channel, so the label is
/// the decided class. "No decision" (rest) is one more class-score channel, <see cref="DefaultNone"/> by default,
/// appended after the classes (or the input's own channel of that name, when it has one) and set to 1: outputs then
/// print, and send as a marker, <c>none</c>. A NaN convention was not chosen because every output's arg-max would
/// label a NaN frame with the first class.
/// </para>
/// </summary>
public static class DecisionFrames
{
    /// <summary>Unit of class channels that hold probabilities in [0, 1] (linear-classifier with softmax, decisions).</summary>
    public const string Probability = "probability";

    /// <summary>Stream type decoders give their output (<c>linear-classifier</c> sets it).</summary>
    public const string DecodedStreamType = "Decoded";

    /// <summary>Name of the "no decision" channel unless a stage's <c>none</c> parameter says otherwise.</summary>
    public const string DefaultNone = "none";

    /// <summary>True when every channel is a class score (and the format is non-empty).</summary>
    public static bool IsClassFrame(StreamFormat format)
    {
        for (int i = 0; i < format.ChannelCount; i++)
            if (format.Channels[i].Type != ChannelTypes.ClassScore) return false;
        return true;
    }

    /// <summary>Refuses an input that is not one decoder result per frame (windows, raw signals, features).</summary>
    public static void RequireDecoderFrames(StreamFormat format, string stage, bool allowRegression)
    {
        if (format.FrameLength != 1)
            throw new StageConfigurationException(null,
                $"{stage} needs one decoder result per frame, but its input holds windows of {format.FrameLength} samples; put it after a decoder (e.g. linear-classifier or onnx)");
        if (IsClassFrame(format)) return;
        if (allowRegression && format.Type == DecodedStreamType) return;
        string what = allowRegression ? "class scores or a decoder's regression values" : "class scores";
        throw new StageConfigurationException(null,
            $"{stage} needs {what}, but its input '{format.Name}' (type '{format.Type}') has channels of type '{FirstOtherType(format)}' ({format.DescribeChannels()}); put it after a decoder (e.g. linear-classifier or onnx)");
    }

    /// <summary>Refuses class scores that are not probabilities, for stages whose thresholds are probabilities.</summary>
    public static void RequireProbabilities(StreamFormat format, string stage, string parameter)
    {
        for (int i = 0; i < format.ChannelCount; i++)
        {
            var ch = format.Channels[i];
            if (ch.Unit != Probability)
                throw new StageConfigurationException(parameter,
                    $"{stage} compares probabilities in [0, 1] with '{parameter}', but input channel '{ch.Name}' holds scores (unit '{ch.Unit}', not '{Probability}'); give the decoder softmax (e.g. linear-classifier softmax: true)");
        }
    }

    /// <summary>
    /// Output channels of a decision: the input's classes, plus the "no decision" channel <paramref name="none"/> unless the
    /// input already has it. Returns the index of the "no decision" channel.
    /// </summary>
    public static ChannelInfo[] WithNone(StreamFormat format, string none, out int noneIndex)
    {
        noneIndex = format.IndexOf(none);
        int count = noneIndex >= 0 ? format.ChannelCount : format.ChannelCount + 1;
        var channels = new ChannelInfo[count];
        for (int i = 0; i < format.ChannelCount; i++) channels[i] = new ChannelInfo(format.Channels[i].Name, ChannelTypes.ClassScore, Probability);
        if (noneIndex < 0)
        {
            noneIndex = format.ChannelCount;
            channels[noneIndex] = new ChannelInfo(none, ChannelTypes.ClassScore, Probability);
        }
        return channels;
    }

    /// <summary>Checks the <c>none</c> parameter (a channel name).</summary>
    public static void RequireNoneName(string none)
    {
        if (string.IsNullOrWhiteSpace(none))
            throw new StageConfigurationException("none", "none names the 'no decision' channel and must not be empty (default none)");
    }

    /// <summary>
    /// Index of the largest value, the first on ties (as every output labels a frame); NaN never wins;
    /// -1 when every value is NaN.
    /// </summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = -1;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v)) continue;
            if (best < 0 || v > values[best]) best = i;
        }
        return best;
    }

    /// <summary>Writes a one-hot decision of <paramref name="index"/> into <paramref name="frame"/>.</summary>
    public static void OneHot(Span<float> frame, int index)
    {
        frame.Clear();
        frame[index] = 1f;
    }

    private static string FirstOtherType(StreamFormat format)
    {
        for (int i = 0; i < format.ChannelCount; i++)
            if (format.Channels[i].Type != ChannelTypes.ClassScore) return format.Channels[i].Type;
        return "";
    }
}
