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
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var reference = root.GetProperty("decimated").EnumerateArray().Single(d => d.GetProperty("factor").GetInt32() == factor);
        var expected = FilterReference.Output(reference);
        var (input, samples, channels, fs) = FilterReference.Input();
        var format = StageHarness.Format(channels, fs);
        List<(float[] Values, long Index, double Time)>? first = null;
        foreach (int[] blocks in new[] { new[] { 1000 }, new[] { 1 }, new[] { 7 }, new[] { 64 }, new[] { 3, 1000, 1, 17 } })
        {
            var frames = StageHarness.Run(new Decimate { Factor = factor }, format, input, blocks);
            Assert.Equal(expected.Length / channels, frames.Count);
            if (first is null)
            {
                first = frames;
                for (int c = 0; c < channels; c++)
                {
                    double rms = Math.Sqrt(Enumerable.Range(0, frames.Count).Average(t => (double)expected[t * channels + c] * expected[t * channels + c]));
                    double worst = Enumerable.Range(0, frames.Count).Max(t => Math.Abs(frames[t].Values[c] - expected[t * channels + c]));
                    Assert.True(worst <= 1e-5 * rms, $"factor {factor}, channel {c}: worst error {worst:G3} vs RMS {rms:G4}");
                }

                for (int t = 0; t < frames.Count; t++) Assert.Equal(t * factor, frames[t].Index);
            }
            else
            {
                Assert.Equal(first.Select(f => f.Values), frames.Select(f => f.Values));
                Assert.Equal(first.Select(f => f.Time), frames.Select(f => f.Time));
            }
        }
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
