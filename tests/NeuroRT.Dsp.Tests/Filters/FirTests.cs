using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filtering;

namespace NeuroRT.Dsp.Tests.Filters;

public sealed class FirTests
{
    public static TheoryData<int> Designs() => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Fir_taps_and_output_match_scipy_at_any_block_size(int index)
    {
        var fir = FilterReference.Section("firs")[index];
        FirFilterStage Create() => new()
        {
            Taps = fir.GetProperty("taps").GetInt32(),
            Cutoff = fir.GetProperty("cutoff").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            Band = fir.GetProperty("band").GetString()!,
            Window = fir.GetProperty("window").GetString()!,
        };
        var stage = Create();
        var (_, _, channels, fs) = FilterReference.Input();
        stage.Configure(new StageInput(StageHarness.Format(channels, fs), 16));
        var expectedTaps = fir.GetProperty("h").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expectedTaps.Length, stage.Coefficients.Length);
        for (int k = 0; k < expectedTaps.Length; k++) Assert.Equal(expectedTaps[k], stage.Coefficients[k], 12);
        FilterReference.AssertMatchesAtAnyBlockSize(Create, FilterReference.Output(fir), $"fir {index}");
    }

    [Fact]
    public void Fir_allocates_nothing_and_refuses_bad_requests()
    {
        var format = StageHarness.Format(8, 250);
        var stage = new FirFilterStage { Taps = 31, Cutoff = [30] };
        var output = stage.Configure(new StageInput(format, 64));
        using var input = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, 64);
        input.Count = 64;
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
        var e = Assert.Throws<StageConfigurationException>(() => new FirFilterStage { Taps = 30, Cutoff = [1], Band = "highpass" }.Configure(new StageInput(format, 64)));
        Assert.Equal("taps", e.Parameter);
        Assert.Contains("odd number of taps", e.Message);
        Assert.Equal("cutoff", Assert.Throws<StageConfigurationException>(() => new FirFilterStage { Taps = 31, Cutoff = [200] }.Configure(new StageInput(format, 64))).Parameter);
    }

    // 13 channels carrying the same signal: eight go through the vector path, five one by one; all must agree exactly.
    [Fact]
    public void Vector_and_leftover_channels_give_the_same_result_bit_for_bit()
    {
        const int channels = 13, samples = 500;
        var format = StageHarness.Format(channels, 250);
        var stage = new FirFilterStage { Taps = 51, Cutoff = [8, 30], Band = "bandpass" };
        var output = stage.Configure(new StageInput(format, samples));
        using var input = new SampleBlock(format, samples);
        using var result = new SampleBlock(output.Format, samples);
        input.Count = samples;
        var random = new Random(3);
        for (int t = 0; t < samples; t++)
        {
            float v = (float)(random.NextDouble() * 2 - 1);
            for (int c = 0; c < channels; c++) input.Values[t * channels + c] = v;
        }

        stage.Process(input, result);
        for (int t = 0; t < samples; t++)
            for (int c = 1; c < channels; c++) Assert.Equal(result.Values[t * channels], result.Values[t * channels + c]);
        Assert.NotEqual(0f, result.Values[(samples - 1) * channels]);
    }
}
