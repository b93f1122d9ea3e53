using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Band power on each window by Welch's method, exactly as SciPy's <c>welch</c> (periodic Hann segments, 50 %
/// overlap by default, constant detrend, density scaling, one-sided), integrated over each band as the sum of
/// the spectral bins inside it (edges included) times the bin width. Only the bins inside the bands are computed
/// (a DFT per needed bin from precomputed tables), so a few narrow bands cost little. Sums in double.
/// </summary>
[Component(ComponentKind.Stage, "bandpower", Summary = "Welch band power per channel and band on each window (as SciPy's welch)")]
public sealed class BandPower : IStage
{
    private int _channels;
    private WelchSpectrum? _spectrum;
    private int[] _bandOfBin = [];
    private double[] _density = [];
    private double[] _power = [];

    /// <summary>Bands as [low, high] in Hz.</summary>
    [Parameter("bands", Required = true, Help = "bands as [low, high] in Hz, e.g. [[8, 12], [13, 30]]")]
    public double[][] Bands { get; set; } = [];

    /// <summary>Welch segment length.</summary>
    [Parameter("segment", Quantity = Quantity.Time, Help = "Welch segment length, e.g. 500ms (default: the whole window, a single periodogram)")]
    public double Segment { get; set; }

    /// <summary>Overlap between segments.</summary>
    [Parameter("overlap", Help = "overlap of consecutive segments as a fraction (default 0.5, as SciPy)")]
    public double Overlap { get; set; } = 0.5;

    /// <summary>Natural log of the power.</summary>
    [Parameter("log", Help = "output the natural log of the band power (default false)")]
    public bool Log { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength < 2) throw new StageConfigurationException(null, "bandpower needs windows; put a 'window' stage before it");
        if (!(format.SampleRate > 0)) throw new StageConfigurationException(null, "bandpower needs a regularly sampled signal");
        if (Bands.Length == 0) throw new StageConfigurationException("bands", "give at least one band such as [8, 12]");
        double fs = format.SampleRate; // the samples' rate (the frames arrive at the window rate)
        _channels = format.ChannelCount;
        int length = format.FrameLength;
        int segment = Segment > 0 ? (int)Math.Round(Segment * fs, MidpointRounding.AwayFromZero) : length;
        if (segment < 2 || segment > length)
            throw new StageConfigurationException("segment", $"segment must be 2..{length} samples (the window), got {segment}");
        if (!(Overlap >= 0 && Overlap < 1)) throw new StageConfigurationException("overlap", $"overlap must be in [0, 1), got {Overlap}");
        int overlap = Segment > 0 ? (int)(Overlap * segment) : 0;
        if (Segment > 0 && Math.Abs(Overlap - 0.5) < 1e-12) overlap = segment / 2; // SciPy's default noverlap = nperseg // 2
        double binWidth = fs / segment;

        var bins = new List<int>();
        var bandOf = new List<int>();
        var channels = new List<ChannelInfo>();
        for (int b = 0; b < Bands.Length; b++)
        {
            var band = Bands[b];
            if (band.Length != 2 || !(band[0] >= 0) || !(band[1] > band[0]) || band[1] > fs / 2)
                throw new StageConfigurationException("bands", $"band {b + 1} must be [low, high] with 0 <= low < high <= {fs / 2} Hz (Nyquist)");
            var (first, last) = WelchSpectrum.BinRange(band[0], band[1], binWidth);
            if (last < first)
                throw new StageConfigurationException("bands", $"band {b + 1} ({band[0]}-{band[1]} Hz) holds no spectral bin at {binWidth:0.###} Hz resolution; widen it or lengthen the segment");
            for (int k = first; k <= last; k++)
            {
                bins.Add(k);
                bandOf.Add(b);
            }
        }

        foreach (var ch in format.Channels)
            for (int b = 0; b < Bands.Length; b++)
                channels.Add(new ChannelInfo($"{ch.Name}:{Bands[b][0]:0.##}-{Bands[b][1]:0.##}Hz", ChannelTypes.Feature, Log ? "" : ch.Unit.Length > 0 ? $"{ch.Unit}^2" : ""));

        _spectrum = new WelchSpectrum(length, segment, overlap, fs, bins.ToArray());
        _bandOfBin = bandOf.ToArray();
        _density = new double[bins.Count];
        _power = new double[Bands.Length];
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int bands = Bands.Length;
        var spectrum = _spectrum!;
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            var to = output.Frame(f);
            for (int c = 0; c < _channels; c++)
            {
                spectrum.Compute(window, c, _channels, _density);
                Array.Clear(_power);
                for (int i = 0; i < _density.Length; i++) _power[_bandOfBin[i]] += _density[i];
                for (int b = 0; b < bands; b++)
                {
                    double p = _power[b] * spectrum.BinWidth;
                    to[c * bands + b] = (float)(Log ? Math.Log(p) : p);
                }
            }
        }
    }
}
