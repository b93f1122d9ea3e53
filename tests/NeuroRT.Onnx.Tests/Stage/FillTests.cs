using NeuroRT.Onnx.Stage;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>The tiled transposing copy equals the plain definition x[c, t] = frame[t, map[c]] * scale, tails included.</summary>
public sealed class FillTests
{
    [Theory]
    [InlineData(5, 4, 32)]
    [InlineData(7, 3, 37)]   // a window that is not a multiple of the 16-sample tile
    [InlineData(64, 64, 480)]
    [InlineData(3, 2, 5)]    // shorter than one tile
    public void Tiled_copy_equals_the_definition(int streamChannels, int modelChannels, int window)
    {
        var random = new Random(streamChannels * 1000 + window);
        var frame = new float[streamChannels * window];
        for (int i = 0; i < frame.Length; i++) frame[i] = (float)(random.NextDouble() * 200 - 100);
        var map = new int[modelChannels];
        for (int c = 0; c < modelChannels; c++) map[c] = (streamChannels - 1 - c * 2 % streamChannels + streamChannels) % streamChannels;
        var x = new float[modelChannels * window];
        OnnxDecoder.Fill(frame, x, map, streamChannels, window, 0.001f);
        for (int c = 0; c < modelChannels; c++)
            for (int t = 0; t < window; t++)
                Assert.Equal(frame[t * streamChannels + map[c]] * 0.001f, x[c * window + t]);
    }

    [Theory]
    [InlineData(64, 0, 64, 480)]   // identity: every 8-channel group is a run
    [InlineData(22, 3, 16, 37)]    // a shifted run, a partial group and a tail of samples
    [InlineData(20, 2, 9, 8)]
    public void Runs_of_consecutive_channels_equal_the_definition(int streamChannels, int first, int modelChannels, int window)
    {
        var random = new Random(window);
        var frame = new float[streamChannels * window];
        for (int i = 0; i < frame.Length; i++) frame[i] = (float)(random.NextDouble() * 200 - 100);
        var map = new int[modelChannels];
        for (int c = 0; c < modelChannels; c++) map[c] = first + c;
        if (modelChannels > 12) (map[10], map[11]) = (map[11], map[10]); // breaks the second group's run
        var x = new float[modelChannels * window];
        OnnxDecoder.Fill(frame, x, map, streamChannels, window, 0.5f);
        for (int c = 0; c < modelChannels; c++)
            for (int t = 0; t < window; t++)
                Assert.Equal(frame[t * streamChannels + map[c]] * 0.5f, x[c * window + t]);
    }

    // Any order: the model takes the stream's channels reversed, or a seeded shuffle of some of them (the others unused,
    // breaking 8-channel groups), or all of them shuffled; full groups go through the register transpose, the rest one by one.
    [Theory]
    [InlineData(64, 64, 480, -1)]  // reversed
    [InlineData(64, 21, 480, 1)]   // a shuffled subset
    [InlineData(70, 70, 37, 2)]    // all, shuffled, a partial last group and a tail of samples
    [InlineData(16, 16, 5, 3)]     // shorter than one tile
    public void Any_channel_order_equals_the_definition(int streamChannels, int modelChannels, int window, int seed)
    {
        var random = new Random(seed + 100);
        var frame = new float[streamChannels * window];
        for (int i = 0; i < frame.Length; i++) frame[i] = (float)(random.NextDouble() * 200 - 100);
        int[] order = Enumerable.Range(0, streamChannels).ToArray();
        if (seed < 0) Array.Reverse(order);
        else new Random(seed).Shuffle(order);
        var map = order[..modelChannels];
        var x = new float[modelChannels * window];
        OnnxDecoder.Fill(frame, x, map, streamChannels, window, 0.25f);
        for (int c = 0; c < modelChannels; c++)
            for (int t = 0; t < window; t++)
                Assert.Equal(frame[t * streamChannels + map[c]] * 0.25f, x[c * window + t]);
    }

    [Fact]
    public void Too_small_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OnnxDecoder.Fill(new float[10], new float[64], [0, 1], 2, 32, 1f));
    }
}
