using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Windowing;

public sealed class MarkerEpochsTests
{
    // 3 signal channels (value = 1000 c + sample) and a marker channel with codes at 5 (too early for pre), 100, 130
    // (overlapping) and 390 (its epoch would end after the data).
    private static float[] Signal(int samples)
    {
        var s = new float[samples * 4];
        for (int t = 0; t < samples; t++)
        {
            for (int c = 0; c < 3; c++) s[t * 4 + c] = 1000 * c + t;
            s[t * 4 + 3] = t switch { 5 => 3, 100 => 1, 130 => 2, 390 => 1, _ => 0 };
        }

        return s;
    }

    [Fact]
    public void Epochs_hold_the_samples_around_each_marker_whatever_the_blocks()
    {
        var format = StageHarness.Format(4, 100, "C3", "Cz", "C4", "cues");
        var signal = Signal(400);
        List<(float[] Values, long Index, double Time)>? first = null;
        foreach (int[] blocks in new[] { new[] { 400 }, new[] { 1 }, new[] { 7 }, new[] { 64, 3 } })
        {
            var stage = new MarkerEpochs { Marker = "cues", Pre = 0.1, Post = 0.5 };
            var frames = StageHarness.Run(stage, format, signal, blocks);
            Assert.Equal(2, frames.Count);
            Assert.Equal(1, stage.Skipped);
            foreach (var (frame, onset, code) in new[] { (frames[0], 100, 1f), (frames[1], 130, 2f) })
            {
                Assert.Equal(onset + 49, frame.Index); // stamped with its last sample
                for (int s = 0; s < 60; s++)
                {
                    int t = onset - 10 + s;
                    Assert.Equal(new float[] { t, 1000 + t, 2000 + t, code }, frame.Values.AsSpan(s * 4, 4).ToArray());
                }
            }

            if (first is null) first = frames;
            else Assert.Equal(first.Select(f => f.Values), frames.Select(f => f.Values));
        }
    }

    [Fact]
    public void Epochs_name_their_channels_and_allocate_nothing()
    {
        var format = StageHarness.Format(4, 100, "C3", "Cz", "C4", "cues");
        var stage = new MarkerEpochs { Marker = "cues", Pre = 0.1, Post = 0.5 };
        var output = stage.Configure(new StageInput(format, 64));
        Assert.Equal(new[] { "C3", "Cz", "C4", "event" }, output.Format.Channels.Select(c => c.Name));
        Assert.Equal(60, output.Format.FrameLength);
        using var input = new SampleBlock(format, 64) { Count = 64 };
        for (int t = 0; t < 64; t++) input.Values[t * 4 + 3] = t == 30 ? 1 : 0;
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        Assert.Equal(0, StageHarness.AllocatedBy(stage, input, result));
        Assert.Equal("marker", Assert.Throws<StageConfigurationException>(() => new MarkerEpochs { Marker = "stim", Post = 1 }.Configure(new StageInput(format, 64))).Parameter);
    }
}
