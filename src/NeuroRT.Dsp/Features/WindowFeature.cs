using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// A per-channel feature computed on each window: one value per channel per window frame, summed in double, with the
/// window's time. Subclasses compute all channels of one window at once, walking the interleaved window row by row
/// (one channel at a time would stride a whole row per sample: a cache miss per sample at hundreds of channels).
/// </summary>
public abstract class WindowFeature : IStage
{
    private int _channels;
    private int _length;

    /// <summary>Feature name, for messages.</summary>
    protected abstract string FeatureName { get; }

    /// <summary>Unit of the feature given the signal's unit (empty when unknown).</summary>
    protected abstract string UnitOf(string signalUnit);

    /// <summary>
    /// The feature of every channel of one window of <paramref name="length"/> samples (interleaved,
    /// <paramref name="channels"/> wide) into <paramref name="to"/>; <paramref name="sums"/> holds one double per
    /// channel for the subclass's running sums.
    /// </summary>
    protected abstract void Compute(ReadOnlySpan<float> window, Span<float> to, Span<double> sums, int channels, int length);

    private double[] _sums = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength < 2)
            throw new StageConfigurationException(null, $"{FeatureName} needs windows of at least 2 samples; put a 'window' stage before it");
        _channels = format.ChannelCount;
        _length = format.FrameLength;
        _sums = new double[_channels];
        var channels = new ChannelInfo[_channels];
        for (int i = 0; i < _channels; i++)
        {
            var ch = format.Channels[i];
            channels[i] = new ChannelInfo(ch.Name, ChannelTypes.Feature, ch.Unit.Length == 0 ? "" : UnitOf(ch.Unit));
        }

        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            Compute(window, output.Frame(f), _sums, _channels, _length);
        }
    }
}
