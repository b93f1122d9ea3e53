namespace NeuroRT.Dsp.Filters;

/// <summary>
/// Causal FIR Hilbert transformers: the ideal kernel <c>2 / (pi m)</c> at odd offsets <c>m</c> from the centre (0 at
/// even ones), Hamming-windowed, odd length <c>K</c> (type III: antisymmetric, zero gain at 0 Hz and Nyquist). Its
/// output is the quadrature of the input delayed by <c>(K - 1) / 2</c> samples, so the real part of an analytic
/// signal built with it must be delayed by the same amount.
/// </summary>
public static class HilbertDesign
{
    /// <summary>Shortest length used: below 13 taps the Hamming-windowed kernel ripples by more than 1 % mid-band.</summary>
    public const int MinTaps = 13;

    /// <summary>Longest length accepted (a delay of 8192 samples is already 1.6 s at 5 kHz).</summary>
    public const int MaxTaps = 16385;

    /// <summary>The kernel of <paramref name="taps"/> coefficients (odd, at least 3), as <c>h[i]</c> for <c>i = 0..taps-1</c>.</summary>
    public static double[] Kernel(int taps)
    {
        if (taps < 3 || taps % 2 == 0 || taps > MaxTaps)
            throw new FilterDesignException("taps", $"a Hilbert transformer needs an odd number of taps from 3 to {MaxTaps}, got {taps}");
        int centre = (taps - 1) / 2;
        var h = new double[taps];
        for (int i = 0; i < taps; i++)
        {
            int m = i - centre;
            if (m % 2 != 0) h[i] = 2 / (Math.PI * m) * FirDesign.Window(FirWindow.Hamming, i, taps);
        }

        return h;
    }

    /// <summary>
    /// The length used when none is given for a band <paramref name="low"/>..<paramref name="high"/> Hz: the smallest
    /// odd <c>K &gt;= 2 fs / d</c> (at least <see cref="MinTaps"/>), <c>d</c> the band's distance to 0 Hz or Nyquist,
    /// whichever is nearer. The Hamming-windowed kernel reaches 1 % of unit gain about <c>1.7 fs / K</c> Hz from 0 Hz
    /// and Nyquist, so this keeps the gain within 1 % of 1 across the band (checked by tests).
    /// </summary>
    public static int TapsFor(double low, double high, double fs)
    {
        double distance = Math.Min(low, fs / 2 - high);
        if (!(distance > 0)) throw new FilterDesignException("low", $"a Hilbert transformer needs a band strictly between 0 Hz and Nyquist ({fs / 2} Hz), got {low}-{high} Hz");
        double needed = Math.Ceiling(2 * fs / distance - 1e-9);
        if (needed > MaxTaps)
            throw new FilterDesignException("low", $"band {low}-{high} Hz is too close to 0 Hz or Nyquist for a Hilbert transformer of at most {MaxTaps} taps at {fs} Hz; move it at least {2 * fs / MaxTaps:0.###} Hz away or give the taps");
        int taps = (int)needed | 1;
        return Math.Max(MinTaps, taps);
    }
}
