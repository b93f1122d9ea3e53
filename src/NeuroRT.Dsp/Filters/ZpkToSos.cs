using System.Numerics;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// Zeros/poles/gain to second-order sections with SciPy's <c>zpk2sos(pairing='nearest')</c> rules: poles closest
/// to the unit circle go last, each pole pair takes its nearest zeros, the gain goes into the first section.
/// Ported rule for rule so that sections (not only the overall response) match SciPy's.
/// </summary>
public static class ZpkToSos
{
    /// <summary>The sections, each <c>[b0, b1, b2, a0 = 1, a1, a2]</c>.</summary>
    public static double[][] Convert(Zpk filter)
    {
        var zList = new List<Complex>(filter.Zeros);
        var pList = new List<Complex>(filter.Poles);
        if (zList.Count == 0 && pList.Count == 0) return [[filter.Gain, 0, 0, 1, 0, 0]];
        while (pList.Count < zList.Count) pList.Add(Complex.Zero);
        while (zList.Count < pList.Count) zList.Add(Complex.Zero);
        int sections = (Math.Max(pList.Count, zList.Count) + 1) / 2;
        if (pList.Count % 2 == 1)
        {
            pList.Add(Complex.Zero);
            zList.Add(Complex.Zero);
        }

        var z = ConjugatesThenReals(zList);
        var p = ConjugatesThenReals(pList);
        var sos = new double[sections][];
        for (int si = sections - 1; si >= 0; si--)
        {
            int p1Index = Worst(p);
            var p1 = p[p1Index];
            p.RemoveAt(p1Index);
            int realPolesLeft = p.Count(IsReal);
            if (IsReal(p1) && realPolesLeft == 0)
            {
                // The last remaining real pole: pair it with the nearest real zero.
                int z1Index = Nearest(z, p1, Which.Real);
                var z1 = z[z1Index];
                z.RemoveAt(z1Index);
                sos[si] = Section([z1, Complex.Zero], [p1, Complex.Zero]);
            }
            else if (p.Count + 1 == z.Count && !IsReal(p1) && realPolesLeft == 1 && z.Count(IsReal) == 1)
            {
                // One real pole and one real zero left after this pair: this pair must take a complex zero.
                int z1Index = Nearest(z, p1, Which.Complex);
                var z1 = z[z1Index];
                z.RemoveAt(z1Index);
                sos[si] = Section([z1, Complex.Conjugate(z1)], [p1, Complex.Conjugate(p1)]);
            }
            else
            {
                Complex p2;
                if (IsReal(p1))
                {
                    var realIndices = Enumerable.Range(0, p.Count).Where(i => IsReal(p[i])).ToList();
                    int p2Index = realIndices[Worst(realIndices.Select(i => p[i]).ToList())];
                    p2 = p[p2Index];
                    p.RemoveAt(p2Index);
                }
                else
                {
                    p2 = Complex.Conjugate(p1);
                }

                if (z.Count > 0)
                {
                    int z1Index = Nearest(z, p1, Which.Any);
                    var z1 = z[z1Index];
                    z.RemoveAt(z1Index);
                    if (!IsReal(z1))
                    {
                        sos[si] = Section([z1, Complex.Conjugate(z1)], [p1, p2]);
                    }
                    else if (z.Count > 0)
                    {
                        int z2Index = Nearest(z, p1, Which.Real);
                        var z2 = z[z2Index];
                        z.RemoveAt(z2Index);
                        sos[si] = Section([z1, z2], [p1, p2]);
                    }
                    else
                    {
                        sos[si] = Section([z1], [p1, p2]);
                    }
                }
                else
                {
                    sos[si] = Section([], [p1, p2]);
                }
            }
        }

        for (int i = 0; i < 3; i++) sos[0][i] *= filter.Gain;
        return sos;
    }

    private enum Which { Any, Real, Complex }

    private static bool IsReal(Complex c) => c.Imaginary == 0;

    // Digital filters: the pole closest to the unit circle (first on ties, as numpy's argmin).
    private static int Worst(List<Complex> poles)
    {
        int best = 0;
        for (int i = 1; i < poles.Count; i++)
            if (Math.Abs(1 - poles[i].Magnitude) < Math.Abs(1 - poles[best].Magnitude)) best = i;
        return best;
    }

    // numpy argsort (stable by default for this use: quicksort ties are rare and keep index order here) of |from - to|.
    private static int Nearest(List<Complex> from, Complex to, Which which)
    {
        var order = Enumerable.Range(0, from.Count).OrderBy(i => (from[i] - to).Magnitude).ToList();
        foreach (int i in order)
        {
            if (which == Which.Any) return i;
            if (which == Which.Real && IsReal(from[i])) return i;
            if (which == Which.Complex && !IsReal(from[i])) return i;
        }

        throw new InvalidOperationException("no zero of the kind asked for is left to pair with a pole");
    }

    // b = poly(zeros), a = poly(poles), right-aligned in the 3-coefficient halves (real parts).
    private static double[] Section(Complex[] zeros, Complex[] poles)
    {
        var b = Poly(zeros);
        var a = Poly(poles);
        var section = new double[6];
        for (int i = 0; i < b.Length; i++) section[3 - b.Length + i] = b[i];
        for (int i = 0; i < a.Length; i++) section[6 - a.Length + i] = a[i];
        return section;
    }

    private static double[] Poly(Complex[] roots)
    {
        var c = new Complex[roots.Length + 1];
        c[0] = Complex.One;
        for (int k = 0; k < roots.Length; k++)
        {
            for (int j = k + 1; j >= 1; j--) c[j] -= roots[k] * c[j - 1];
        }

        var real = new double[c.Length];
        for (int i = 0; i < c.Length; i++) real[i] = c[i].Real;
        return real;
    }

    // SciPy's _cplxreal: complex values with positive imaginary part (averaged with their conjugates), sorted by real
    // part then imaginary magnitude, followed by the real values in increasing order.
    private static List<Complex> ConjugatesThenReals(List<Complex> values)
    {
        if (values.Count == 0) return [];
        const double MachineEpsilon = 2.220446049250313e-16; // numpy finfo(float64).eps
        double tol = 100 * MachineEpsilon;
        var sorted = values.OrderBy(v => v.Real).ThenBy(v => Math.Abs(v.Imaginary)).ToList();
        var reals = new List<double>();
        var positive = new List<Complex>();
        var negative = new List<Complex>();
        foreach (var v in sorted)
        {
            if (Math.Abs(v.Imaginary) <= tol * v.Magnitude) reals.Add(v.Real);
            else if (v.Imaginary > 0) positive.Add(v);
            else negative.Add(v);
        }

        if (positive.Count != negative.Count) throw new ArgumentException("complex values must come in conjugate pairs");
        SortRuns(positive, tol);
        SortRuns(negative, tol);
        var result = new List<Complex>(positive.Count + reals.Count);
        for (int i = 0; i < positive.Count; i++)
        {
            if ((positive[i] - Complex.Conjugate(negative[i])).Magnitude > tol * negative[i].Magnitude)
                throw new ArgumentException("complex values must come in conjugate pairs");
            result.Add((positive[i] + Complex.Conjugate(negative[i])) / 2);
        }

        foreach (double r in reals) result.Add(new Complex(r, 0));
        return result;
    }

    // Runs of (nearly) equal real part, judged on the positive halves, are sorted by imaginary magnitude.
    private static void SortRuns(List<Complex> values, double tol)
    {
        int start = 0;
        while (start < values.Count)
        {
            int stop = start;
            while (stop + 1 < values.Count && values[stop + 1].Real - values[stop].Real <= tol * values[stop].Magnitude) stop++;
            if (stop > start)
            {
                var run = values.GetRange(start, stop - start + 1).OrderBy(v => Math.Abs(v.Imaginary)).ToList();
                for (int i = 0; i < run.Count; i++) values[start + i] = run[i];
            }

            start = stop + 1;
        }
    }
}
