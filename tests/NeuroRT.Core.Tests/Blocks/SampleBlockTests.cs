using NeuroRT.Core.Blocks;

namespace NeuroRT.Core.Tests.Blocks;

public class SampleBlockTests
{
    [Fact]
    public void Frames_are_sample_major_slices_of_the_values()
    {
        using var block = new SampleBlock(channels: 2, frameLength: 3, capacity: 4);
        block.Count = 2;
        for (int i = 0; i < 12; i++) block.Values[i] = i;
        Assert.Equal(new float[] { 6, 7, 8, 9, 10, 11 }, block.Frame(1).ToArray());
        Assert.Equal(6, block.FrameSize);
    }

    [Fact]
    public void Count_beyond_capacity_is_refused()
    {
        using var block = new SampleBlock(2, 1, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => block.Count = 5);
    }

    [Fact]
    public void Append_copies_values_and_frame_times()
    {
        using var a = new SampleBlock(2, 1, 4);
        using var b = new SampleBlock(2, 1, 8);
        a.Count = 3;
        for (int i = 0; i < 3; i++)
        {
            a.Frame(i)[0] = i;
            a.SetFrameTime(i, i * 0.5, 100 + i, 1000 + i);
        }
        b.Append(a, 1, 2);
        b.Append(a, 0, 1);
        Assert.Equal(3, b.Count);
        Assert.Equal(new long[] { 101, 102, 100 }, b.SampleIndex.ToArray());
        Assert.Equal(new double[] { 0.5, 1.0, 0 }, b.Timestamps.ToArray());
        Assert.Equal(1f, b.Frame(0)[0]);
        Assert.Throws<ArgumentException>(() => b.Append(new SampleBlock(3, 1, 2), 0, 0));
    }
}
