using NeuroRT.Dsp.Features;

namespace NeuroRT.Dsp.Fitting;

/// <summary>
/// Small dense matrix helpers for the offline fitting code (row-major n x n arrays of double). They allocate their
/// results: fitting runs once, before a pipeline starts, never on the pipeline thread.
/// </summary>
internal static class MatrixMath
{
    /// <summary>a b, both n x n.</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n)
    {
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double aik = a[i * n + k];
                if (aik == 0) continue;
                for (int j = 0; j < n; j++) result[i * n + j] += aik * b[k * n + j];
            }
        return result;
    }

    /// <summary>f(m) = V f(diag) V' of a symmetric matrix, through its eigen-decomposition.</summary>
    public static double[] Apply(ReadOnlySpan<double> m, int n, SymmetricEigen.Function f)
    {
        var eigen = new SymmetricEigen(n);
        eigen.Decompose(m);
        var result = new double[n * n];
        eigen.Reconstruct(f, result, new double[n]);
        return result;
    }

    /// <summary>Replaces m by (m + m') / 2, removing the rounding asymmetry products leave.</summary>
    public static void Symmetrize(Span<double> m, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j] + m[j * n + i]);
    }

    public static double Trace(ReadOnlySpan<double> m, int n)
    {
        double t = 0;
        for (int i = 0; i < n; i++) t += m[i * n + i];
        return t;
    }

    /// <summary>Frobenius norm.</summary>
    public static double Norm(ReadOnlySpan<double> m)
    {
        double s = 0;
        foreach (double x in m) s += x * x;
        return Math.Sqrt(s);
    }

    /// <summary>The rows of a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix, as arrays.</summary>
    public static double[][] Rows(ReadOnlySpan<double> m, int rows, int columns)
    {
        var result = new double[rows][];
        for (int r = 0; r < rows; r++) result[r] = m.Slice(r * columns, columns).ToArray();
        return result;
    }

    /// <summary>The first entry (row &lt; column) that differs from its transpose by more than rounding, or (-1, -1) when symmetric.</summary>
    public static (int Row, int Column) FirstAsymmetry(ReadOnlySpan<double> m, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (Math.Abs(m[i * n + j] - m[j * n + i]) > 1e-9 * Math.Max(1, Math.Max(Math.Abs(m[i * n + j]), Math.Abs(m[j * n + i]))))
                    return (i, j);
        return (-1, -1);
    }
}
