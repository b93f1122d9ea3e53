using System.Numerics;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// The delay (in samples) a filter imposes on a narrow-band signal at a given frequency: the latency a
/// causal filter adds to a BCI. For a cascade it is the sum over sections of the numerator's minus the
/// denominator's group delay, each <c>Re(sum k c_k e^{-jwk} / sum c_k e^{-jwk})</c>.
/// </summary>
public static class GroupDelay
{
    /// <summary>Group delay in samples at <paramref name="frequency"/> Hz for a filter running at <paramref name="fs"/> Hz.</summary>
    public static double Samples(SecondOrderSections sections, double frequency, double fs)
    {
        double w = 2 * Math.PI * frequency / fs;
        double delay = 0;
        foreach (var row in sections.Rows)
            delay += OfPolynomial(row[0], row[1], row[2], w) - OfPolynomial(1, row[4], row[5], w);
        return delay;
    }

    /// <summary>Group delay in seconds.</summary>
    public static double Seconds(SecondOrderSections sections, double frequency, double fs) => Samples(sections, frequency, fs) / fs;

    private static double OfPolynomial(double c0, double c1, double c2, double w)
    {
        var e1 = Complex.FromPolarCoordinates(1, -w);
        var e2 = Complex.FromPolarCoordinates(1, -2 * w);
        var sum = c0 + c1 * e1 + c2 * e2;
        var weighted = c1 * e1 + 2 * c2 * e2;
        return sum.Magnitude < 1e-300 ? 0 : (weighted / sum).Real;
    }
}
