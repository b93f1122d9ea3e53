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
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var comb = root.GetProperty("combs")[index];
        var b = comb.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var a = comb.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var design = NeuroRT.Dsp.Filters.CombFilter.Design(comb.GetProperty("frequency").GetDouble(), comb.GetProperty("q").GetDouble(), 250,
            comb.GetProperty("type").GetString() == "peak", comb.GetProperty("pass_zero").GetBoolean(), 1);
        Assert.Equal(b.Length - 1, design.Delay);
        var (input, samples, channels, fs) = FilterReference.Input();
        var expected = FilterReference.Output(comb);
        var format = StageHarness.Format(channels, fs);
        List<float[]>? first = null;
        foreach (int block in new[] { samples, 1, 7, 64, 1000 })
        {
            var stage = new CombStage
            {
                Frequency = comb.GetProperty("frequency").GetDouble(),
                Q = comb.GetProperty("q").GetDouble(),
                Type = comb.GetProperty("type").GetString()!,
                PassZero = comb.GetProperty("pass_zero").GetBoolean(),
            };
            var frames = StageHarness.Run(stage, format, input, block).Select(f => f.Values).ToList();
            if (first is null)
            {
                first = frames;
                for (int c = 0; c < channels; c++)
                {
                    double rms = Math.Sqrt(Enumerable.Range(0, samples).Average(t => (double)expected[t * channels + c] * expected[t * channels + c]));
                    double worst = Enumerable.Range(0, samples).Max(t => Math.Abs(frames[t][c] - expected[t * channels + c]));
                    Assert.True(worst <= 1e-5 * rms, $"comb {index}, channel {c}: worst {worst:G3} vs RMS {rms:G4}");
                }
            }
            else
            {
                Assert.Equal(first, frames);
            }
        }
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
