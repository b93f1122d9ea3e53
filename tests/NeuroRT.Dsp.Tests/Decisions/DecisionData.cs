using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Tests.Decisions;

/// <summary>Decoder outputs made by hand, and the checks every decision stage must pass.</summary>
internal static class DecisionData
{
    /// <summary>Decisions at 4 per second (a 250 ms window step), so frame i is at t = i / 4 s.</summary>
    public const double Rate = 4;

    public static StreamFormat Probabilities(params string[] classes) => Classes("probability", classes);

    public static StreamFormat Scores(params string[] classes) => Classes("", classes);

    public static StreamFormat Regression(params string[] names)
    {
        var channels = new List<ChannelInfo>();
        foreach (string n in names) channels.Add(new ChannelInfo(n, "regression", "mm/s"));
        return new StreamFormat("decoder", channels, Rate, type: "Decoded");
    }

    private static StreamFormat Classes(string unit, string[] classes)
    {
        var channels = new List<ChannelInfo>();
        foreach (string c in classes) channels.Add(new ChannelInfo(c, ChannelTypes.ClassScore, unit));
        return new StreamFormat("decoder", channels, Rate, type: "Decoded");
    }

    public static float[] Frames(params float[][] frames) => frames.SelectMany(f => f).ToArray();

    /// <summary>Output frames of <paramref name="stage"/> for <paramref name="input"/>, one frame per block.</summary>
    public static List<float[]> Run(IStage stage, StreamFormat format, float[] input, int block = 1) =>
        StageHarness.Run(stage, format, input, block).Select(f => f.Values).ToList();

    /// <summary>The label every output gives each frame: the name of its highest channel, the first on ties.</summary>
    public static List<string> Labels(IStage stage, StreamFormat format, float[] input)
    {
        var names = stage.Configure(new StageInput(format, 1)).Format.Channels;
        var labels = new List<string>();
        foreach (var v in Run(stage, format, input))
        {
            int best = 0;
            for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
            labels.Add(names[best].Name);
        }
        return labels;
    }

    /// <summary>Random class probabilities (softmax of Gaussian scores, seeded), with long runs of one class in the lead.</summary>
    public static float[] RandomProbabilities(int frames, int classes, int seed = 7)
    {
        var random = new Random(seed);
        var values = new float[frames * classes];
        int lead = 0;
        for (int f = 0; f < frames; f++)
        {
            if (random.NextDouble() < 0.1) lead = random.Next(classes);
            double total = 0;
            var e = new double[classes];
            for (int k = 0; k < classes; k++)
            {
                double score = 1.5 * (random.NextDouble() * 2 - 1) + (k == lead ? 1.2 : 0);
                e[k] = Math.Exp(score);
                total += e[k];
            }
            for (int k = 0; k < classes; k++) values[f * classes + k] = (float)(e[k] / total);
        }
        return values;
    }

    /// <summary>The output for blocks of 1, 7 and 64 frames equals, bit for bit, that of one call with every frame.</summary>
    public static void AssertBatchingDoesNotMatter(Func<IStage> make, StreamFormat format, float[] input)
    {
        int frames = input.Length / format.ChannelCount;
        var whole = StageHarness.Run(make(), format, input, frames);
        Assert.Equal(frames, whole.Count);
        foreach (int block in new[] { 1, 7, 64 })
        {
            var cut = StageHarness.Run(make(), format, input, block);
            Assert.Equal(whole.Count, cut.Count);
            for (int f = 0; f < whole.Count; f++)
            {
                Assert.True(whole[f].Values.AsSpan().SequenceEqual(cut[f].Values), $"blocks of {block}: frame {f} differs");
                Assert.Equal(whole[f].Index, cut[f].Index);
                Assert.Equal(whole[f].Time, cut[f].Time);
            }
        }
    }

    /// <summary>Bytes <paramref name="stage"/> allocates per <see cref="IStage.Process"/> of 64 frames, after configuring.</summary>
    public static long Allocated(IStage stage, StreamFormat format, float[] input)
    {
        var output = stage.Configure(new StageInput(format, 64));
        using var block = new SampleBlock(format, 64) { Count = 64 };
        input.AsSpan(0, 64 * format.ChannelCount).CopyTo(block.Values);
        for (int i = 0; i < 64; i++) block.SetFrameTime(i, i / Rate, i, i);
        using var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        return StageHarness.AllocatedBy(stage, block, result);
    }

    /// <summary>A window of samples (not a decoder result), for the refusal tests.</summary>
    public static StreamFormat Windows(params string[] classes) => Probabilities(classes) with { FrameLength = 500 };

    /// <summary>A plain EEG signal, for the refusal tests.</summary>
    public static StreamFormat Eeg() => StageHarness.Format(2, 250, "C3", "C4");
}
