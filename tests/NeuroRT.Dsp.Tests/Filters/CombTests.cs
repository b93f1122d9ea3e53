using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filtering;

namespace NeuroRT.Dsp.Tests.Filters;

public sealed class CombTests
{
    public static TheoryData<int> Combs() => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Combs))]
    public void Comb_matches_scipy_iircomb_at_any_block_size(int index)
    {
        var comb = FilterReference.Section("combs")[index];
        double frequency = comb.GetProperty("frequency").GetDouble(), q = comb.GetProperty("q").GetDouble();
        string type = comb.GetProperty("type").GetString()!;
        bool passZero = comb.GetProperty("pass_zero").GetBoolean();
        var design = NeuroRT.Dsp.Filters.CombFilter.Design(frequency, q, 250, type == "peak", passZero, 1);
        Assert.Equal(comb.GetProperty("b").GetArrayLength() - 1, design.Delay);
        FilterReference.AssertMatchesAtAnyBlockSize(() => new CombStage { Frequency = frequency, Q = q, Type = type, PassZero = passZero },
            FilterReference.Output(comb), $"comb {index}");
    }

    [Fact]
    public void Comb_needs_a_rate_that_is_a_multiple_and_allocates_nothing()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new CombStage { Frequency = 60 }.Configure(new StageInput(StageHarness.Format(2, 250), 8)));
        Assert.Equal("frequency", e.Parameter);
        Assert.Contains("multiple of the comb frequency", e.Message);
        var stage = new CombStage { Frequency = 50 };
        var format = StageHarness.Format(16, 1000);
        var output = stage.Configure(new StageInput(format, 64));
        using var input = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, 64);
        input.Count = 64;
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
    }
}
