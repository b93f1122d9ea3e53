using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decisions;

/// <summary>
/// Smooths decoder results over time, channel by channel, same shape out as in: either the mean of the last
/// <see cref="Decisions"/> frames (a moving average; while fewer have arrived, the mean of those so far) or an
/// exponential average <c>y = alpha x + (1 - alpha) y_prev</c> starting at the first frame. Class probabilities stay
/// probabilities (a mean of distributions is one). Lag, in decisions: (N - 1) / 2 for the moving average,
/// (1 - alpha) / alpha for the exponential one.
/// <para>
/// A frame holding a NaN or an infinity passes through unchanged (so the fault stays visible, and <c>decide</c> makes
/// it no decision) and leaves the average untouched; otherwise one bad frame would poison N outputs, or every later
/// output of the exponential average.
/// </para>
/// The moving average is re-summed in double from its ring on every frame (N x K additions): no running sum to
/// drift, and the output depends only on the frames, never on how they were cut into blocks.
/// </summary>
[Component(ComponentKind.Stage, "smooth", Summary = "moving or exponential average of decoder results (class probabilities, regression values)")]
public sealed class DecisionSmoothing : IStage
{
    private float[] _ring = [];
    private double[] _average = [];
    private int _channels;
    private int _length;
    private int _filled;
    private int _next;
    private bool _exponential;
    private bool _started;

    /// <summary>Frames averaged by the moving average.</summary>
    [Parameter("decisions", Help = "moving average over the last N decoder results (N >= 1); or give alpha")]
    public int Decisions { get; set; }

    /// <summary>Weight of the newest frame in the exponential average.</summary>
    [Parameter("alpha", Help = "exponential average: weight of the newest result, in (0, 1]; or give decisions")]
    public double Alpha { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        DecisionFrames.RequireDecoderFrames(format, "smooth", allowRegression: true);
        bool moving = Decisions != 0;
        _exponential = Alpha != 0;
        if (moving && _exponential)
            throw new StageConfigurationException("alpha", $"give either decisions (moving average, got {Decisions}) or alpha (exponential average, got {Alpha}), not both");
        if (!moving && !_exponential)
            throw new StageConfigurationException("decisions", "give decisions (moving average over the last N results, e.g. 4) or alpha (exponential average, e.g. 0.3)");
        if (moving && Decisions < 1)
            throw new StageConfigurationException("decisions", $"decisions must be at least 1, got {Decisions}");
        if (moving && Decisions > 100_000)
            throw new StageConfigurationException("decisions", $"decisions of {Decisions} is too long a moving average (at most 100,000)");
        if (_exponential && !(Alpha > 0 && Alpha <= 1))
            throw new StageConfigurationException("alpha", $"alpha must be in (0, 1] (1 = no smoothing), got {Alpha}");
        _channels = format.ChannelCount;
        _length = moving ? Decisions : 0;
        _ring = new float[_length * _channels];
        _average = new double[_channels];
        _filled = 0;
        _next = 0;
        _started = false;
        return new StageOutput(format, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> x = input.Frame(f);
            Span<float> y = output.Frame(f);
            if (!AllFinite(x))
            {
                x.CopyTo(y);
                continue;
            }
            if (_exponential) Exponential(x, y);
            else Moving(x, y);
        }
    }

    private void Exponential(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<double> state = _average;
        if (!_started)
        {
            for (int k = 0; k < x.Length; k++) state[k] = x[k];
            _started = true;
        }
        else
        {
            double alpha = Alpha;
            for (int k = 0; k < x.Length; k++) state[k] += alpha * (x[k] - state[k]);
        }
        for (int k = 0; k < x.Length; k++) y[k] = (float)state[k];
    }

    private void Moving(ReadOnlySpan<float> x, Span<float> y)
    {
        int c = _channels;
        Span<float> ring = _ring;
        x.CopyTo(ring.Slice(_next * c, c));
        if (++_next == _length) _next = 0;
        if (_filled < _length) _filled++;
        Span<double> sum = _average;
        sum.Clear();
        for (int slot = 0; slot < _filled; slot++)
        {
            ReadOnlySpan<float> row = ring.Slice(slot * c, c);
            for (int k = 0; k < c; k++) sum[k] += row[k];
        }
        double n = _filled;
        for (int k = 0; k < c; k++) y[k] = (float)(sum[k] / n);
    }

    private static bool AllFinite(ReadOnlySpan<float> x)
    {
        foreach (float v in x)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
