namespace NeuroRT.Dsp.Features;

/// <summary>
/// Welch power spectral density at chosen bins, exactly as SciPy's <c>welch</c>: periodic Hann (or boxcar) segments, constant
/// detrend, density scaling, one-sided, averaged over the segments of a window. Only the requested bins are
/// computed (a DFT per bin from precomputed tables). Preallocated; computing a spectrum allocates nothing.
/// </summary>
internal sealed class WelchSpectrum
{
    private readonly int _segment;
    private readonly int _step;
    private readonly int _segments;
    private readonly double[] _window;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly double[] _oneSided;
    private readonly double[] _scratch;
    private readonly double _scale;

    /// <summary>Prepares bins <paramref name="bins"/> for windows of <paramref name="length"/> samples at <paramref name="fs"/> Hz.</summary>
    public WelchSpectrum(int length, int segment, int overlap, double fs, int[] bins, bool hann = true)
    {
        _segment = segment;
        _step = segment - overlap;
        _segments = (length - segment) / _step + 1;
        Bins = bins;
        BinWidth = fs / segment;
        _window = new double[segment];
        double sumSquares = 0;
        for (int n = 0; n < segment; n++)
        {
            _window[n] = hann ? 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / segment) : 1; // periodic Hann (get_window's fftbins=True)
            sumSquares += _window[n] * _window[n];
        }

        _scale = 1.0 / (fs * sumSquares);
        _cos = new double[bins.Length * segment];
        _sin = new double[bins.Length * segment];
        _oneSided = new double[bins.Length];
        for (int i = 0; i < bins.Length; i++)
        {
            for (int n = 0; n < segment; n++)
            {
                double angle = 2 * Math.PI * ((long)bins[i] * n % segment) / segment;
                _cos[i * segment + n] = Math.Cos(angle);
                _sin[i * segment + n] = Math.Sin(angle);
            }

            bool nyquist = segment % 2 == 0 && bins[i] == segment / 2;
            _oneSided[i] = bins[i] == 0 || nyquist ? 1 : 2;
        }

        _scratch = new double[segment];
    }

    /// <summary>The bins computed (index k is frequency k x <see cref="BinWidth"/>).</summary>
    public int[] Bins { get; }

    /// <summary>Frequency step between bins in Hz.</summary>
    public double BinWidth { get; }

    /// <summary>Bins of <paramref name="low"/>..<paramref name="high"/> Hz (edges included) at <paramref name="binWidth"/>.</summary>
    public static (int First, int Last) BinRange(double low, double high, double binWidth) =>
        ((int)Math.Ceiling(low / binWidth - 1e-9), (int)Math.Floor(high / binWidth + 1e-9));

    /// <summary>Writes the density of each bin for channel <paramref name="channel"/> of an interleaved window into <paramref name="density"/>.</summary>
    public void Compute(ReadOnlySpan<float> window, int channel, int channels, Span<double> density)
    {
        density.Clear();
        for (int s = 0; s < _segments; s++)
        {
            int start = s * _step;
            double mean = 0;
            for (int n = 0; n < _segment; n++) mean += window[(start + n) * channels + channel];
            mean /= _segment;
            for (int n = 0; n < _segment; n++) _scratch[n] = (window[(start + n) * channels + channel] - mean) * _window[n];
            for (int i = 0; i < Bins.Length; i++)
            {
                double re = 0, im = 0;
                int row = i * _segment;
                for (int n = 0; n < _segment; n++)
                {
                    re += _scratch[n] * _cos[row + n];
                    im -= _scratch[n] * _sin[row + n];
                }

                density[i] += (re * re + im * im) * _scale * _oneSided[i];
            }
        }

        for (int i = 0; i < density.Length; i++) density[i] /= _segments;
    }
}
