namespace NeuroRT.Dsp.Filters;

/// <summary>
/// A comb filter <c>y[n] = b x[n] + c x[n-N] - a y[n-N]</c> (the form SciPy's <c>iircomb</c> returns as (b, a) of
/// length N + 1), run per channel with the last N inputs and outputs kept across blocks, in double.
/// </summary>
public sealed class CombFilter : IBlockFilter
{
    private readonly int _channels;
    private readonly int _delay;
    private readonly double _b0, _bN, _aN;
    private readonly double[] _x; // [slot * channels + channel], slot = sample index mod N
    private readonly double[] _y;
    private int _slot;

    /// <summary>Creates the filter from <c>b[0]</c>, <c>b[N]</c> and <c>a[N]</c> (a[0] = 1).</summary>
    public CombFilter(int delay, double b0, double bN, double aN, int channels)
    {
        if (delay < 1) throw new ArgumentOutOfRangeException(nameof(delay), delay, "the comb delay must be at least one sample");
        _delay = delay;
        _b0 = b0;
        _bN = bN;
        _aN = aN;
        _channels = channels;
        _x = new double[delay * channels];
        _y = new double[delay * channels];
    }

    /// <summary>The comb's delay N in samples (fs / fundamental).</summary>
    public int Delay => _delay;

    /// <summary>Filters interleaved <paramref name="input"/> into <paramref name="output"/> (may be the same memory).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = _channels;
        int samples = input.Length / n;
        for (int t = 0; t < samples; t++)
        {
            int at = _slot * n;
            for (int c = 0; c < n; c++)
            {
                double x = input[t * n + c];
                double y = _b0 * x + _bN * _x[at + c] - _aN * _y[at + c];
                _x[at + c] = x;
                _y[at + c] = y;
                output[t * n + c] = (float)y;
            }

            if (++_slot == _delay) _slot = 0;
        }
    }

    /// <summary>
    /// SciPy's <c>iircomb</c>: notches (or peaks) at every multiple of <paramref name="fundamental"/> Hz, width set by
    /// <paramref name="q"/>; <paramref name="fs"/> must be a multiple of the fundamental.
    /// </summary>
    public static CombFilter Design(double fundamental, double q, double fs, bool peak, bool passZero, int channels)
    {
        if (!(fundamental > 0) || fundamental >= fs / 2) throw new FilterDesignException("frequency", $"comb frequency {fundamental} Hz must be above 0 and below Nyquist ({fs / 2} Hz)");
        if (!(q > 0)) throw new FilterDesignException("q", $"quality factor must be positive, got {q}");
        int delay = (int)Math.Round(fs / fundamental, MidpointRounding.ToEven);
        if (Math.Abs(fundamental - fs / delay) / fs > 1e-14)
            throw new FilterDesignException("frequency", $"the sampling rate {fs} Hz must be a multiple of the comb frequency {fundamental} Hz");
        double w0 = 2 * Math.PI * fundamental / fs;
        double wDelta = w0 / q;
        double g0 = peak ? 0 : 1, g = peak ? 1 : 0;
        double gb = 1 / Math.Sqrt(2);
        double beta = Math.Sqrt((gb * gb - g0 * g0) / (g * g - gb * gb)) * Math.Tan(delay * wDelta / 4);
        double ax = (1 - beta) / (1 + beta);
        double bx = (g0 + g * beta) / (1 + beta);
        double cx = (g0 - g * beta) / (1 + beta);
        bool negative = (peak && passZero) || (!peak && !passZero);
        return new CombFilter(delay, bx, negative ? -cx : cx, negative ? -ax : ax, channels);
    }
}
