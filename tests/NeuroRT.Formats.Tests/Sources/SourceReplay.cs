using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;
using NeuroRT.Formats.Sources;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>Runs an opened edf source as fast as possible into a ring that holds all of it, as the acquisition thread would.</summary>
internal static class SourceReplay
{
    public static (float[] Values, double[] Times) Run(EdfSource source, int channels, int samples)
    {
        var ring = new SampleRing(channels, samples);
        source.Run(ring, CancellationToken.None);
        using var block = new SampleBlock(channels, 1, samples + 1);
        int n = ring.Read(block, samples + 1);
        Assert.Equal(samples, n);
        return (block.Values.ToArray(), block.Timestamps.ToArray());
    }

    /// <summary>Bytes the source's Run allocates on this thread for a whole replay into <paramref name="ring"/>.</summary>
    public static long AllocatedByRun(EdfSource source, SampleRing ring)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        source.Run(ring, CancellationToken.None);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
