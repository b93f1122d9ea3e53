using NeuroRT.Dsp.Fitting;

namespace NeuroRT.Dsp.Tests.Fitting;

public sealed class CommonSpatialPatternsTests
{
    private static readonly int N = FittingReference.Channels;

    private static CspFilters FitAll(CspNormalisation normalisation) =>
        CommonSpatialPatterns.Fit(FittingReference.Class(0), FittingReference.Class(1), N, new CspOptions { FiltersPerClass = N / 2, Normalisation = normalisation });

    [Theory]
    [InlineData("csp", CspNormalisation.EpochTrace)]  // classic: scipy.linalg.eigh(C1, C1 + C2) on trace-normalised epochs
    [InlineData("mne", CspNormalisation.None)]        // mne.decoding.CSP(cov_est='epoch', norm_trace=True)
    public void Filters_patterns_and_eigenvalues_match_the_reference(string section, CspNormalisation normalisation)
    {
        var reference = FittingReference.Section(section);
        var fit = FitAll(normalisation);
        var values = FittingReference.Numbers(reference.GetProperty("eigenvalues"));
        for (int k = 0; k < N; k++) Assert.True(Math.Abs(fit.AllEigenvalues[k] - values[k]) <= 1e-10, $"eigenvalue {k + 1}: {fit.AllEigenvalues[k]} vs {values[k]}");
        Assert.Equal(fit.AllEigenvalues, fit.Eigenvalues); // m = n / 2 picks every filter, in order
        // Filters are scaled so that w' (C1 + C2) w = 1 (weights of order 1 here) and signed alike on both sides.
        double filters = FittingReference.WorstDifference(fit.Filters, FittingReference.Rows(reference.GetProperty("filters")));
        double patterns = FittingReference.WorstDifference(fit.Patterns, FittingReference.Rows(reference.GetProperty("patterns")));
        Assert.True(filters <= 1e-8, $"filters differ from {section} by up to {filters:G3}");
        Assert.True(patterns <= 1e-8, $"patterns differ from {section} by up to {patterns:G3}");
    }

    [Fact]
    public void M_filters_are_taken_from_each_end_of_the_spectrum()
    {
        var all = FitAll(CspNormalisation.EpochTrace);
        var fit = CommonSpatialPatterns.Fit(FittingReference.Class(0), FittingReference.Class(1), N, new CspOptions { FiltersPerClass = 1 });
        Assert.Equal(2, fit.Filters.Length);
        Assert.Equal(all.Filters[0], fit.Filters[0]);
        Assert.Equal(all.Filters[N - 1], fit.Filters[1]);
        Assert.Equal([all.AllEigenvalues[0], all.AllEigenvalues[N - 1]], fit.Eigenvalues);
        Assert.True(fit.Eigenvalues[0] > 0.9 && fit.Eigenvalues[1] < 0.1, "the designed sources stand out at both ends");
    }

    [Fact]
    public void Patterns_are_the_inverse_of_the_filters()
    {
        var fit = FitAll(CspNormalisation.EpochTrace);
        for (int r = 0; r < N; r++)
            for (int k = 0; k < N; k++)
            {
                double dot = 0;
                for (int c = 0; c < N; c++) dot += fit.Filters[r][c] * fit.Patterns[k][c];
                Assert.Equal(r == k ? 1 : 0, dot, 9);
            }
    }

    [Fact]
    public void Swapping_the_classes_reverses_the_filters()
    {
        var fit = CommonSpatialPatterns.Fit(FittingReference.Class(0), FittingReference.Class(1), N);
        var swapped = CommonSpatialPatterns.Fit(FittingReference.Class(1), FittingReference.Class(0), N);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(1 - fit.Eigenvalues[k], swapped.Eigenvalues[3 - k], 10);
            for (int c = 0; c < N; c++) Assert.Equal(fit.Filters[k][c], swapped.Filters[3 - k][c], 8);
        }
    }

    [Fact]
    public void Errors_say_what_is_wrong_with_the_data()
    {
        var a = FittingReference.Class(0);
        var b = FittingReference.Class(1);
        var e = Assert.Throws<ArgumentException>(() => CommonSpatialPatterns.Fit(a, b, N, new CspOptions { FiltersPerClass = 4 }));
        Assert.Contains("cannot take 4 filters from each end of 6 channels' eigenvalues: choose 1 to 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => CommonSpatialPatterns.Fit(a, [], N));
        Assert.Contains("the second class has no epochs", e.Message);

        // Channel 2 a copy of channel 1: the covariances are singular.
        var copy = (List<float[]> set) => set.Select(x => { var y = (float[])x.Clone(); for (int t = 0; t < y.Length / N; t++) y[t * N + 1] = y[t * N]; return y; }).ToList();
        e = Assert.Throws<ArgumentException>(() => CommonSpatialPatterns.Fit(copy(a), copy(b), N));
        Assert.Contains("do not span the 6 channels", e.Message);
    }

    [Fact]
    public void Leave_one_out_separates_the_designed_classes_and_the_binomial_tail_is_exact()
    {
        var result = CspCrossValidation.LeaveOneOut(FittingReference.Class(0), FittingReference.Class(1), N, new CspOptions());
        Assert.Equal(24, result.Total);
        Assert.True(result.Correct >= 22, $"{result.Correct}/24 on classes that differ by a factor 7.5 in source power"); // the classes are far apart by design
        Assert.Equal(576.0 / 32768, CspCrossValidation.BinomialTail(12, 15), 12); // (C(15,12) + C(15,13) + C(15,14) + 1) / 2^15
        Assert.Equal(1, CspCrossValidation.BinomialTail(0, 15), 12);
    }
}
