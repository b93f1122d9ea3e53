namespace NeuroRT.Dsp.Features;

/// <summary>
/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, into preallocated storage (no
/// allocation per call): accurate to rounding for the SPD covariance matrices of BCI (n up to a few dozen).
/// </summary>
internal sealed class SymmetricEigen
{
    private readonly int _n;
    private readonly double[] _a;

    public SymmetricEigen(int n)
    {
        _n = n;
        _a = new double[n * n];
        Values = new double[n];
        Vectors = new double[n * n];
    }

    /// <summary>Eigenvalues after <see cref="Decompose"/>.</summary>
    public double[] Values { get; }

    /// <summary>Eigenvectors as columns, row-major: <c>Vectors[i * n + k]</c> is component i of vector k.</summary>
    public double[] Vectors { get; }

    /// <summary>Decomposes the symmetric matrix <paramref name="matrix"/> (row-major n x n; only read).</summary>
    public void Decompose(ReadOnlySpan<double> matrix)
    {
        int n = _n;
        matrix.CopyTo(_a);
        var v = Vectors;
        Array.Clear(v);
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++)
            {
                diag += _a[i * n + i] * _a[i * n + i];
                for (int j = i + 1; j < n; j++) off += _a[i * n + j] * _a[i * n + j];
            }

            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = _a[p * n + q];
                    if (apq == 0) continue;
                    double app = _a[p * n + p], aqq = _a[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = _a[k * n + p], akq = _a[k * n + q];
                        _a[k * n + p] = c * akp - s * akq;
                        _a[k * n + q] = s * akp + c * akq;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = _a[p * n + k], aqk = _a[q * n + k];
                        _a[p * n + k] = c * apk - s * aqk;
                        _a[q * n + k] = s * apk + c * aqk;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        for (int i = 0; i < n; i++) Values[i] = _a[i * n + i];
    }

    /// <summary>Functions of a matrix through its eigenvalues.</summary>
    public enum Function
    {
        /// <summary>Natural logarithm (matrix log of an SPD matrix).</summary>
        Log,
        /// <summary>1 / sqrt (inverse square root of an SPD matrix).</summary>
        InverseSqrt,
        /// <summary>Square root of an SPD matrix.</summary>
        Sqrt,
        /// <summary>Exponential (of any symmetric matrix: the result is SPD).</summary>
        Exp,
    }

    /// <summary>Writes <c>V f(diag) V^T</c> into <paramref name="result"/> (row-major), with f applied to each eigenvalue.</summary>
    public void Reconstruct(Function f, Span<double> result, Span<double> scratch)
    {
        int n = _n;
        for (int k = 0; k < n; k++)
        {
            double value = Values[k];
            if (f != Function.Exp && !(value > 0)) throw new ArithmeticException($"the matrix is not positive definite (eigenvalue {value:G3}); add shrinkage to the covariance");
            scratch[k] = f switch
            {
                Function.Log => Math.Log(value),
                Function.InverseSqrt => 1 / Math.Sqrt(value),
                Function.Sqrt => Math.Sqrt(value),
                _ => Math.Exp(value),
            };
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Vectors[i * n + k] * scratch[k] * Vectors[j * n + k];
                result[i * n + j] = sum;
                result[j * n + i] = sum;
            }
        }
    }
}
