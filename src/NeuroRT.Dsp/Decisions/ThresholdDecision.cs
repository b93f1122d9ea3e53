using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decisions;

/// <summary>
/// Arg-max with a confidence threshold: the most probable class is decided when its probability is at least
/// <see cref="Threshold"/> and exceeds the second best by at least <see cref="Margin"/>; otherwise the frame is "no
/// decision". An exact tie of the two best is never a decision, whatever the margin. With a single class the second
/// best is taken as 0 (a detector: decided or none). A frame holding a NaN is no decision.
/// <para>
/// Output: a decision (see <see cref="DecisionFrames"/>): one-hot over the classes plus the <c>none</c> channel, so
/// the console and <c>lsl-outlet</c> markers show the class, or <c>none</c>. When the input already has a channel named
/// as <c>none</c> (e.g. a vote over earlier decisions), it is a candidate like any class and, winning, means none.
/// Comparisons are in float32, the values' own precision: <c>threshold: 0.7</c> accepts a probability of <c>0.7f</c>.
/// Adds no lag.
/// </para>
/// </summary>
[Component(ComponentKind.Stage, "decide", Summary = "arg-max with a confidence threshold and margin; below them: none")]
public sealed class ThresholdDecision : IStage
{
    private float _threshold;
    private float _margin;
    private int _classes;
    private int _none;

    /// <summary>Least probability of the best class for a decision.</summary>
    [Parameter("threshold", Required = true, Help = "least probability of the best class, in (0, 1], e.g. 0.7")]
    public double Threshold { get; set; }

    /// <summary>Least lead of the best class over the second.</summary>
    [Parameter("margin", Help = "least lead of the best class's probability over the second best, in [0, 1) (default 0)")]
    public double Margin { get; set; }

    /// <summary>Name of the "no decision" channel.</summary>
    [Parameter("none", Help = "name of the 'no decision' class (default none)")]
    public string None { get; set; } = DecisionFrames.DefaultNone;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        DecisionFrames.RequireDecoderFrames(format, "decide", allowRegression: false);
        if (!(Threshold > 0 && Threshold <= 1))
            throw new StageConfigurationException("threshold", $"threshold must be a probability in (0, 1], got {Threshold}");
        if (!(Margin >= 0 && Margin < 1))
            throw new StageConfigurationException("margin", $"margin must be in [0, 1) (a difference of probabilities; 0 = none required), got {Margin}");
        DecisionFrames.RequireNoneName(None);
        DecisionFrames.RequireProbabilities(format, "decide", "threshold");
        _threshold = (float)Threshold;
        _margin = (float)Margin;
        _classes = format.ChannelCount;
        var channels = DecisionFrames.WithNone(format, None, out _none);
        return new StageOutput(format with { Channels = channels, Type = DecisionFrames.DecodedStreamType }, input.MaxFramesPerBlock);
    }

    /// <summary>Index of the "no decision" channel in the output, once configured.</summary>
    public int NoneIndex => _none;

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        for (int f = 0; f < input.Count; f++)
            DecisionFrames.OneHot(output.Frame(f), Decide(input.Frame(f)));
    }

    private int Decide(ReadOnlySpan<float> p)
    {
        int best = -1;
        float first = float.NegativeInfinity;
        float second = _classes == 1 ? 0f : float.NegativeInfinity;
        for (int k = 0; k < p.Length; k++)
        {
            float v = p[k];
            if (float.IsNaN(v)) return _none;
            if (best < 0 || v > first)
            {
                if (best >= 0) second = first;
                first = v;
                best = k;
            }
            else if (v > second)
            {
                second = v;
            }
        }
        if (!(first >= _threshold) || !(first > second) || !(first - second >= _margin)) return _none;
        return best;
    }
}
