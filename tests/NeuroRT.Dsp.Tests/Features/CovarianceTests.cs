using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Tests.Filters;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class CovarianceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Covariance_matches_numpy_with_and_without_shrinkage(int index)
    {
        var reference = FilterReference.Section("covariances")[index];
        var expected = FilterReference.Rows(reference.GetProperty("matrices"));
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        var covariance = new Covariance { Shrinkage = reference.GetProperty("shrinkage").GetDouble() };
        using var features = FilterReference.RunOnce(covariance, windows, format);
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(features.Frame(f)[k] - expected[f][k]) <= 1e-6 * Math.Abs(expected[f][k]) + 1e-4,
                    $"window {f}, entry {k}: {features.Frame(f)[k]} vs numpy {expected[f][k]}");
        Assert.Equal(0, StageHarness.AllocatedBy(covariance, windows, features, 10));
    }
}

public sealed class TangentSpaceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Tangent_vectors_match_numpy_at_the_identity_and_at_a_fitted_reference(int index)
    {
        var reference = FilterReference.Section("tangents")[index];
        var expected = FilterReference.Rows(reference.GetProperty("vectors"));
        var point = reference.GetProperty("reference");
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        var covariance = new Covariance { Shrinkage = 0.1 };
        using var covariances = FilterReference.RunOnce(covariance, windows, format);
        var tangent = new TangentSpace { Reference = point.ValueKind == System.Text.Json.JsonValueKind.Null ? [] : FilterReference.Rows(point) };
        using var vectors = FilterReference.RunOnce(tangent, covariances, covariance.Configure(new NeuroRT.Core.Stages.StageInput(format, windows.Capacity)).Format);
        int n = format.ChannelCount;
        Assert.Equal(n * (n + 1) / 2, vectors.Channels);
        Assert.Equal(expected.Length, vectors.Count);
        for (int f = 0; f < vectors.Count; f++)
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(vectors.Frame(f)[k] - expected[f][k]) <= 1e-4, $"window {f}, value {k}: {vectors.Frame(f)[k]} vs numpy {expected[f][k]}");
        Assert.Equal(0, StageHarness.AllocatedBy(tangent, covariances, vectors, 10));
    }
}
