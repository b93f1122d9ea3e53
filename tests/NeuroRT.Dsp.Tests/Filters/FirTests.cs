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
}
