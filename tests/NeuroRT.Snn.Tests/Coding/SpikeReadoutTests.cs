using NeuroRT.Snn.Coding;

namespace NeuroRT.Snn.Tests.Coding;

public class SpikeReadoutTests
{
    private static readonly int[][] Groups = [[0, 2], [4, 6]];

    [Fact]
    public void Count_readout_sums_groups_and_gives_count_shares()
    {
        var counts = new int[90];
        counts[0] = 1;
        counts[2] = 2;
        counts[4] = 1;
        counts[1] = 50; // not in any group: ignored
        var conf = new float[2];
        var r = new SpikeReadout(ReadoutKind.Count, Groups, TieRule.None, 64);
        Assert.Equal(0, r.Read(counts, new int[90], conf));
        Assert.Equal([3, 1], r.Scores.ToArray());
        Assert.Equal([0.75f, 0.25f], conf);
    }

    [Fact]
    public void Ties_and_silence_follow_the_rule()
    {
        var counts = new int[90];
        counts[0] = 2;
        counts[6] = 2;
        var conf = new float[2];
        Assert.Equal(-1, new SpikeReadout(ReadoutKind.Count, Groups, TieRule.None, 64).Read(counts, new int[90], conf));
        Assert.Equal(0, new SpikeReadout(ReadoutKind.Count, Groups, TieRule.First, 64).Read(counts, new int[90], conf));
        Assert.Equal(-1, new SpikeReadout(ReadoutKind.Count, Groups, TieRule.None, 64).Read(new int[90], new int[90], conf));
        Assert.Equal([0f, 0f], conf);
    }

    [Fact]
    public void First_spike_readout_picks_the_earliest_group()
    {
        var first = new int[90];
        first[2] = 9;
        first[0] = 0; // never
        first[6] = 5;
        var conf = new float[2];
        var r = new SpikeReadout(ReadoutKind.FirstSpike, Groups, TieRule.None, 10);
        Assert.Equal(1, r.Read(new int[90], first, conf));
        Assert.Equal([2, 6], r.Scores.ToArray()); // T + 1 - t
        first[6] = 9;
        Assert.Equal(-1, r.Read(new int[90], first, conf));
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var r = new SpikeReadout(ReadoutKind.Count, Groups, TieRule.None, 64);
        var counts = new int[90];
        var first = new int[90];
        var conf = new float[2];
        r.Read(counts, first, conf);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            counts[i % 8]++;
            r.Read(counts, first, conf);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
