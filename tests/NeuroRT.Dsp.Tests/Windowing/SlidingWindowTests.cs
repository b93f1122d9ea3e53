using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Windowing;

public class SlidingWindowTests
{
    private static readonly Core.Streams.StreamFormat Format = StageHarness.Format(2, 100);

    [Fact]
    public void Windows_hold_the_last_length_samples_and_end_every_step()
    {
        var window = new SlidingWindow { Length = 0.05, Step = 0.02 }; // 5 samples every 2
        var frames = StageHarness.Run(window, Format, StageHarness.Ramp(12, 2), 3);
        // Windows end at samples 4, 6, 8, 10.
        Assert.Equal(new long[] { 4, 6, 8, 10 }, frames.Select(f => f.Index));
        var expected = StageHarness.Ramp(12, 2).AsSpan(2 * 2, 5 * 2).ToArray(); // samples 2..6
        Assert.Equal(expected, frames[1].Values);
        Assert.Equal(0.06, frames[1].Time, 12);
    }

    [Fact]
    public void Cutting_the_signal_into_other_blocks_gives_identical_windows()
    {
        var signal = StageHarness.Ramp(1000, 2);
        var reference = StageHarness.Run(new SlidingWindow { Length = 0.32, Step = 0.07 }, Format, signal, 1000);
        foreach (int[] sizes in new[] { new[] { 1 }, new[] { 7, 64, 3 }, new[] { 33 } })
        {
            var frames = StageHarness.Run(new SlidingWindow { Length = 0.32, Step = 0.07 }, Format, signal, sizes);
            Assert.Equal(reference.Count, frames.Count);
            for (int i = 0; i < frames.Count; i++)
            {
                Assert.Equal(reference[i].Index, frames[i].Index);
                Assert.Equal(reference[i].Values, frames[i].Values);
            }
        }
    }

    [Fact]
    public void Without_a_step_windows_tile_the_signal()
    {
        var frames = StageHarness.Run(new SlidingWindow { Length = 0.1 }, Format, StageHarness.Ramp(50, 2), 16);
        Assert.Equal(new long[] { 9, 19, 29, 39, 49 }, frames.Select(f => f.Index));
    }

    [Fact]
    public void Output_format_is_a_window_stream_at_the_window_rate()
    {
        var window = new SlidingWindow { Length = 2, Step = 0.25 };
        var output = window.Configure(new StageInput(StageHarness.Format(2, 160), 64));
        Assert.Equal(320, output.Format.FrameLength);
        Assert.Equal(4, output.Format.NominalRate);
        Assert.True(output.MaxFramesPerBlock >= 2);
    }

    [Theory]
    [InlineData(0, 0.1, "length")]
    [InlineData(0.001, 0, "length")]   // under one sample at 100 Hz
    [InlineData(1, -1, "step")]
    public void Impossible_lengths_and_steps_are_refused(double length, double step, string parameter)
    {
        var e = Assert.Throws<StageConfigurationException>(() => new SlidingWindow { Length = length, Step = step }.Configure(new StageInput(Format, 8)));
        Assert.Equal(parameter, e.Parameter);
    }

    [Fact]
    public void Windowing_allocates_nothing()
    {
        var window = new SlidingWindow { Length = 0.2, Step = 0.05 };
        var output = window.Configure(new StageInput(Format, 64));
        using var input = new SampleBlock(Format, 64) { Count = 64 };
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        Assert.Equal(0, StageHarness.AllocatedBy(window, input, result));
    }
}
