using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Windowing;

/// <summary>
/// Cuts a signal into windows of <see cref="Length"/> every <see cref="Step"/>: the first window
/// ends at the <c>length</c>-th sample, then one every <c>step</c> samples. Which windows exist
/// depends only on the sample count, never on how the signal was cut into blocks, so live and
/// replayed runs emit the same windows. Each window is one output frame, stamped with its last sample.
/// Length and step are rounded to whole samples (half away from zero); the output format's
/// frame length and rate show the values in force.
/// </summary>
[Component(ComponentKind.Stage, "window", Summary = "sliding windows of a given length and step")]
public sealed class SlidingWindow : IStage
{
    // History kept twice (positions p and p+L) so that the newest L samples are always one contiguous span.
    private float[] _history = [];
    private int _length;
    private int _step;
    private int _channels;
    private int _position;
    private int _untilNext;

    /// <summary>Window length in seconds.</summary>
    [Parameter("length", Required = true, Quantity = Quantity.Time, Help = "window length, e.g. 2s or 500ms")]
    public double Length { get; set; }

    /// <summary>Seconds between the ends of consecutive windows (0 = the length: windows tile the signal).</summary>
    [Parameter("step", Quantity = Quantity.Time, Help = "time between window ends, e.g. 250ms (default: the length, no overlap)")]
    public double Step { get; set; }

    /// <summary>Window length in samples, once configured.</summary>
    public int LengthSamples => _length;

    /// <summary>Step in samples, once configured.</summary>
    public int StepSamples => _step;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        if (format.FrameLength != 1)
            throw new StageConfigurationException(null, $"window needs a plain signal, but its input already holds frames of {format.FrameLength} samples (is there a window stage before it?)");
        if (format.IsIrregular)
            throw new StageConfigurationException(null, $"window needs a regular sampling rate, but '{format.Name}' is irregular");
        double rate = format.NominalRate;
        if (!(Length > 0)) throw new StageConfigurationException("length", $"length must be positive, got {Length} s");
        double step = Step == 0 ? Length : Step;
        if (step < 0) throw new StageConfigurationException("step", $"step must be positive, got {Step} s");
        _length = (int)Math.Round(Length * rate, MidpointRounding.AwayFromZero);
        _step = (int)Math.Round(step * rate, MidpointRounding.AwayFromZero);
        if (_length < 1) throw new StageConfigurationException("length", $"length {Length} s is under one sample at {rate:0.###} Hz; use at least {1 / rate:0.####} s");
        if (_step < 1) throw new StageConfigurationException("step", $"step {step} s is under one sample at {rate:0.###} Hz; use at least {1 / rate:0.####} s");
        if (_length > 10_000_000) throw new StageConfigurationException("length", $"length of {_length} samples is too long for a window (at most 10,000,000)");
        _channels = format.ChannelCount;
        _history = new float[2 * _length * _channels];
        _position = 0;
        _untilNext = _length;
        var output = format with { FrameLength = _length, NominalRate = rate / _step };
        int maxFrames = (input.MaxFramesPerBlock + _step - 1) / _step + 1;
        return new StageOutput(output, maxFrames);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int c = _channels;
        int length = _length;
        ReadOnlySpan<float> values = input.Values;
        Span<float> history = _history;
        int frames = 0;
        for (int s = 0; s < input.Count; s++)
        {
            ReadOnlySpan<float> sample = values.Slice(s * c, c);
            sample.CopyTo(history.Slice(_position * c, c));
            sample.CopyTo(history.Slice((_position + length) * c, c));
            if (++_position == length) _position = 0;
            if (--_untilNext > 0) continue;
            _untilNext = _step;
            output.Count = frames + 1;
            history.Slice(_position * c, length * c).CopyTo(output.Frame(frames));
            output.SetFrameTime(frames, input.Timestamps[s], input.SampleIndex[s], input.ArrivalTicks[s]);
            frames++;
        }
    }
}
