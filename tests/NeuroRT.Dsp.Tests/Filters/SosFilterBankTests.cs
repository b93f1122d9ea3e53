using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filtering;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Tests.Filters;

public sealed class SosFilterBankTests
{
    public static TheoryData<int> FilteredIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < FilterReference.Filtered.GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static SecondOrderSections SectionsOf(System.Text.Json.JsonElement filtered)
    {
        if (filtered.TryGetProperty("design", out var design)) return FilterReference.Design(FilterReference.Designs[design.GetInt32()]);
        var n = FilterReference.Notches[filtered.GetProperty("notch").GetInt32()];
        return FilterDesign.Notch(n.GetProperty("frequency").GetDouble(), n.GetProperty("q").GetDouble(), n.GetProperty("fs").GetDouble());
    }

    // SciPy filtered the same float32 input in float64; ours must agree to 1e-5 of each channel's output RMS over all
    // 10,000 samples, whatever the block size, and every block size must give bit-identical output.
    [Theory]
    [MemberData(nameof(FilteredIndices))]
    public void Filtering_matches_scipy_and_block_size_does_not_matter(int index)
    {
        var filtered = FilterReference.Filtered[index];
        var (input, samples, channels, _) = FilterReference.Input();
        var expected = FilterReference.Output(filtered);
        var sections = SectionsOf(filtered);
        float[]? first = null;
        foreach (int block in new[] { samples, 1, 7, 64, 1000 })
        {
            var bank = new SosFilterBank(sections, channels);
            var output = new float[input.Length];
            for (int at = 0; at < samples; at += block)
            {
                int n = Math.Min(block, samples - at);
                bank.Process(input.AsSpan(at * channels, n * channels), output.AsSpan(at * channels, n * channels));
            }

            if (first is null)
            {
                first = output;
                for (int c = 0; c < channels; c++)
                {
                    double rms = 0, worst = 0;
                    for (int t = 0; t < samples; t++) rms += (double)expected[t * channels + c] * expected[t * channels + c];
                    rms = Math.Sqrt(rms / samples);
                    for (int t = 0; t < samples; t++) worst = Math.Max(worst, Math.Abs(output[t * channels + c] - expected[t * channels + c]));
                    Assert.True(worst <= 1e-5 * rms, $"filter {index}, channel {c}: worst error {worst:G3} exceeds 1e-5 of the output RMS {rms:G4}");
                }
            }
            else
            {
                Assert.Equal(first, output);
            }
        }
    }

    [Fact]
    public void Vector_lanes_and_leftover_channels_give_the_same_result_bit_for_bit()
    {
        // 39 channels, all carrying the same signal: one 32-channel register block, one 4-wide vector, 3 scalar channels.
        var (input, samples, channels, _) = FilterReference.Input();
        const int wide = 39;
        var replicated = new float[samples * wide];
        for (int t = 0; t < samples; t++)
            for (int c = 0; c < wide; c++) replicated[t * wide + c] = input[t * channels];
        var sections = FilterDesign.Design(FilterFamily.Butterworth, BandType.BandPass, 8, [8.0, 30.0], 250);
        var output = new float[replicated.Length];
        new SosFilterBank(sections, wide).Process(replicated, output);
        for (int t = 0; t < samples; t++)
            for (int c = 1; c < wide; c++) Assert.Equal(output[t * wide], output[t * wide + c]);
    }

    // Each numerator kind the bank treats specially ([1, 2, 1], [1, -2, 1], [1, 0, -1]), a general monic one and
    // one with b0 = 0 (a delay), each behind a gain, against the textbook direct form II transposed in double.
    // 39 channels take the register-block, vector and scalar paths.
    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-2.0, 1.0)]
    [InlineData(0.0, -1.0)]
    [InlineData(0.3, 0.7)]
    [InlineData(double.NaN, 0.0)]
    public void Every_numerator_kind_filters_as_the_textbook_form(double b1, double b2)
    {
        double[][] rows = double.IsNaN(b1)
            ? [[0, 1, 0, 1, 0, 0], [0.25, 0.5, 0.25, 1, -0.9, 0.2]]
            : [[3e-3, 3e-3 * b1, 3e-3 * b2, 1, -1.6, 0.81], [1, b1, b2, 1, -1.2, 0.5]];
        const int channels = 39, samples = 3000;
        var random = new Random(7);
        var input = new float[channels * samples];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
        var output = new float[input.Length];
        new SosFilterBank(new SecondOrderSections(rows), channels).Process(input, output);
        for (int c = 0; c < channels; c++)
        {
            var z = new double[rows.Length * 2];
            double worst = 0, rms = 0;
            for (int t = 0; t < samples; t++)
            {
                double x = input[t * channels + c];
                for (int s = 0; s < rows.Length; s++)
                {
                    var r = rows[s];
                    double y = r[0] * x + z[2 * s];
                    z[2 * s] = r[1] * x - r[4] * y + z[2 * s + 1];
                    z[2 * s + 1] = r[2] * x - r[5] * y;
                    x = y;
                }

                rms += x * x;
                worst = Math.Max(worst, Math.Abs(output[t * channels + c] - x));
            }

            rms = Math.Sqrt(rms / samples);
            Assert.True(worst <= 1e-6 * rms, $"channel {c}: worst error {worst:G3} against the output RMS {rms:G4}");
        }
    }

    [Fact]
    public void Filtering_in_place_works()
    {
        var (input, _, channels, _) = FilterReference.Input();
        var sections = FilterDesign.Design(FilterFamily.ChebyshevI, BandType.HighPass, 4, [0.5], 250, 1);
        var copy = (float[])input.Clone();
        var separate = new float[input.Length];
        new SosFilterBank(sections, channels).Process(input, separate);
        new SosFilterBank(sections, channels).Process(copy, copy);
        Assert.Equal(separate, copy);
    }

    public static TheoryData<IStage> Stages() => new()
    {
        new LowPassStage { Cutoff = 30 },
        new HighPassStage { Cutoff = 0.5, Design = "chebyshev2" },
        new BandPassStage { Low = 8, High = 30, Order = 8 },
        new BandStopStage { Low = 48, High = 52, Design = "chebyshev1" },
        new NotchStage { Frequency = 50 },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Filter_stages_allocate_nothing_per_block(IStage stage)
    {
        var format = StageHarness.Format(64, 250);
        var output = stage.Configure(new StageInput(format, 64));
        using var input = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        input.Count = 64;
        for (int i = 0; i < input.Values.Length; i++) input.Values[i] = i % 97;
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
        Assert.Equal(64, result.Count);
    }

    [Fact]
    public void A_stage_with_a_cutoff_above_nyquist_names_the_parameter()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new LowPassStage { Cutoff = 200 }.Configure(new StageInput(StageHarness.Format(2, 250), 16)));
        Assert.Equal("cutoff", e.Parameter);
        Assert.Contains("below Nyquist (125 Hz", e.Message);
        var d = Assert.Throws<StageConfigurationException>(() => new BandPassStage { Low = 8, High = 30, Design = "elliptic" }.Configure(new StageInput(StageHarness.Format(2, 250), 16)));
        Assert.Equal("design", d.Parameter);
        var windows = StageHarness.Format(2, 250) with { FrameLength = 100 };
        var w = Assert.Throws<StageConfigurationException>(() => new NotchStage { Frequency = 50 }.Configure(new StageInput(windows, 4)));
        Assert.Contains("put it before the window stage", w.Message);
    }
}
