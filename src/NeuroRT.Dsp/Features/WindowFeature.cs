using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// A per-channel feature computed on each window: one value per channel per window frame, in double, with the
/// window's time. Subclasses compute one channel of one window; a feature that sums over time may also sum all
/// channels at once (<see cref="ComputeAllChannels"/>), walking the interleaved window row by row instead of one
/// channel at a time with a stride of a whole row, which at hundreds of channels is a cache miss per sample.
/// </summary>
public abstract class WindowFeature : IStage
{
    private int _channels;
    private int _length;

    /// <summary>Feature name, for messages.</summary>
    protected abstract string FeatureName { get; }

    /// <summary>Unit of the feature given the signal's unit (empty when unknown).</summary>
    protected abstract string UnitOf(string signalUnit);

    /// <summary>The feature of channel <paramref name="channel"/> of a window of <paramref name="length"/> samples (interleaved, <paramref name="channels"/> wide).</summary>
    protected abstract double Compute(ReadOnlySpan<float> window, int channel, int channels, int length);

    /// <summary>
    /// All channels of one window at once into <paramref name="to"/>, with per-channel sums in <paramref name="sums"/>
    /// (one per channel, for the override's use). It must give bit for bit what <see cref="Compute"/> gives for every
    /// channel (same operations, same order). Returns false when the feature has no such path.
    /// </summary>
    protected virtual bool ComputeAllChannels(ReadOnlySpan<float> window, Span<float> to, Span<double> sums, int channels, int length) => false;

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
            var to = output.Frame(f);
            if (ComputeAllChannels(window, to, _sums, _channels, _length)) continue;
            for (int c = 0; c < _channels; c++) to[c] = (float)Compute(window, c, _channels, _length);
        }
    }
}
