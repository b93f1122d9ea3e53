using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Filtering;
using NeuroRT.Dsp.Tests.Filters;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class BandPowerMethodTests
{
    private static BandPower Spectral(string method, System.Text.Json.JsonElement reference, double fs)
    {
        int length = reference.GetProperty("window").GetInt32(), segment = reference.GetProperty("segment").GetInt32();
        return new BandPower
        {
            Method = method,
            Bands = BandPowerReference.Rows(reference.GetProperty("bands")),
            Segment = segment == length ? 0 : segment / fs,
            Taper = reference.GetProperty("taper").GetString()!,
        };
    }

    // Cases: 2 s Hann periodogram (bands up to Nyquist), 2 s boxcar, 1.5 s (odd length, no Nyquist bin), 2 s in 1 s Welch segments.
    [Theory]
    [InlineData("goertzel", 0)]
    [InlineData("goertzel", 1)]
    [InlineData("goertzel", 2)]
    [InlineData("goertzel", 3)]
    [InlineData("welch", 1)]
    [InlineData("welch", 2)]
    public void Spectral_band_power_matches_scipy_periodogram_and_welch_to_1e6(string method, int index)
    {
        var reference = BandPowerReference.Section("spectra")[index];
        var (signal, format) = BandPowerReference.Input();
        var (windows, windowed) = BandPowerReference.Windows(signal, format, reference.GetProperty("window").GetInt32(), reference.GetProperty("step").GetInt32());
        using var _ = windows;
        var power = Spectral(method, reference, format.NominalRate);
        using var features = FilterReference.RunOnce(power, windows, windowed);
        var frames = Enumerable.Range(0, features.Count).Select(f => features.Frame(f).ToArray()).ToList();
        BandPowerReference.AssertClose(BandPowerReference.Rows(reference.GetProperty("power")), frames, 1e-6, $"{method} case {index}");
        Assert.Equal(0, StageHarness.AllocatedBy(power, windows, features, 20));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Goertzel_equals_welch_to_one_float32_rounding(int index)
    {
        var reference = BandPowerReference.Section("spectra")[index];
        var (signal, format) = BandPowerReference.Input();
        var (windows, windowed) = BandPowerReference.Windows(signal, format, reference.GetProperty("window").GetInt32(), reference.GetProperty("step").GetInt32());
        using var _ = windows;
        using var goertzel = FilterReference.RunOnce(Spectral("goertzel", reference, format.NominalRate), windows, windowed);
        using var welch = FilterReference.RunOnce(Spectral("welch", reference, format.NominalRate), windows, windowed);
        for (int i = 0; i < goertzel.Values.Length; i++)
            Assert.True(Math.Abs(goertzel.Values[i] - welch.Values[i]) <= 1.2e-7 * Math.Abs(welch.Values[i]), $"value {i}: goertzel {goertzel.Values[i]} vs welch {welch.Values[i]}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Hilbert_band_power_matches_numpy_and_is_the_same_at_any_block_size(int index)
    {
        var hilbert = BandPowerReference.Section("hilbert");
        var means = hilbert.GetProperty("means")[index];
        var (signal, format) = BandPowerReference.Input();
        int taps = means.GetProperty("taps").GetInt32();
        BandPower Create() => new() { Method = "hilbert", Bands = BandPowerReference.Rows(hilbert.GetProperty("bands")), Order = hilbert.GetProperty("order").GetInt32(), Taps = taps };
        BandPower? last = null;
        var frames = BandPowerReference.RunAtEveryBlockSize(() => new StageChain(new SlidingWindow { Length = 2, Step = 0.5 }, last = Create()), format, signal);
        Assert.Equal(means.GetProperty("band_taps").EnumerateArray().Select(t => t.GetInt32()), last!.HilbertTaps);
        BandPowerReference.AssertClose(BandPowerReference.Rows(means.GetProperty("power")), frames, 1e-6, $"hilbert, taps {taps}");

        var (windows, windowed) = BandPowerReference.Windows(signal, format, 500, 125);
        using var _ = windows;
        var power = Create();
        using var features = FilterReference.RunOnce(power, windows, windowed);
        Assert.Equal(0, StageHarness.AllocatedBy(power, windows, features, 20));
    }

    [Fact]
    public void Hilbert_band_power_is_half_the_envelope_stage_then_window_then_energy()
    {
        var (signal, format) = BandPowerReference.Input();
        double[][] bands = [[8, 12], [13, 30]];
        var direct = StageHarness.Run(new StageChain(new SlidingWindow { Length = 2, Step = 0.5 }, new BandPower { Method = "hilbert", Bands = bands }), format, signal, 64);
        var envelope = new StageChain(new StageChain(new EnvelopeStage { Bands = bands }, new SlidingWindow { Length = 2, Step = 0.5 }), new SignalEnergy());
        var composed = StageHarness.Run(envelope, format, signal, 64);
        Assert.Equal(direct.Count, composed.Count);
        for (int f = 0; f < direct.Count; f++)
        {
            Assert.Equal(direct[f].Index, composed[f].Index);
            for (int k = 0; k < direct[f].Values.Length; k++)
                Assert.True(Math.Abs(direct[f].Values[k] - composed[f].Values[k] / 2) <= 1e-6 * direct[f].Values[k], $"window {f}, value {k}: {direct[f].Values[k]} vs half of {composed[f].Values[k]}");
        }
    }

    [Fact]
    public void A_sinusoid_of_amplitude_a_gives_half_a_squared_by_every_method()
    {
        // 20 s of 3 sin(2 pi 10 t) at 250 Hz; the last 2 s window is far past the filters' transients.
        var format = StageHarness.Format(1, 250);
        var signal = Enumerable.Range(0, 5000).Select(t => (float)(3 * Math.Sin(2 * Math.PI * 10 * t / 250.0))).ToArray();
        double Last(string method) => StageHarness.Run(new StageChain(new SlidingWindow { Length = 2, Step = 2 }, new BandPower { Method = method, Bands = [[8, 12]] }), format, signal, 5000)[^1].Values[0];
        Assert.Equal(4.5, Last("hilbert"), 4.5 * 0.02);  // the Hilbert gain is within 1 % of 1 in the band, the band-pass's ~1 at 10 Hz
        Assert.Equal(4.5, Last("welch"), 4.5 * 1e-6);
        Assert.Equal(4.5, Last("goertzel"), 4.5 * 1e-6);
    }

    [Theory]
    [InlineData("welch")]
    [InlineData("goertzel")]
    [InlineData("hilbert")]
    public void A_channel_gets_the_same_result_in_any_SIMD_lane(string method)
    {
        // 11 channels, channel k a copy of reference channel k % 3: vector lanes and the scalar remainder must agree bit for bit.
        var (signal, format) = BandPowerReference.Input();
        int samples = signal.Length / 3;
        var wide = new float[samples * 11];
        for (int t = 0; t < samples; t++)
            for (int k = 0; k < 11; k++) wide[t * 11 + k] = signal[t * 3 + k % 3];
        var (windows, windowed) = BandPowerReference.Windows(wide, StageHarness.Format(11, format.NominalRate), 500, 125);
        using var _ = windows;
        using var features = FilterReference.RunOnce(new BandPower { Method = method, Bands = [[8, 12], [13, 30]] }, windows, windowed);
        for (int f = 0; f < features.Count; f++)
        {
            var row = features.Frame(f);
            for (int k = 3; k < 11; k++)
                for (int b = 0; b < 2; b++) Assert.Equal(row[(k % 3) * 2 + b], row[k * 2 + b]);
        }
    }

    private static StageConfigurationException Refused(BandPower power, int length = 500, int step = 125)
    {
        var windows = StageHarness.Format(2, 250) with { FrameLength = length, NominalRate = 250.0 / step };
        return Assert.Throws<StageConfigurationException>(() => power.Configure(new StageInput(windows, 4)));
    }

    [Theory]
    [InlineData("welch", 10, 8, "bands", "low must be below high")]
    [InlineData("goertzel", 100, 126, "bands", "Nyquist")]
    [InlineData("hilbert", 100, 125, "bands", "Nyquist")]
    [InlineData("hilbert", 0, 4, "bands", "above 0 Hz")]
    [InlineData("goertzel", 10, 10.4, "bands", "narrower than one DFT bin")]
    [InlineData("fourier", 8, 12, "method", "method must be welch, goertzel or hilbert, got 'fourier'")]
    public void Bad_bands_and_methods_are_refused_naming_the_parameter(string method, double low, double high, string parameter, string message)
    {
        var e = Refused(new BandPower { Method = method, Bands = [[8, 12], [low, high]] });
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Parameters_of_another_method_and_gapped_windows_are_refused()
    {
        Assert.Equal("taps", Refused(new BandPower { Bands = [[8, 12]], Taps = 31 }).Parameter);
        Assert.Equal("taps", Refused(new BandPower { Method = "hilbert", Bands = [[8, 12]], Taps = 30 }).Parameter);
        Assert.Equal("segment", Refused(new BandPower { Method = "hilbert", Bands = [[8, 12]], Segment = 1 }).Parameter);
        Assert.Equal("taper", Refused(new BandPower { Bands = [[8, 12]], Taper = "hamming" }).Parameter);
        var gap = Refused(new BandPower { Method = "hilbert", Bands = [[8, 12]] }, length: 250, step: 500);
        Assert.Equal("method", gap.Parameter);
        Assert.Contains("must tile or overlap", gap.Message);
    }
}
