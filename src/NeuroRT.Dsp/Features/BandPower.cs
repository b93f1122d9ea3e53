using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Band power per channel and band on each window, by one of three methods (<c>method</c>):
/// <list type="bullet">
/// <item><c>welch</c> (default): exactly as SciPy's <c>welch</c> (periodic Hann segments, 50 % overlap by default, constant
/// detrend, density scaling, one-sided), integrated over each band as the sum of the spectral bins inside it (edges
/// included) times the bin width. Only the bins inside the bands are computed (a DFT per needed bin from precomputed tables).</item>
/// <item><c>goertzel</c>: the same number from Goertzel recursions (<see cref="GoertzelSpectrum"/>): with the same
/// <c>segment</c>, <c>overlap</c> and <c>taper</c> it equals <c>welch</c> (to rounding), i.e. for the default single segment
/// <c>sum over bins k in the band of c_k |DFT(w (x - mean x))[k]|^2 / (N sum w^2)</c>, <c>c_k</c> = 2 (1 at 0 Hz and
/// Nyquist): SciPy's <c>periodogram</c> summed times the bin width. O(N) per bin, no tables: the cheap single-band choice.
/// Bands narrower than one bin are refused (one bin's power would stand for a wider band).</item>
/// <item><c>hilbert</c>: the mean over the window of the squared filter-Hilbert envelope (<see cref="HilbertBandPower"/>,
/// <see cref="BandEnvelope"/>), the filters running continuously on the stream rebuilt from the windows (which must tile or
/// overlap). For a narrow-band signal this is twice its variance (about twice what <c>welch</c> gives: a sinusoid of amplitude A
/// in the band gives A^2 here, A^2 / 2 there), since <c>|a|^2 = y^2 + (Hy)^2</c> and <c>Hy</c> has the power of <c>y</c>. It lags the window by
/// <c>(taps - 1) / 2</c> samples plus the band-pass's group delay (see <see cref="Filtering.EnvelopeStage"/>).</item>
/// </list>
/// Sums in double; output float32, optionally its natural log.
/// </summary>
[Component(ComponentKind.Stage, "bandpower", Summary = "band power per channel and band on each window: welch (as SciPy), goertzel or filter-hilbert")]
public sealed class BandPower : IStage
{
    private enum Estimator { Welch, Goertzel, Hilbert }

    private Estimator _method;
    private int _channels;
    private WelchSpectrum? _welch;
    private GoertzelSpectrum? _goertzel;
    private HilbertBandPower? _hilbert;
    private double _binWidth = 1;
    private int[] _bandOfBin = [];
    private double[] _density = [];
    private double[] _power = [];

    /// <summary>How the power is estimated.</summary>
    [Parameter("method", Help = "welch (default, as SciPy's welch), goertzel (the same from Goertzel recursions at the band's bins) or hilbert (mean squared envelope: Butterworth band-pass + causal FIR Hilbert on the stream)")]
    public string Method { get; set; } = "welch";

    /// <summary>Bands as [low, high] in Hz.</summary>
    [Parameter("bands", Required = true, Help = "bands as [low, high] in Hz, e.g. [[8, 12], [13, 30]]")]
    public double[][] Bands { get; set; } = [];

    /// <summary>Welch segment length.</summary>
    [Parameter("segment", Quantity = Quantity.Time, Help = "welch/goertzel segment length, e.g. 500ms (default: the whole window, a single periodogram)")]
    public double Segment { get; set; }

    /// <summary>Overlap between segments.</summary>
    [Parameter("overlap", Help = "welch/goertzel: overlap of consecutive segments as a fraction (default 0.5, as SciPy)")]
    public double Overlap { get; set; } = 0.5;

    /// <summary>Segment taper.</summary>
    [Parameter("taper", Help = "welch/goertzel: hann (default, periodic, as SciPy) or boxcar")]
    public string Taper { get; set; } = "hann";

    /// <summary>Band-pass order for the hilbert method.</summary>
    [Parameter("order", Help = "hilbert: Butterworth band-pass order per band (default 4: 8 poles, as SciPy's butter)")]
    public int Order { get; set; } = 4;

    /// <summary>Hilbert transformer length for the hilbert method.</summary>
    [Parameter("taps", Help = "hilbert: FIR Hilbert transformer length, odd; delay (taps - 1) / 2 samples (default: per band, as the envelope stage)")]
    public int Taps { get; set; }

    /// <summary>Natural log of the power.</summary>
    [Parameter("log", Help = "output the natural log of the band power (default false)")]
    public bool Log { get; set; }

    /// <summary>With <c>method: hilbert</c>, each band's Hilbert transformer length (after Configure); empty otherwise.</summary>
    public IReadOnlyList<int> HilbertTaps { get; private set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength < 2) throw new StageConfigurationException(null, "bandpower needs windows; put a 'window' stage before it");
        if (!(format.SampleRate > 0)) throw new StageConfigurationException(null, "bandpower needs a regularly sampled signal");
        _method = Method switch
        {
            "welch" => Estimator.Welch,
            "goertzel" => Estimator.Goertzel,
            "hilbert" => Estimator.Hilbert,
            _ => throw new StageConfigurationException("method", $"method must be welch, goertzel or hilbert, got '{Method}'"),
        };
        if (Taper is not ("hann" or "boxcar")) throw new StageConfigurationException("taper", $"taper must be hann or boxcar, got '{Taper}'");
        _channels = format.ChannelCount;
        if (_method == Estimator.Hilbert) ConfigureHilbert(format);
        else ConfigureSpectrum(format);

        var channels = new List<ChannelInfo>();
        foreach (var ch in format.Channels)
            for (int b = 0; b < Bands.Length; b++)
                channels.Add(new ChannelInfo($"{ch.Name}:{Bands[b][0]:0.##}-{Bands[b][1]:0.##}Hz", ChannelTypes.Feature, Log ? "" : ch.Unit.Length > 0 ? $"{ch.Unit}^2" : ""));
        _power = new double[_channels * Bands.Length];
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    private void ConfigureSpectrum(StreamFormat format)
    {
        if (Taps != 0) throw new StageConfigurationException("taps", $"taps applies to method hilbert only (method is {Method})");
        double fs = format.SampleRate; // the samples' rate (the frames arrive at the window rate)
        BandChecks.Validate(Bands, fs, filtered: false);
        int length = format.FrameLength;
        int segment = Segment > 0 ? (int)Math.Round(Segment * fs, MidpointRounding.AwayFromZero) : length;
        if (segment < 2 || segment > length)
            throw new StageConfigurationException("segment", $"segment must be 2..{length} samples (the window), got {segment}");
        if (!(Overlap >= 0 && Overlap < 1)) throw new StageConfigurationException("overlap", $"overlap must be in [0, 1), got {Overlap}");
        int overlap = Segment > 0 ? (int)(Overlap * segment) : 0;
        if (Segment > 0 && Math.Abs(Overlap - 0.5) < 1e-12) overlap = segment / 2; // SciPy's default noverlap = nperseg // 2
        _binWidth = fs / segment;

        var bins = new List<int>();
        var bandOf = new List<int>();
        for (int b = 0; b < Bands.Length; b++)
        {
            double low = Bands[b][0], high = Bands[b][1];
            if (_method == Estimator.Goertzel && high - low < _binWidth * (1 - 1e-9))
                throw new StageConfigurationException("bands", $"band {b + 1} ({low}-{high} Hz) is narrower than one DFT bin ({_binWidth:0.###} Hz) for goertzel; widen it or lengthen the window (or segment)");
            var (first, last) = WelchSpectrum.BinRange(low, high, _binWidth);
            if (last < first)
                throw new StageConfigurationException("bands", $"band {b + 1} ({low}-{high} Hz) holds no spectral bin at {_binWidth:0.###} Hz resolution; widen it or lengthen the segment");
            for (int k = first; k <= last; k++)
            {
                bins.Add(k);
                bandOf.Add(b);
            }
        }

        bool hann = Taper == "hann";
        _bandOfBin = bandOf.ToArray();
        if (_method == Estimator.Welch)
        {
            _welch = new WelchSpectrum(length, segment, overlap, fs, bins.ToArray(), hann);
            _density = new double[bins.Count];
        }
        else
        {
            _goertzel = new GoertzelSpectrum(length, segment, overlap, fs, bins.ToArray(), hann, _channels);
            _density = new double[bins.Count * _channels];
        }
    }

    private void ConfigureHilbert(StreamFormat format)
    {
        if (Segment != 0) throw new StageConfigurationException("segment", "segment applies to methods welch and goertzel; hilbert averages the envelope over the whole window");
        if (Taper != "hann") throw new StageConfigurationException("taper", "taper applies to methods welch and goertzel; hilbert does not taper");
        // The window stage states its step in its output rate (NominalRate = SampleRate / step).
        double ratio = format.IsIrregular ? 0 : format.SampleRate / format.NominalRate;
        int step = (int)Math.Round(ratio);
        if (step < 1 || Math.Abs(ratio - step) > 1e-6 * ratio)
            throw new StageConfigurationException("method", "method hilbert needs the frames of a 'window' stage (a whole number of samples between window ends); for other frames put an 'envelope' stage before the windowing and 'energy' after it");
        if (step > format.FrameLength)
            throw new StageConfigurationException("method", $"method hilbert filters the stream rebuilt from the windows, so they must tile or overlap, but the step ({step} samples) is longer than the window ({format.FrameLength}); shorten the step, or use 'envelope' before 'window' and 'energy' after it");
        var (sections, taps) = BandChecks.DesignHilbert(Bands, Order, Taps, format.SampleRate);
        HilbertTaps = taps;
        _hilbert = new HilbertBandPower(new BandEnvelope(sections, taps, _channels, amplitude: false), _channels, format.FrameLength, step);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int bands = Bands.Length;
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            var to = output.Frame(f);
            double scale = _binWidth;
            switch (_method)
            {
                case Estimator.Welch:
                    Array.Clear(_power);
                    for (int c = 0; c < _channels; c++)
                    {
                        _welch!.Compute(window, c, _channels, _density);
                        for (int i = 0; i < _density.Length; i++) _power[c * bands + _bandOfBin[i]] += _density[i];
                    }

                    break;
                case Estimator.Goertzel:
                    Array.Clear(_power);
                    _goertzel!.Compute(window, _density);
                    for (int c = 0; c < _channels; c++)
                        for (int i = 0; i < _bandOfBin.Length; i++) _power[c * bands + _bandOfBin[i]] += _density[c * _bandOfBin.Length + i];
                    break;
                default:
                    _hilbert!.Compute(window, _power);
                    scale = 1;
                    break;
            }

            for (int i = 0; i < _power.Length; i++)
            {
                double p = _power[i] * scale;
                to[i] = (float)(Log ? Math.Log(p) : p);
            }
        }
    }
}
