using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Features;

public class LogVarianceTests
{
    [Fact]
    public void Equals_the_log_of_the_unbiased_variance_per_channel()
    {
        var format = StageHarness.Format(2, 100);
        var rng = new Random(5);
        var signal = new float[200 * 2];
        for (int i = 0; i < 200; i++)
        {
            signal[2 * i] = (float)(rng.NextDouble() * 10 + 1000);  // large offset: the mean must be removed exactly
            signal[2 * i + 1] = (float)(rng.NextDouble() * 0.1);
        }
        var window = new SlidingWindow { Length = 2 }; // one window of all 200 samples
        var windowed = window.Configure(new StageInput(format, 200));
        var logvar = new LogVariance { Floor = 0 };
        logvar.Configure(new StageInput(windowed.Format, windowed.MaxFramesPerBlock));
        using var input = new SampleBlock(format, 200) { Count = 200 };
        signal.CopyTo(input.Values);
        using var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(input, windows);
        using var features = new SampleBlock(2, 1, windowed.MaxFramesPerBlock);
        logvar.Process(windows, features);
        Assert.Equal(1, features.Count);
        for (int c = 0; c < 2; c++)
        {
            double mean = 0;
            for (int i = 0; i < 200; i++) mean += signal[2 * i + c];
            mean /= 200;
            double ss = 0;
            for (int i = 0; i < 200; i++) ss += Math.Pow(signal[2 * i + c] - mean, 2);
            double expected = Math.Log(ss / 199);
            Assert.Equal(expected, features.Frame(0)[c], 5); // float32 output: 1e-5 absolute on a log
        }
    }

    [Fact]
    public void Needs_windows()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new LogVariance().Configure(new StageInput(StageHarness.Format(2, 100), 8)));
        Assert.Contains("window", e.Message);
    }

    [Fact]
    public void Computing_allocates_nothing()
    {
        var format = StageHarness.Format(4, 100) with { FrameLength = 50 };
        var logvar = new LogVariance();
        logvar.Configure(new StageInput(format, 4));
        using var input = new SampleBlock(format, 4) { Count = 4 };
        using var output = new SampleBlock(4, 1, 4);
        Assert.Equal(0, StageHarness.AllocatedBy(logvar, input, output));
    }
}
