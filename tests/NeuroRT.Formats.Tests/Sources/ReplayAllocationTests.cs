using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;
using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Sources.Replay;
using NeuroRT.Formats.Sources.Xdf;
using NeuroRT.Testing;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>
/// The replay loop in steady state, for each recording source: Run on this thread (speed 0) into a small ring that
/// another thread drains, so the replay waits for room as in a pipeline run. Passes 2..5 of a 5-pass replay must
/// allocate nothing: a 5-pass replay allocates exactly what a 1-pass one does. A run that a garbage collection
/// overlapped is run again (see <see cref="AllocationWindow"/>: the collection charges bytes nothing allocated).
/// </summary>
public sealed class ReplayAllocationTests
{
    private static string Edf => Path.Combine(SharedData.RepositoryRoot(), "samples", "S001R04.edf");

    public static TheoryData<string> Sources => new() { "edf", "brainvision", "xdf" };

    private static RecordingSource Create(string kind, int loop) => kind switch
    {
        "edf" => new EdfSource { Path = Edf, Markers = "events", Speed = 0, Loop = loop, Jitter = 10, DropChunks = 5, Hitches = 10, Rechunk = ReplayChunking.Random },
        "brainvision" => new BrainVisionSource { Path = SharedData.File("brainvision", "test.vhdr"), Markers = "events", Speed = 0, Loop = loop, Jitter = 10, DropChunks = 5, Hitches = 10, Rechunk = ReplayChunking.Random },
        _ => new XdfSource { Path = SharedData.File("xdf", "bci4als", "Sub2011001_EEG.xdf"), Markers = ["MarkerStream"], Speed = 0, Loop = loop, Jitter = 10, DropChunks = 5, Hitches = 10, Rechunk = ReplayChunking.Random },
    };

    private static (long Bytes, long Samples) AllocatedByRun(string kind, int loop) =>
        AllocationWindow.Clean(() => AttemptRun(kind, loop));

    private static ((long Bytes, long Samples) Result, bool CollectionRan) AttemptRun(string kind, int loop)
    {
        using var source = Create(kind, loop);
        var format = source.Open();
        var ring = new SampleRing(format.ChannelCount, 256);
        long drained = 0;
        var drain = new Thread(() =>
        {
            using var block = new SampleBlock(format.ChannelCount, 1, 64);
            while (!ring.IsDrained)
                if (ring.WaitForData(100)) drained += ring.Read(block, 64);
        });
        drain.Start();
        var window = AllocationWindow.Open();
        source.Run(ring, CancellationToken.None);
        long bytes = window.AllocatedBytes;
        bool collected = window.CollectionRan;
        ring.Complete();
        Assert.True(drain.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(source.Counters.SamplesDelivered, drained);
        Assert.Equal(loop, source.Counters.Passes);
        return ((bytes, drained), collected);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_pass_after_the_first_allocates_nothing(string kind)
    {
        AllocatedByRun(kind, 1); // warm-up: JIT and statics are not the replay's
        var once = AllocatedByRun(kind, 1);
        var five = AllocatedByRun(kind, 5);
        Assert.True(five.Samples > 4 * once.Samples, $"{five.Samples} samples in 5 passes, {once.Samples} in one");
        Assert.Equal(once.Bytes, five.Bytes);
    }
}
