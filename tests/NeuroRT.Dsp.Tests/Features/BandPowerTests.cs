using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Tests.Filters;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class BandPowerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Welch_band_power_matches_scipy(int index)
    {
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var reference = root.GetProperty("bandpowers")[index];
        var bands = reference.GetProperty("bands").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var expected = reference.GetProperty("power").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        int segment = reference.GetProperty("segment").GetInt32();
        var (input, samples, channels, fs) = FilterReference.Input();
        var format = StageHarness.Format(channels, fs);

        // 2 s windows every 0.5 s, then band power (1 s Welch segments, or one periodogram of the whole window).
        var window = new SlidingWindow { Length = 2, Step = 0.5 };
        var windowed = window.Configure(new StageInput(format, samples));
        var power = new BandPower { Bands = bands, Segment = segment == 500 ? 0 : segment / fs };
        var output = power.Configure(new StageInput(windowed.Format, windowed.MaxFramesPerBlock));
        Assert.Equal(channels * bands.Length, output.Format.ChannelCount);
        Assert.Equal("ch1:8-12Hz", output.Format.Channels[0].Name);
        using var block = new SampleBlock(format, samples) { Count = samples };
        input.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / fs, i, 0);
        using var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        using var features = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        power.Process(windows, features);

        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(features.Frame(f)[k] - expected[f][k]) <= 1e-6 * expected[f][k] + 1e-12,
                    $"window {f}, value {k}: {features.Frame(f)[k]} vs SciPy {expected[f][k]}");

        Assert.Equal(0, StageHarness.AllocatedBy(power, windows, features, 20));
    }

    [Fact]
    public void A_band_without_bins_or_above_nyquist_is_refused()
    {
        var windows = StageHarness.Format(2, 250) with { FrameLength = 250 };
        Assert.Contains("Nyquist", Assert.Throws<StageConfigurationException>(() => new BandPower { Bands = [[100, 200]] }.Configure(new StageInput(windows, 4))).Message);
        Assert.Contains("holds no spectral bin", Assert.Throws<StageConfigurationException>(() => new BandPower { Bands = [[10.2, 10.4]] }.Configure(new StageInput(windows, 4))).Message);
    }
}

public sealed class SpectralEdgeTests
{
    [Fact]
    public void Sef95_matches_scipy_and_allocates_nothing()
    {
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var expected = root.GetProperty("spectral_edges").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var (input, samples, channels, fs) = FilterReference.Input();
        var format = StageHarness.Format(channels, fs);
        var window = new SlidingWindow { Length = 2, Step = 0.5 };
        var windowed = window.Configure(new StageInput(format, samples));
        var edge = new SpectralEdge();
        var output = edge.Configure(new StageInput(windowed.Format, windowed.MaxFramesPerBlock));
        using var block = new SampleBlock(format, samples) { Count = samples };
        input.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / fs, i, 0);
        using var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        using var features = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        edge.Process(windows, features);
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int c = 0; c < channels; c++) Assert.Equal(expected[f][c], features.Frame(f)[c], 4);
        Assert.Equal("ch1:SEF95", output.Format.Channels[0].Name);
        Assert.Equal(0, StageHarness.AllocatedBy(edge, windows, features, 10));
    }
}
