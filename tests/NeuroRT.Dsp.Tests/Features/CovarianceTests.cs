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

public sealed class TangentSpaceFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-tangent-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    private string Save(double[][] mean, string[] channels)
    {
        string path = Path.Combine(_folder, "reference.json");
        new NeuroRT.Dsp.Fitting.ReferenceFile
        {
            Provenance = new NeuroRT.Dsp.Fitting.FitProvenance { Tool = "test", Classes = ["T1"], EpochsPerClass = [1], Rate = 250 },
            Channels = channels,
            Shrinkage = 0.1,
            Tolerance = 1e-8,
            Result = new NeuroRT.Dsp.Fitting.RiemannianMeanResult(mean, 1, 0, true),
        }.Save(path);
        return path;
    }

    [Fact]
    public void A_reference_file_gives_the_same_vectors_as_the_inline_reference()
    {
        var point = FilterReference.Rows(FilterReference.Section("tangents")[1].GetProperty("reference"));
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        var covariance = new Covariance { Shrinkage = 0.1 };
        using var covariances = FilterReference.RunOnce(covariance, windows, format);
        var covFormat = covariance.Configure(new NeuroRT.Core.Stages.StageInput(format, windows.Capacity)).Format;
        using var inline = FilterReference.RunOnce(new TangentSpace { Reference = point }, covariances, covFormat);
        using var fromFile = FilterReference.RunOnce(new TangentSpace { File = Save(point, ["CH1.", "ch2", "ch3"]) }, covariances, covFormat);
        for (int f = 0; f < inline.Count; f++) Assert.Equal(inline.Frame(f).ToArray(), fromFile.Frame(f).ToArray());
    }

    [Fact]
    public void A_reference_fitted_on_other_channels_is_refused()
    {
        var point = FilterReference.Rows(FilterReference.Section("tangents")[1].GetProperty("reference"));
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        var covFormat = new Covariance().Configure(new NeuroRT.Core.Stages.StageInput(format, windows.Capacity)).Format;
        var input = new NeuroRT.Core.Stages.StageInput(covFormat, 1);
        var e = Assert.Throws<NeuroRT.Core.Stages.StageConfigurationException>(() => new TangentSpace { File = Save(point, ["ch1", "ch3", "ch2"]) }.Configure(input));
        Assert.Equal("file", e.Parameter);
        Assert.Equal("reference.json was fitted on channel 'ch3' at position 2, but the covariance's channel 2 is 'ch2'; feed the covariance the fit's channels in the fit's order (ch1, ch3, ch2)", e.Message);
        e = Assert.Throws<NeuroRT.Core.Stages.StageConfigurationException>(() => new TangentSpace { File = Save([[1, 0], [0, 1]], ["ch1", "ch2"]) }.Configure(input));
        Assert.Equal("reference.json was fitted on 2 channels but the covariance here is 3 x 3; compute the covariance of the same channels", e.Message);
        e = Assert.Throws<NeuroRT.Core.Stages.StageConfigurationException>(() => new TangentSpace { File = Save(point, ["ch1", "ch2", "ch3"]), Reference = point }.Configure(input));
        Assert.Equal("give either 'reference' or 'file', not both", e.Message);
    }
}
