using NeuroRT.Dsp.Fitting;

namespace NeuroRT.Dsp.Tests.Fitting;

public sealed class RiemannianMeanTests
{
    private static readonly int N = FittingReference.Channels;

    private static List<double[]> Matrices() =>
        FittingReference.Section("riemann").GetProperty("matrices").EnumerateArray().Select(m => FittingReference.Rows(m).SelectMany(r => r).ToArray()).ToList();

    [Theory]
    [InlineData(0)] // runs to the tolerance
    [InlineData(1)] // stopped after 2 iterations: not converged
    public void Mean_iterations_and_criterion_match_numpy(int index)
    {
        var reference = FittingReference.Section("riemann").GetProperty("means")[index];
        var options = new RiemannianMeanOptions { Tolerance = reference.GetProperty("tolerance").GetDouble(), MaxIterations = reference.GetProperty("max_iterations").GetInt32() };
        var result = RiemannianMean.Compute(Matrices(), N, options);
        var expected = FittingReference.Rows(reference.GetProperty("mean"));
        double scale = expected.Max(r => r.Max(Math.Abs));
        double worst = FittingReference.WorstDifference(result.Mean, expected);
        Assert.True(worst <= 1e-10 * scale, $"mean differs from numpy by {worst:G3} (entries up to {scale:G3})");
        Assert.Equal(reference.GetProperty("iterations").GetInt32(), result.Iterations);
        Assert.Equal(reference.GetProperty("converged").GetBoolean(), result.Converged);
        double criterion = reference.GetProperty("criterion").GetDouble();
        // Near convergence the criterion is a difference of nearly equal logs: compare it to rounding of the whole.
        Assert.True(Math.Abs(result.Criterion - criterion) <= 1e-6 * criterion + 1e-12, $"criterion {result.Criterion:G6} vs numpy {criterion:G6}");
    }

    [Fact]
    public void The_mean_of_two_matrices_is_their_geodesic_midpoint()
    {
        var midpoint = FittingReference.Section("riemann").GetProperty("midpoint");
        var all = Matrices();
        var pair = new[] { all[midpoint.GetProperty("a").GetInt32()], all[midpoint.GetProperty("b").GetInt32()] };
        var result = RiemannianMean.Compute(pair, N, new RiemannianMeanOptions { Tolerance = 1e-12, MaxIterations = 100 });
        Assert.True(result.Converged);
        var expected = FittingReference.Rows(midpoint.GetProperty("mean"));
        double worst = FittingReference.WorstDifference(result.Mean, expected);
        Assert.True(worst <= 1e-9 * expected.Max(r => r.Max(Math.Abs)), $"A #1/2 B differs by {worst:G3}");
    }

    [Fact]
    public void Diagonal_matrices_average_to_their_elementwise_geometric_mean()
    {
        double[][] diagonals = [[1, 4, 9], [4, 1, 0.25], [16, 2, 1]];
        var matrices = diagonals.Select(d => new double[] { d[0], 0, 0, 0, d[1], 0, 0, 0, d[2] }).ToList();
        var result = RiemannianMean.Compute(matrices, 3);
        Assert.True(result.Converged && result.Iterations <= 3, $"commuting matrices converge at once ({result.Iterations} iterations)");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Cbrt(diagonals[0][i] * diagonals[1][i] * diagonals[2][i]), result.Mean[i][i], 12);
            for (int j = 0; j < 3; j++) if (i != j) Assert.Equal(0, result.Mean[i][j], 12);
        }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_named()
    {
        var matrices = Matrices().Take(3).ToList();
        matrices.Add([1, 2, 2, 1]);
        var e = Assert.Throws<ArgumentException>(() => RiemannianMean.Compute(matrices, N));
        Assert.Contains("matrix 4 holds 4 values, not 6 x 6", e.Message);
        e = Assert.Throws<ArgumentException>(() => RiemannianMean.Compute([new double[] { 1, 2, 2, 1 }], 2));
        Assert.Contains("matrix 1 is not positive definite (smallest eigenvalue -1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => RiemannianMean.Compute([new double[] { 2, 1, 0, 2 }], 2));
        Assert.Contains("matrix 1 is not symmetric (entry 1,2 differs from 2,1)", e.Message);
    }
}
