using NeuroRT.Dsp.Features;

namespace NeuroRT.Dsp.Fitting;

/// <summary>Settings of <see cref="RiemannianMean.Compute"/>.</summary>
public sealed record RiemannianMeanOptions
{
    /// <summary>Stop when the Frobenius norm of the mean tangent vector (the Riemannian gradient, dimensionless) is at most this.</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Most updates of the estimate.</summary>
    public int MaxIterations { get; init; } = 50;
}

/// <summary>The mean and how the iteration ended.</summary>
/// <param name="Mean">n x n rows.</param>
/// <param name="Iterations">Updates made.</param>
/// <param name="Criterion">Norm of the last mean tangent vector: 0 at the exact mean.</param>
/// <param name="Converged">True when <paramref name="Criterion"/> reached the tolerance within the iterations allowed.</param>
public sealed record RiemannianMeanResult(double[][] Mean, int Iterations, double Criterion, bool Converged);

/// <summary>
/// The affine-invariant Riemannian (Karcher) mean of SPD matrices, the point minimising the sum of squared distances
/// <c>||log(M^-1/2 C_i M^-1/2)||_F^2</c>: the usual reference point of tangent-space decoders (Barachant et al. 2012,
/// IEEE Trans. Biomed. Eng. 59:920). Standard fixed-point (gradient) iteration (Moakher 2005; Fletcher &amp; Joshi 2007),
/// as pyRiemann's <c>mean_riemann</c> with unit step: start at the arithmetic mean, then repeat
/// <c>T = mean_i log(M^-1/2 C_i M^-1/2)</c>, <c>M = M^1/2 exp(T) M^1/2</c> until <c>||T||_F</c> is at most the tolerance.
/// Matrix functions through Jacobi eigen-decompositions. Offline code: it allocates.
/// </summary>
public static class RiemannianMean
{
    /// <summary>
    /// The mean of <paramref name="matrices"/> (each n x n row-major, symmetric positive definite). Throws
    /// <see cref="ArgumentException"/> naming the first matrix that is not SPD.
    /// </summary>
    public static RiemannianMeanResult Compute(IReadOnlyList<double[]> matrices, int n, RiemannianMeanOptions? options = null)
    {
        options ??= new RiemannianMeanOptions();
        if (matrices.Count == 0) throw new ArgumentException("no matrices to average", nameof(matrices));
        if (!(options.Tolerance > 0)) throw new ArgumentException($"the tolerance must be > 0, got {options.Tolerance}", nameof(options));
        if (options.MaxIterations < 1) throw new ArgumentException($"allow at least 1 iteration, got {options.MaxIterations}", nameof(options));
        var eigen = new SymmetricEigen(n);
        for (int i = 0; i < matrices.Count; i++)
        {
            var c = matrices[i];
            if (c.Length != n * n) throw new ArgumentException($"matrix {i + 1} holds {c.Length} values, not {n} x {n}", nameof(matrices));
            var (row, column) = MatrixMath.FirstAsymmetry(c, n);
            if (row >= 0) throw new ArgumentException($"matrix {i + 1} is not symmetric (entry {row + 1},{column + 1} differs from {column + 1},{row + 1})", nameof(matrices));
            eigen.Decompose(c);
            double smallest = eigen.Values.Min();
            if (!(smallest > 0)) throw new ArgumentException($"matrix {i + 1} is not positive definite (smallest eigenvalue {smallest:G3}); add shrinkage to the covariances", nameof(matrices));
        }

        var mean = new double[n * n];
        foreach (var c in matrices)
            for (int k = 0; k < mean.Length; k++) mean[k] += c[k] / matrices.Count;

        int iterations = 0;
        double criterion = double.PositiveInfinity;
        var tangent = new double[n * n];
        while (iterations < options.MaxIterations)
        {
            var half = MatrixMath.Apply(mean, n, SymmetricEigen.Function.Sqrt);
            var inverseHalf = MatrixMath.Apply(mean, n, SymmetricEigen.Function.InverseSqrt);
            Array.Clear(tangent);
            foreach (var c in matrices)
            {
                var whitened = MatrixMath.Multiply(MatrixMath.Multiply(inverseHalf, c, n), inverseHalf, n);
                MatrixMath.Symmetrize(whitened, n);
                var log = MatrixMath.Apply(whitened, n, SymmetricEigen.Function.Log);
                for (int k = 0; k < tangent.Length; k++) tangent[k] += log[k] / matrices.Count;
            }

            mean = MatrixMath.Multiply(MatrixMath.Multiply(half, MatrixMath.Apply(tangent, n, SymmetricEigen.Function.Exp), n), half, n);
            MatrixMath.Symmetrize(mean, n);
            iterations++;
            criterion = MatrixMath.Norm(tangent);
            if (criterion <= options.Tolerance) break;
        }

        return new RiemannianMeanResult(MatrixMath.Rows(mean, n, n), iterations, criterion, criterion <= options.Tolerance);
    }
}
