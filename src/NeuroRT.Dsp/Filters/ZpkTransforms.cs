using System.Numerics;

namespace NeuroRT.Dsp.Filters;

/// <summary>Frequency transforms of an analog prototype and the bilinear transform, as SciPy's <c>lp2*_zpk</c> and <c>bilinear_zpk</c>.</summary>
public static class ZpkTransforms
{
    /// <summary>Low-pass to low-pass with cut-off <paramref name="wo"/> rad/s.</summary>
    public static Zpk LowPass(Zpk f, double wo)
    {
        int degree = f.Poles.Length - f.Zeros.Length;
        return new Zpk(Scale(f.Zeros, wo), Scale(f.Poles, wo), f.Gain * Math.Pow(wo, degree));
    }

    /// <summary>Low-pass to high-pass with cut-off <paramref name="wo"/>.</summary>
    public static Zpk HighPass(Zpk f, double wo)
    {
        int degree = f.Poles.Length - f.Zeros.Length;
        var zeros = new List<Complex>();
        foreach (var z in f.Zeros) zeros.Add(wo / z);
        for (int i = 0; i < degree; i++) zeros.Add(Complex.Zero);
        var poles = new Complex[f.Poles.Length];
        for (int i = 0; i < poles.Length; i++) poles[i] = wo / f.Poles[i];
        return new Zpk(zeros.ToArray(), poles, f.Gain * (Product(f.Zeros, negate: true) / Product(f.Poles, negate: true)).Real);
    }

    /// <summary>Low-pass to band-pass around <paramref name="wo"/> with bandwidth <paramref name="bw"/>.</summary>
    public static Zpk BandPass(Zpk f, double wo, double bw)
    {
        int degree = f.Poles.Length - f.Zeros.Length;
        var zeros = new List<Complex>(Split(Scale(f.Zeros, bw / 2), wo));
        for (int i = 0; i < degree; i++) zeros.Add(Complex.Zero);
        return new Zpk(zeros.ToArray(), Split(Scale(f.Poles, bw / 2), wo), f.Gain * Math.Pow(bw, degree));
    }

    /// <summary>Low-pass to band-stop around <paramref name="wo"/> with bandwidth <paramref name="bw"/>.</summary>
    public static Zpk BandStop(Zpk f, double wo, double bw)
    {
        int degree = f.Poles.Length - f.Zeros.Length;
        var zhp = new Complex[f.Zeros.Length];
        for (int i = 0; i < zhp.Length; i++) zhp[i] = bw / 2 / f.Zeros[i];
        var php = new Complex[f.Poles.Length];
        for (int i = 0; i < php.Length; i++) php[i] = bw / 2 / f.Poles[i];
        var zeros = new List<Complex>(Split(zhp, wo));
        for (int i = 0; i < degree; i++) zeros.Add(new Complex(0, wo));
        for (int i = 0; i < degree; i++) zeros.Add(new Complex(0, -wo));
        return new Zpk(zeros.ToArray(), Split(php, wo), f.Gain * (Product(f.Zeros, negate: true) / Product(f.Poles, negate: true)).Real);
    }

    /// <summary>Bilinear transform at sampling rate <paramref name="fs"/> (SciPy designs with fs = 2 after pre-warping).</summary>
    public static Zpk Bilinear(Zpk f, double fs)
    {
        int degree = f.Poles.Length - f.Zeros.Length;
        double fs2 = 2.0 * fs;
        var zeros = new List<Complex>();
        foreach (var z in f.Zeros) zeros.Add((fs2 + z) / (fs2 - z));
        for (int i = 0; i < degree; i++) zeros.Add(-Complex.One);
        var poles = new Complex[f.Poles.Length];
        for (int i = 0; i < poles.Length; i++) poles[i] = (fs2 + f.Poles[i]) / (fs2 - f.Poles[i]);
        Complex num = Complex.One, den = Complex.One;
        foreach (var z in f.Zeros) num *= fs2 - z;
        foreach (var p in f.Poles) den *= fs2 - p;
        return new Zpk(zeros.ToArray(), poles, f.Gain * (num / den).Real);
    }

    private static Complex[] Scale(Complex[] values, double factor)
    {
        var result = new Complex[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i] * factor;
        return result;
    }

    // x + sqrt(x^2 - wo^2) for all, then x - sqrt(x^2 - wo^2) for all (numpy's concatenate order).
    private static Complex[] Split(Complex[] values, double wo)
    {
        var result = new Complex[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            var root = Complex.Sqrt(values[i] * values[i] - wo * wo);
            result[i] = values[i] + root;
            result[values.Length + i] = values[i] - root;
        }

        return result;
    }

    private static Complex Product(Complex[] values, bool negate)
    {
        Complex product = Complex.One;
        foreach (var v in values) product *= negate ? -v : v;
        return product;
    }
}
