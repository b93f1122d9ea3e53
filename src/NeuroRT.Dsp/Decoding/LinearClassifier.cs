using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decoding;

/// <summary>
/// Linear decoder on a feature vector: <c>score = W x + b</c> per class (LDA and logistic regression
/// trained offline both come down to this), optionally turned into probabilities by softmax. Each
/// input frame yields one frame of class scores, i.e. one decoded command whose label is the best class.
/// </summary>
[Component(ComponentKind.Stage, "linear-classifier", Summary = "class scores W x + b from a feature vector")]
public sealed class LinearClassifier : IStage
{
    private float[] _weights = [];
    private float[] _bias = [];
    private int _features;

    /// <summary>Class names, one per row of <see cref="Weights"/>.</summary>
    [Parameter("classes", Required = true, Help = "class names, e.g. [left, right]")]
    public string[] Classes { get; set; } = [];

    /// <summary>One row per class, one column per input channel.</summary>
    [Parameter("weights", Required = true, Help = "one row per class, one column per input feature")]
    public double[][] Weights { get; set; } = [];

    /// <summary>One bias per class (default 0).</summary>
    [Parameter("bias", Help = "one bias per class (default 0)")]
    public double[] Bias { get; set; } = [];

    /// <summary>Turn scores into probabilities that sum to 1.</summary>
    [Parameter("softmax", Help = "turn scores into probabilities (default false)")]
    public bool Softmax { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        if (format.FrameLength != 1)
            throw new StageConfigurationException(null, $"linear-classifier needs one feature vector per frame, but its input holds windows of {format.FrameLength} samples; put a feature stage (e.g. log-variance) before it");
        if (Classes.Length < 2) throw new StageConfigurationException("classes", $"give at least two classes, got {Classes.Length}");
        if (Classes.Distinct(StringComparer.Ordinal).Count() != Classes.Length) throw new StageConfigurationException("classes", "class names must be distinct");
        if (Weights.Length != Classes.Length)
            throw new StageConfigurationException("weights", $"weights have {Weights.Length} rows but there are {Classes.Length} classes; give one row per class");
        _features = format.ChannelCount;
        for (int r = 0; r < Weights.Length; r++)
        {
            if (Weights[r].Length != _features)
                throw new StageConfigurationException("weights",
                    $"row {r + 1} of weights ({Classes[r]}) has {Weights[r].Length} columns but the input has {_features} channels ({format.DescribeChannels()}); give one weight per input channel");
        }
        if (Bias.Length != 0 && Bias.Length != Classes.Length)
            throw new StageConfigurationException("bias", $"bias has {Bias.Length} values but there are {Classes.Length} classes");
        _weights = new float[Classes.Length * _features];
        for (int r = 0; r < Classes.Length; r++)
            for (int k = 0; k < _features; k++) _weights[r * _features + k] = (float)Weights[r][k];
        _bias = new float[Classes.Length];
        for (int r = 0; r < Bias.Length; r++) _bias[r] = (float)Bias[r];
        var channels = new ChannelInfo[Classes.Length];
        for (int r = 0; r < channels.Length; r++) channels[r] = new ChannelInfo(Classes[r], ChannelTypes.ClassScore, Softmax ? "probability" : "");
        return new StageOutput(format with { Channels = channels, Type = "Decoded" }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int classes = _bias.Length;
        int features = _features;
        output.CopyFrameTimesFrom(input);
        ReadOnlySpan<float> w = _weights;
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> x = input.Frame(f);
            Span<float> y = output.Frame(f);
            for (int r = 0; r < classes; r++)
            {
                double acc = _bias[r];
                ReadOnlySpan<float> row = w.Slice(r * features, features);
                for (int k = 0; k < features; k++) acc += (double)row[k] * x[k];
                y[r] = (float)acc;
            }
            if (Softmax) ApplySoftmax(y);
        }
    }

    private static void ApplySoftmax(Span<float> y)
    {
        float max = float.NegativeInfinity;
        foreach (float v in y) max = Math.Max(max, v);
        double total = 0;
        for (int i = 0; i < y.Length; i++) total += Math.Exp(y[i] - max);
        for (int i = 0; i < y.Length; i++) y[i] = (float)(Math.Exp(y[i] - max) / total);
    }
}
