using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Spectral edge frequency on each window: the lowest frequency below which <c>fraction</c> of the power between
/// <c>low</c> and <c>high</c> lies (SEF95 by default), from the Welch spectrum of <see cref="BandPower"/>; reported
/// as the frequency of that spectral bin.
/// </summary>
[Component(ComponentKind.Stage, "spectral-edge", Summary = "spectral edge frequency per channel and window (e.g. SEF95)")]
public sealed class SpectralEdge : IStage
{
    private WelchSpectrum? _spectrum;
    private double[] _density = [];
    private int _channels;

    /// <summary>Share of the power below the edge.</summary>
    [Parameter("fraction", Help = "share of the power below the edge (default 0.95: SEF95)")]
    public double Fraction { get; set; } = 0.95;

    /// <summary>Lower end of the range considered.</summary>
    [Parameter("low", Quantity = Quantity.Frequency, Help = "lower end of the range considered (default 0.5Hz)")]
    public double Low { get; set; } = 0.5;

    /// <summary>Upper end of the range considered.</summary>
    [Parameter("high", Quantity = Quantity.Frequency, Help = "upper end of the range considered (default 30Hz)")]
    public double High { get; set; } = 30;

    /// <summary>Welch segment length.</summary>
    [Parameter("segment", Quantity = Quantity.Time, Help = "Welch segment length (default: the whole window)")]
    public double Segment { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength < 2) throw new StageConfigurationException(null, "spectral-edge needs windows; put a 'window' stage before it");
        double fs = format.SampleRate;
        if (!(Fraction > 0 && Fraction < 1)) throw new StageConfigurationException("fraction", $"fraction must be between 0 and 1, got {Fraction}");
        if (!(Low >= 0) || !(High > Low) || High > fs / 2) throw new StageConfigurationException("high", $"the range must satisfy 0 <= low < high <= {fs / 2} Hz (Nyquist)");
        int length = format.FrameLength;
        int segment = Segment > 0 ? (int)Math.Round(Segment * fs, MidpointRounding.AwayFromZero) : length;
        if (segment < 2 || segment > length) throw new StageConfigurationException("segment", $"segment must be 2..{length} samples (the window), got {segment}");
        var (first, last) = WelchSpectrum.BinRange(Low, High, fs / segment);
        if (last <= first) throw new StageConfigurationException("low", $"the range {Low}-{High} Hz holds fewer than two spectral bins at {fs / segment:0.###} Hz resolution");
        var bins = Enumerable.Range(first, last - first + 1).ToArray();
        _spectrum = new WelchSpectrum(length, segment, Segment > 0 ? segment / 2 : 0, fs, bins);
        _density = new double[bins.Length];
        _channels = format.ChannelCount;
        var channels = format.Channels.Select(c => new ChannelInfo($"{c.Name}:SEF{Fraction * 100:0.#}", ChannelTypes.Feature, "Hz")).ToArray();
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        var spectrum = _spectrum!;
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            var to = output.Frame(f);
            for (int c = 0; c < _channels; c++)
            {
                spectrum.Compute(window, c, _channels, _density);
                double total = 0;
                foreach (double d in _density) total += d;
                double running = 0;
                int edge = _density.Length - 1;
                for (int i = 0; i < _density.Length; i++)
                {
                    running += _density[i];
                    if (running >= Fraction * total)
                    {
                        edge = i;
                        break;
                    }
                }

                to[c] = (float)(spectrum.Bins[edge] * spectrum.BinWidth);
            }
        }
    }
}
