using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Resampling;
using NeuroRT.Dsp.Tests.Filters;

namespace NeuroRT.Dsp.Tests.Resampling;

public sealed class DecimateTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Decimation_matches_scipy_and_does_not_depend_on_blocks(int factor)
    {
        var reference = FilterReference.Section("decimated").EnumerateArray().Single(d => d.GetProperty("factor").GetInt32() == factor);
        FilterReference.AssertMatchesAtAnyBlockSize(() => new Decimate { Factor = factor }, FilterReference.Output(reference), $"decimate by {factor}");

        // Kept samples are every factor-th from the stream's first, with their own index, even across odd block sizes.
        var (input, _, channels, fs) = FilterReference.Input();
        var frames = StageHarness.Run(new Decimate { Factor = factor }, StageHarness.Format(channels, fs), input, 3, 1000, 1, 17);
        for (int t = 0; t < frames.Count; t++) Assert.Equal(t * factor, frames[t].Index);
    }

    [Fact]
    public void Decimate_reports_the_new_rate_and_allocates_nothing()
    {
        var format = StageHarness.Format(64, 1000);
        var stage = new Decimate { Factor = 4 };
        var output = stage.Configure(new StageInput(format, 64));
        Assert.Equal(250, output.Format.NominalRate);
        using var input = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        input.Count = 63; // not a multiple of the factor: the phase carries over
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
        var e = Assert.Throws<StageConfigurationException>(() => new Decimate { Factor = 1 }.Configure(new StageInput(format, 64)));
        Assert.Equal("factor", e.Parameter);
    }
}
