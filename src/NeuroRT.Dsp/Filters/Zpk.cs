using System.Numerics;

namespace NeuroRT.Dsp.Filters;

/// <summary>A filter as zeros, poles and gain (analog or digital), the form filter design works in.</summary>
public sealed record Zpk(Complex[] Zeros, Complex[] Poles, double Gain);

/// <summary>
/// Analog low-pass prototypes (cut-off 1 rad/s) exactly as SciPy builds them (<c>buttap</c>, <c>cheb1ap</c>,
/// <c>cheb2ap</c>), so that designs match SciPy's coefficients to rounding.
/// </summary>
public static class AnalogPrototypes
{
    /// <summary>Butterworth: poles evenly on the left unit half-circle.</summary>
    public static Zpk Butterworth(int order)
    {
        var poles = new Complex[order];
        for (int i = 0; i < order; i++)
        {
            int m = -order + 1 + 2 * i;
            poles[i] = -Complex.Exp(Complex.ImaginaryOne * (Math.PI * m / (2.0 * order)));
        }

        return new Zpk([], poles, 1.0);
    }

    /// <summary>Chebyshev type I: <paramref name="rippleDb"/> of pass-band ripple.</summary>
    public static Zpk ChebyshevI(int order, double rippleDb)
    {
        double eps = Math.Sqrt(Math.Pow(10, 0.1 * rippleDb) - 1.0);
        double mu = 1.0 / order * Math.Asinh(1 / eps);
        var poles = new Complex[order];
        for (int i = 0; i < order; i++)
        {
            int m = -order + 1 + 2 * i;
            double theta = Math.PI * m / (2.0 * order);
            poles[i] = -Complex.Sinh(new Complex(mu, theta));
        }

        Complex product = Complex.One;
        foreach (var p in poles) product *= -p;
        double gain = product.Real;
        if (order % 2 == 0) gain /= Math.Sqrt(1 + eps * eps);
        return new Zpk([], poles, gain);
    }

    /// <summary>Chebyshev type II: stop band at least <paramref name="attenuationDb"/> down.</summary>
    public static Zpk ChebyshevII(int order, double attenuationDb)
    {
        double de = 1.0 / Math.Sqrt(Math.Pow(10, 0.1 * attenuationDb) - 1);
        double mu = Math.Asinh(1.0 / de) / order;
        var ms = new List<int>();
        if (order % 2 == 1)
        {
            for (int m = -order + 1; m < 0; m += 2) ms.Add(m);
            for (int m = 2; m < order; m += 2) ms.Add(m);
        }
        else
        {
            for (int m = -order + 1; m < order; m += 2) ms.Add(m);
        }

        var zeros = new Complex[ms.Count];
        for (int i = 0; i < ms.Count; i++)
            zeros[i] = -Complex.Conjugate(Complex.ImaginaryOne / Math.Sin(ms[i] * Math.PI / (2.0 * order)));

        var poles = new Complex[order];
        for (int i = 0; i < order; i++)
        {
            int m = -order + 1 + 2 * i;
            var p = -Complex.Exp(Complex.ImaginaryOne * (Math.PI * m / (2.0 * order)));
            p = new Complex(Math.Sinh(mu) * p.Real, Math.Cosh(mu) * p.Imaginary);
            poles[i] = 1.0 / p;
        }

        Complex pp = Complex.One, zz = Complex.One;
        foreach (var p in poles) pp *= -p;
        foreach (var z in zeros) zz *= -z;
        return new Zpk(zeros, poles, (pp / zz).Real);
    }
}
