namespace NeuroRT.Dsp.Filters;

/// <summary>Windows for FIR design (symmetric, as SciPy's <c>get_window(..., fftbins=False)</c>).</summary>
public enum FirWindow
{
    /// <summary>0.54 - 0.46 cos: SciPy's firwin default.</summary>
    Hamming,
    /// <summary>0.5 - 0.5 cos.</summary>
    Hann,
    /// <summary>0.42 - 0.5 cos + 0.08 cos(2x).</summary>
    Blackman,
    /// <summary>Rectangular (no window).</summary>
    Boxcar,
}

/// <summary>
/// Windowed-sinc linear-phase FIR design as SciPy's <c>firwin</c> (with <c>scale=True</c>): ideal band edges, the
/// chosen window, gain normalised to 1 at DC (low-pass, band-stop), Nyquist (high-pass) or the band centre (band-pass).
/// </summary>
public static class FirDesign
{
    /// <summary>Taps of a filter with <paramref name="taps"/> coefficients; edges in Hz at <paramref name="fs"/>.</summary>
    public static double[] Design(int taps, BandType band, ReadOnlySpan<double> edges, double fs, FirWindow window = FirWindow.Hamming)
    {
        if (taps < 1) throw new FilterDesignException("taps", $"taps must be at least 1, got {taps}");
        bool twoEdges = band is BandType.BandPass or BandType.BandStop;
        if (edges.Length != (twoEdges ? 2 : 1)) throw new FilterDesignException("cutoff", twoEdges ? "a band-pass or band-stop FIR needs two edges" : "a low-pass or high-pass FIR needs one cut-off");
        var cut = new List<double>();
        for (int i = 0; i < edges.Length; i++)
        {
            if (!(edges[i] > 0) || edges[i] >= fs / 2) throw new FilterDesignException("cutoff", $"cut-off {edges[i]} Hz must be above 0 and below Nyquist ({fs / 2} Hz)");
            cut.Add(edges[i] / (fs / 2));
        }

        if (twoEdges && !(cut[0] < cut[1])) throw new FilterDesignException("cutoff", $"the edges must increase, got {edges[0]} and {edges[1]} Hz");
        bool passZero = band is BandType.LowPass or BandType.BandStop;
        bool passNyquist = (cut.Count % 2 == 1) ^ passZero;
        if (passNyquist && taps % 2 == 0)
            throw new FilterDesignException("taps", $"a filter that passes Nyquist (high-pass, band-stop) needs an odd number of taps, got {taps}");
        if (passZero) cut.Insert(0, 0.0);
        if (passNyquist) cut.Add(1.0);

        double alpha = 0.5 * (taps - 1);
        var h = new double[taps];
        for (int b = 0; b < cut.Count; b += 2)
        {
            double left = cut[b], right = cut[b + 1];
            for (int i = 0; i < taps; i++)
            {
                double m = i - alpha;
                h[i] += right * Sinc(right * m);
                h[i] -= left * Sinc(left * m);
            }
        }

        for (int i = 0; i < taps; i++) h[i] *= Window(window, i, taps);

        double scaleFrequency = cut[0] == 0 ? 0.0 : cut[1] == 1 ? 1.0 : 0.5 * (cut[0] + cut[1]);
        double sum = 0;
        for (int i = 0; i < taps; i++) sum += h[i] * Math.Cos(Math.PI * (i - alpha) * scaleFrequency);
        for (int i = 0; i < taps; i++) h[i] /= sum;
        return h;
    }

    private static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>Coefficient <paramref name="n"/> of a symmetric window of <paramref name="length"/> points.</summary>
    internal static double Window(FirWindow window, int n, int length)
    {
        if (length == 1) return 1;
        double x = 2 * Math.PI * n / (length - 1);
        return window switch
        {
            FirWindow.Hamming => 0.54 - 0.46 * Math.Cos(x),
            FirWindow.Hann => 0.5 - 0.5 * Math.Cos(x),
            FirWindow.Blackman => 0.42 - 0.5 * Math.Cos(x) + 0.08 * Math.Cos(2 * x),
            _ => 1.0,
        };
    }
}
