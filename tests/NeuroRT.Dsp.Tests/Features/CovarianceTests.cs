using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Tests.Filters;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class CovarianceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Covariance_matches_numpy_with_and_without_shrinkage(int index)
    {
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var reference = root.GetProperty("covariances")[index];
        var expected = reference.GetProperty("matrices").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var (input, samples, channels, fs) = FilterReference.Input();
        var format = StageHarness.Format(channels, fs);
        var window = new SlidingWindow { Length = 2, Step = 0.5 };
        var windowed = window.Configure(new StageInput(format, samples));
        var covariance = new Covariance { Shrinkage = reference.GetProperty("shrinkage").GetDouble() };
        var output = covariance.Configure(new StageInput(windowed.Format, windowed.MaxFramesPerBlock));
        Assert.Equal("ch1*ch2", output.Format.Channels[1].Name);
        using var block = new SampleBlock(format, samples) { Count = samples };
        input.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / fs, i, 0);
        using var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        using var features = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        covariance.Process(windows, features);
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int k = 0; k < channels * channels; k++)
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
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var reference = root.GetProperty("tangents")[index];
        var expected = reference.GetProperty("vectors").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var (input, samples, channels, fs) = FilterReference.Input();
        var format = StageHarness.Format(channels, fs);
        var window = new SlidingWindow { Length = 2, Step = 0.5 };
        var windowed = window.Configure(new StageInput(format, samples));
        var covariance = new Covariance { Shrinkage = 0.1 };
        var covFormat = covariance.Configure(new StageInput(windowed.Format, windowed.MaxFramesPerBlock));
        var tangent = new TangentSpace
        {
            Reference = reference.GetProperty("reference").ValueKind == System.Text.Json.JsonValueKind.Null
                ? []
                : reference.GetProperty("reference").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
        };
        var output = tangent.Configure(new StageInput(covFormat.Format, covFormat.MaxFramesPerBlock));
        Assert.Equal(channels * (channels + 1) / 2, output.Format.ChannelCount);
        using var block = new SampleBlock(format, samples) { Count = samples };
        input.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / fs, i, 0);
        using var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        using var covariances = new SampleBlock(covFormat.Format, covFormat.MaxFramesPerBlock);
        covariance.Process(windows, covariances);
        using var vectors = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        tangent.Process(covariances, vectors);
        Assert.Equal(expected.Length, vectors.Count);
        for (int f = 0; f < vectors.Count; f++)
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(vectors.Frame(f)[k] - expected[f][k]) <= 1e-4, $"window {f}, value {k}: {vectors.Frame(f)[k]} vs numpy {expected[f][k]}");
        Assert.Equal(0, StageHarness.AllocatedBy(tangent, covariances, vectors, 10));
    }
}
