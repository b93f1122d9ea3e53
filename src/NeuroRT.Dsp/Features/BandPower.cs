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
    private int _length;
    private int _segment;
    private int _step;
    private int _segments;
    private double[] _window = [];
    private int[] _bins = [];          // every bin used, over all bands
    private int[] _bandOfBin = [];
    private double[] _cos = [];        // [binSlot * segment + n]
    private double[] _sin = [];
    private double[] _oneSided = [];   // 2 except DC and Nyquist
    private double[] _scratch = [];    // detrended, windowed segment
    private double[] _power = [];      // per band
    private double _scale;
    private double _binWidth;

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
        _length = format.FrameLength;
        _segment = Segment > 0 ? (int)Math.Round(Segment * fs, MidpointRounding.AwayFromZero) : _length;
        if (_segment < 2 || _segment > _length)
            throw new StageConfigurationException("segment", $"segment must be 2..{_length} samples (the window), got {_segment}");
        if (!(Overlap >= 0 && Overlap < 1)) throw new StageConfigurationException("overlap", $"overlap must be in [0, 1), got {Overlap}");
        int overlap = Segment > 0 ? (int)(Overlap * _segment) : 0;
        if (Segment > 0 && Math.Abs(Overlap - 0.5) < 1e-12) overlap = _segment / 2; // SciPy's default noverlap = nperseg // 2
        _step = _segment - overlap;
        _segments = (_length - _segment) / _step + 1;
        _binWidth = fs / _segment;

        var bins = new List<int>();
        var bandOf = new List<int>();
        var channels = new List<ChannelInfo>();
        for (int b = 0; b < Bands.Length; b++)
        {
            var band = Bands[b];
            if (band.Length != 2 || !(band[0] >= 0) || !(band[1] > band[0]) || band[1] > fs / 2)
                throw new StageConfigurationException("bands", $"band {b + 1} must be [low, high] with 0 <= low < high <= {fs / 2} Hz (Nyquist)");
            int first = (int)Math.Ceiling(band[0] / _binWidth - 1e-9), last = (int)Math.Floor(band[1] / _binWidth + 1e-9);
            if (last < first)
                throw new StageConfigurationException("bands", $"band {b + 1} ({band[0]}-{band[1]} Hz) holds no spectral bin at {_binWidth:0.###} Hz resolution; widen it or lengthen the segment");
            for (int k = first; k <= last; k++)
            {
                bins.Add(k);
                bandOf.Add(b);
            }
        }

        foreach (var ch in format.Channels)
            for (int b = 0; b < Bands.Length; b++)
                channels.Add(new ChannelInfo($"{ch.Name}:{Bands[b][0]:0.##}-{Bands[b][1]:0.##}Hz", ChannelTypes.Feature, Log ? "" : ch.Unit.Length > 0 ? $"{ch.Unit}^2" : ""));

        _bins = bins.ToArray();
        _bandOfBin = bandOf.ToArray();
        _window = new double[_segment];
        double sumSquares = 0;
        for (int n = 0; n < _segment; n++)
        {
            _window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / _segment); // periodic Hann (get_window's fftbins=True)
            sumSquares += _window[n] * _window[n];
        }

        _scale = 1.0 / (fs * sumSquares);
        _cos = new double[_bins.Length * _segment];
        _sin = new double[_bins.Length * _segment];
        _oneSided = new double[_bins.Length];
        for (int i = 0; i < _bins.Length; i++)
        {
            int k = _bins[i];
            for (int n = 0; n < _segment; n++)
            {
                double angle = 2 * Math.PI * ((long)k * n % _segment) / _segment;
                _cos[i * _segment + n] = Math.Cos(angle);
                _sin[i * _segment + n] = Math.Sin(angle);
            }

            bool nyquist = _segment % 2 == 0 && k == _segment / 2;
            _oneSided[i] = k == 0 || nyquist ? 1 : 2;
        }

        _scratch = new double[_segment];
        _power = new double[Bands.Length];
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
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
            for (int c = 0; c < _channels; c++)
            {
                Array.Clear(_power);
                for (int s = 0; s < _segments; s++) AddSegment(window, c, s * _step);
                for (int b = 0; b < bands; b++)
                {
                    double p = _power[b] / _segments * _binWidth;
                    to[c * bands + b] = (float)(Log ? Math.Log(p) : p);
                }
            }
        }
    }

    private void AddSegment(ReadOnlySpan<float> window, int channel, int start)
    {
        double mean = 0;
        for (int n = 0; n < _segment; n++) mean += window[(start + n) * _channels + channel];
        mean /= _segment;
        for (int n = 0; n < _segment; n++) _scratch[n] = (window[(start + n) * _channels + channel] - mean) * _window[n];
        for (int i = 0; i < _bins.Length; i++)
        {
            double re = 0, im = 0;
            int row = i * _segment;
            for (int n = 0; n < _segment; n++)
            {
                re += _scratch[n] * _cos[row + n];
                im -= _scratch[n] * _sin[row + n];
            }

            _power[_bandOfBin[i]] += (re * re + im * im) * _scale * _oneSided[i];
        }
    }
}
