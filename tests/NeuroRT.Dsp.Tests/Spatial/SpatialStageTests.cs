using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Spatial;

namespace NeuroRT.Dsp.Tests.Spatial;

public sealed class SpatialStageTests
{
    private static readonly string[] TenTwenty = ["FP1", "F7", "T7", "P7", "O1", "F3", "C3", "P3", "FP2", "F4", "C4", "P4", "O2", "F8", "T8", "P8", "FZ", "CZ", "PZ", "EOG"];

    private static float[] Signal(int samples, int channels)
    {
        var random = new Random(5);
        var s = new float[samples * channels];
        for (int i = 0; i < s.Length; i++) s[i] = (float)(random.NextDouble() * 200 - 100);
        return s;
    }

    [Fact]
    public void Car_subtracts_the_mean_of_the_reference_channels()
    {
        var format = StageHarness.Format(4, 250, "C3", "Cz", "C4", "EOG");
        var signal = Signal(100, 4);
        var frames = StageHarness.Run(new CommonAverageReference { Channels = ["C3", "Cz", "C4"] }, format, signal, 7, 1, 64);
        Assert.Equal(100, frames.Count);
        for (int t = 0; t < 100; t++)
        {
            double mean = ((double)signal[t * 4] + signal[t * 4 + 1] + signal[t * 4 + 2]) / 3;
            for (int c = 0; c < 4; c++) Assert.Equal((float)(signal[t * 4 + c] - mean), frames[t].Values[c]);
        }

        var all = StageHarness.Run(new CommonAverageReference(), format, signal, 100);
        Assert.Equal(0, all[0].Values.Sum(), 4); // the average reference makes channels sum to zero
    }

    [Fact]
    public void Bipolar_pairs_handle_dashed_names_and_the_double_banana()
    {
        var format = StageHarness.Format(TenTwenty.Length, 256, TenTwenty);
        var signal = Signal(50, TenTwenty.Length);
        var stage = new BipolarMontage { Montage = "double-banana" };
        var frames = StageHarness.Run(stage, format, signal, 7);
        var output = stage.Configure(new StageInput(format, 7)).Format;
        Assert.Equal(BipolarMontage.DoubleBanana, output.Channels.Select(c => c.Name));
        int fp1 = Array.IndexOf(TenTwenty, "FP1"), f7 = Array.IndexOf(TenTwenty, "F7");
        for (int t = 0; t < 50; t++) Assert.Equal(signal[t * TenTwenty.Length + fp1] - signal[t * TenTwenty.Length + f7], frames[t].Values[0]);

        // CHB-MIT labels are themselves bipolar ("FP1-F7"): a pair of such channels splits at the right dash.
        var chb = StageHarness.Format(3, 256, "FP1-F7", "F7-T7", "T7-P7");
        var out2 = new BipolarMontage { Pairs = ["FP1-F7-F7-T7"] }.Configure(new StageInput(chb, 4)).Format;
        Assert.Equal("FP1-F7-F7-T7", out2.Channels[0].Name);
    }

    [Fact]
    public void Bipolar_errors_name_the_missing_channel()
    {
        var format = StageHarness.Format(3, 256, "Fp1", "F7", "T7");
        var e = Assert.Throws<StageConfigurationException>(() => new BipolarMontage { Pairs = ["Fp1-F8"] }.Configure(new StageInput(format, 4)));
        Assert.Equal("pairs", e.Parameter);
        Assert.Contains("'F8' is not in the input", e.Message);
        Assert.Throws<StageConfigurationException>(() => new BipolarMontage { Pairs = ["Fp1"] }.Configure(new StageInput(format, 4)));
        Assert.Throws<StageConfigurationException>(() => new BipolarMontage { Montage = "triple-banana" }.Configure(new StageInput(format, 4)));
    }

    [Fact]
    public void Projection_applies_the_matrix_to_the_named_columns()
    {
        var format = StageHarness.Format(3, 250, "C3", "Cz", "C4");
        var signal = Signal(40, 3);
        var stage = new LinearProjection { Matrix = [[1, -1], [0.5, 0.5]], Channels = ["C4", "C3"], Names = ["diff", "mean"] };
        var frames = StageHarness.Run(stage, format, signal, 3, 64);
        for (int t = 0; t < 40; t++)
        {
            Assert.Equal((float)((double)signal[t * 3 + 2] - signal[t * 3]), frames[t].Values[0]);
            Assert.Equal((float)(0.5 * signal[t * 3 + 2] + 0.5 * signal[t * 3]), frames[t].Values[1]);
        }

        var e = Assert.Throws<StageConfigurationException>(() => new LinearProjection { Matrix = [[1, 2]] }.Configure(new StageInput(format, 4)));
        Assert.Equal("matrix", e.Parameter);
        Assert.Contains("row 1 has 2 columns but there are 3 input channels", e.Message);
    }

    public static TheoryData<IStage> Stages() => new()
    {
        new CommonAverageReference(),
        new BipolarMontage { Montage = "double-banana" },
        new LinearProjection { Matrix = [Enumerable.Range(0, TenTwenty.Length).Select(i => (double)i).ToArray()] },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Spatial_stages_allocate_nothing_per_block(IStage stage)
    {
        var format = StageHarness.Format(TenTwenty.Length, 256, TenTwenty);
        var output = stage.Configure(new StageInput(format, 64));
        using var input = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        input.Count = 64;
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
    }
}
