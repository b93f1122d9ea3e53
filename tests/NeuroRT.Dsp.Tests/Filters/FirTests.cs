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
        var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement;
        var fir = root.GetProperty("firs")[index];
        var (input, samples, channels, fs) = FilterReference.Input();
        var expectedTaps = fir.GetProperty("h").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expected = FilterReference.Output(fir);
        var format = StageHarness.Format(channels, fs);
        List<float[]>? first = null;
        foreach (int block in new[] { samples, 1, 7, 64, 1000 })
        {
            var stage = new FirFilterStage
            {
                Taps = fir.GetProperty("taps").GetInt32(),
                Cutoff = fir.GetProperty("cutoff").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                Band = fir.GetProperty("band").GetString()!,
                Window = fir.GetProperty("window").GetString()!,
            };
            var frames = StageHarness.Run(stage, format, input, block).Select(f => f.Values).ToList();
            Assert.Equal(expectedTaps.Length, stage.Coefficients.Length);
            for (int k = 0; k < expectedTaps.Length; k++) Assert.Equal(expectedTaps[k], stage.Coefficients[k], 12);
            if (first is null)
            {
                first = frames;
                for (int c = 0; c < channels; c++)
                {
                    double rms = Math.Sqrt(Enumerable.Range(0, samples).Average(t => (double)expected[t * channels + c] * expected[t * channels + c]));
                    double worst = Enumerable.Range(0, samples).Max(t => Math.Abs(frames[t][c] - expected[t * channels + c]));
                    Assert.True(worst <= 1e-5 * rms, $"fir {index}, channel {c}: worst {worst:G3} vs RMS {rms:G4}");
                }
            }
            else
            {
                Assert.Equal(first, frames);
            }
        }
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
