using System.Numerics;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filtering;
using NeuroRT.Dsp.Filters;
using NeuroRT.Dsp.Tests.Features;

namespace NeuroRT.Dsp.Tests.Filters;

public sealed class EnvelopeTests
{
    [Fact]
    public void Envelope_matches_numpy_filter_hilbert_to_1e5_of_rms_at_any_block_size()
    {
        var hilbert = BandPowerReference.Section("hilbert");
        var reference = hilbert.GetProperty("envelope");
        var expected = BandPowerReference.Floats(reference.GetProperty("output"));
        var (signal, format) = BandPowerReference.Input();
        int channels = format.ChannelCount;
        EnvelopeStage? stage = null;
        // Two bands, so the first band's values sit interleaved with the second's: [channel * 2 + band].
        var frames = BandPowerReference.RunAtEveryBlockSize(() => stage = new EnvelopeStage { Bands = [[8, 12], [13, 30]], Order = 4 }, format, signal);
        Assert.Equal(reference.GetProperty("taps").GetInt32(), stage!.HilbertTaps[0]);
        int samples = expected.Length / channels;
        Assert.True(samples >= 10_000);
        Assert.Equal(samples, frames.Count);
        for (int c = 0; c < channels; c++)
        {
            double rms = Math.Sqrt(Enumerable.Range(0, samples).Average(t => (double)expected[t * channels + c] * expected[t * channels + c]));
            double worst = Enumerable.Range(0, samples).Max(t => Math.Abs(frames[t][c * 2] - expected[t * channels + c]));
            Assert.True(worst <= 1e-5 * rms, $"channel {c}: worst error {worst:G3} exceeds 1e-5 of the envelope RMS {rms:G4}");
        }
    }

    [Fact]
    public void Envelope_allocates_nothing_per_block()
    {
        var (signal, format) = BandPowerReference.Input();
        var stage = new EnvelopeStage { Bands = [[8, 12], [13, 30]] };
        var output = stage.Configure(new StageInput(format, 1000));
        using var input = new SampleBlock(format, 1000) { Count = 1000 };
        signal.AsSpan(0, input.Values.Length).CopyTo(input.Values);
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result, 50));
    }

    [Fact]
    public void Hilbert_kernels_match_numpy()
    {
        foreach (var kernel in BandPowerReference.Section("hilbert").GetProperty("kernels").EnumerateArray())
        {
            var expected = kernel.GetProperty("h").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var h = HilbertDesign.Kernel(kernel.GetProperty("taps").GetInt32());
            Assert.Equal(expected.Length, h.Length);
            for (int i = 0; i < h.Length; i++) Assert.Equal(expected[i], h[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(250)]
    [InlineData(1000)]
    public void Automatic_taps_keep_the_transformer_gain_within_1_percent_across_the_band(double fs)
    {
        foreach (double low in new[] { 0.5, 1, 4, 8, 13, 30, 60, 100, 0.3 * fs })
            foreach (double width in new[] { 0.5, 4, 17, 0.15 * fs })
            {
                double high = Math.Min(low + width, fs / 2 - 0.5);
                if (high <= low) continue;
                var h = HilbertDesign.Kernel(HilbertDesign.TapsFor(low, high, fs));
                for (int i = 0; i <= 100; i++)
                {
                    double f = low + (high - low) * i / 100;
                    var response = Complex.Zero;
                    for (int n = 0; n < h.Length; n++) response += h[n] * Complex.FromPolarCoordinates(1, -2 * Math.PI * f * n / fs);
                    Assert.True(Math.Abs(response.Magnitude - 1) <= 0.01, $"{low}-{high} Hz at {fs} Hz, {h.Length} taps: gain {response.Magnitude:F4} at {f:F2} Hz");
                }
            }
    }

    [Fact]
    public void Squared_output_is_the_envelope_squared_with_channels_named_per_band()
    {
        var (signal, format) = BandPowerReference.Input();
        var plain = StageHarness.Run(new EnvelopeStage { Bands = [[8, 12]] }, format, signal, 500);
        var squared = new EnvelopeStage { Bands = [[8, 12]], Squared = true };
        var power = StageHarness.Run(squared, format, signal, 500);
        for (int t = 0; t < plain.Count; t++)
            for (int c = 0; c < format.ChannelCount; c++)
                Assert.True(Math.Abs(power[t].Values[c] - (double)plain[t].Values[c] * plain[t].Values[c]) <= 3e-7 * power[t].Values[c] + 1e-30);
        var output = squared.Configure(new StageInput(format, 8)).Format;
        Assert.Equal("ch1:8-12Hz", output.Channels[0].Name);
        Assert.Equal("uV^2", output.Channels[0].Unit);
    }

    [Fact]
    public void Envelope_needs_the_signal_and_bands_inside_0_to_nyquist()
    {
        var format = StageHarness.Format(2, 250);
        Assert.Contains("before the window stage", Assert.Throws<StageConfigurationException>(() => new EnvelopeStage { Bands = [[8, 12]] }.Configure(new StageInput(format with { FrameLength = 100 }, 4))).Message);
        Assert.Equal("bands", Assert.Throws<StageConfigurationException>(() => new EnvelopeStage { Bands = [[100, 125]] }.Configure(new StageInput(format, 4))).Parameter);
        Assert.Equal("order", Assert.Throws<StageConfigurationException>(() => new EnvelopeStage { Bands = [[8, 12]], Order = 0 }.Configure(new StageInput(format, 4))).Parameter);
        Assert.Equal("taps", Assert.Throws<StageConfigurationException>(() => new EnvelopeStage { Bands = [[8, 12]], Taps = 2 }.Configure(new StageInput(format, 4))).Parameter);
    }
}
