using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class WindowFeatureTests
{
    private static (float[] Signal, NeuroRT.Core.Streams.StreamFormat Windows) Windows(int length, int frames, int channels)
    {
        var random = new Random(9);
        var signal = new float[frames * length * channels];
        for (int i = 0; i < signal.Length; i++) signal[i] = (float)(random.NextDouble() * 100 - 50);
        return (signal, StageHarness.Format(channels, 256) with { FrameLength = length });
    }

    // Feeds the windows as frames of one block (the window stage's output) and returns each frame's features.
    private static float[][] Features(IStage stage, NeuroRT.Core.Streams.StreamFormat windows, float[] signal, int frames)
    {
        var output = stage.Configure(new StageInput(windows, frames));
        using var input = new SampleBlock(windows, frames) { Count = frames };
        signal.CopyTo(input.Values);
        using var result = new SampleBlock(output.Format, frames);
        stage.Process(input, result);
        Assert.Equal(frames, result.Count);
        return Enumerable.Range(0, frames).Select(f => result.Frame(f).ToArray()).ToArray();
    }

    // Channel counts below, at and across the SIMD width (8 floats with AVX2, 16 with AVX-512), with and without a tail:
    // the all-channel path must equal the per-channel definition bit for bit.
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(307)]
    public void Line_length_is_the_mean_absolute_difference(int channels)
    {
        var (signal, format) = Windows(64, 10, channels);
        var frames = Features(new LineLength(), format, signal, 10);
        for (int f = 0; f < 10; f++)
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int t = 1; t < 64; t++) sum += Math.Abs((double)signal[(f * 64 + t) * channels + c] - signal[(f * 64 + t - 1) * channels + c]);
                Assert.Equal((float)(sum / 63), frames[f][c]);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(307)]
    public void Energy_is_the_mean_square(int channels)
    {
        var (signal, format) = Windows(32, 5, channels);
        var frames = Features(new SignalEnergy(), format, signal, 5);
        for (int f = 0; f < 5; f++)
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int t = 0; t < 32; t++) sum += (double)signal[(f * 32 + t) * channels + c] * signal[(f * 32 + t) * channels + c];
                Assert.Equal((float)(sum / 32), frames[f][c]);
            }
    }

    [Fact]
    public void Features_need_windows_and_allocate_nothing()
    {
        Assert.Contains("put a 'window' stage before it", Assert.Throws<StageConfigurationException>(() => new LineLength().Configure(new StageInput(StageHarness.Format(2, 256), 8))).Message);
        foreach (IStage stage in new IStage[] { new LineLength(), new SignalEnergy() })
        {
            var format = StageHarness.Format(16, 256) with { FrameLength = 128 };
            var output = stage.Configure(new StageInput(format, 4));
            using var input = new SampleBlock(format, 4);
            using var result = new SampleBlock(output.Format, 4);
            input.Count = 4;
            Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
        }
    }
}
