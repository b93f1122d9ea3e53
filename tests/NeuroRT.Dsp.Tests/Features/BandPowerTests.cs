using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Tests.Filters;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class BandPowerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Welch_band_power_matches_scipy(int index)
    {
        var reference = FilterReference.Section("bandpowers")[index];
        var bands = FilterReference.Rows(reference.GetProperty("bands"));
        var expected = FilterReference.Rows(reference.GetProperty("power"));
        int segment = reference.GetProperty("segment").GetInt32();
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        // 1 s Welch segments, or one periodogram of the whole 2 s window.
        var power = new BandPower { Bands = bands, Segment = segment == 500 ? 0 : segment / format.SampleRate };
        using var features = FilterReference.RunOnce(power, windows, format);
        Assert.Equal(format.ChannelCount * bands.Length, features.Channels);
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(features.Frame(f)[k] - expected[f][k]) <= 1e-6 * expected[f][k] + 1e-12,
                    $"window {f}, value {k}: {features.Frame(f)[k]} vs SciPy {expected[f][k]}");
        Assert.Equal(0, StageHarness.AllocatedBy(power, windows, features, 20));
    }

    [Fact]
    public void Band_channels_are_named_and_bands_without_bins_or_above_nyquist_are_refused()
    {
        var windows = StageHarness.Format(2, 250) with { FrameLength = 250 };
        Assert.Equal("ch1:8-12Hz", new BandPower { Bands = [[8, 12]] }.Configure(new StageInput(windows, 4)).Format.Channels[0].Name);
        Assert.Contains("Nyquist", Assert.Throws<StageConfigurationException>(() => new BandPower { Bands = [[100, 200]] }.Configure(new StageInput(windows, 4))).Message);
        Assert.Contains("holds no spectral bin", Assert.Throws<StageConfigurationException>(() => new BandPower { Bands = [[10.2, 10.4]] }.Configure(new StageInput(windows, 4))).Message);
    }
}

public sealed class SpectralEdgeTests
{
    [Fact]
    public void Sef95_matches_scipy_and_allocates_nothing()
    {
        var expected = FilterReference.Rows(FilterReference.Section("spectral_edges"));
        var (windows, format) = FilterReference.Windows();
        using var _ = windows;
        var edge = new SpectralEdge();
        using var features = FilterReference.RunOnce(edge, windows, format);
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int c = 0; c < format.ChannelCount; c++) Assert.Equal(expected[f][c], features.Frame(f)[c], 4);
        Assert.Equal(0, StageHarness.AllocatedBy(edge, windows, features, 10));
    }
}
