using NeuroRT.Formats.BrainVision;
using Xunit;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>The MNE test recording ../shared/data/brainvision/test.vhdr against the values MNE-Python reads from it.</summary>
public sealed class BrainVisionSharedFileTests
{
    private static BrainVisionFile OpenShared() => BrainVisionFile.Open(SharedData.File("brainvision", "test.vhdr"));

    [Fact]
    public void Header_matches_the_data_README_and_MNE()
    {
        var reference = BrainVisionReference.Value;
        using var file = OpenShared();

        // README: 32 channels (26 EEG + 6 misc), 1000 Hz, 7.9 s.
        Assert.Equal(32, file.Channels.Count);
        Assert.Equal(1000.0, file.SamplingRate);
        Assert.Equal(7900, file.SampleCount);
        Assert.Equal(reference.SampleCount, file.SampleCount);
        Assert.Equal(reference.SamplingRate, file.SamplingRate);
        Assert.Equal(reference.ChannelNames, file.Channels.Select(c => c.Name));
        Assert.Equal(reference.Resolutions, file.Channels.Select(c => c.Resolution));
        Assert.Equal(BrainVisionOrientation.Multiplexed, file.Header.Orientation);
        Assert.Equal(BrainVisionBinaryFormat.Int16, file.Header.BinaryFormat);
    }

    [Fact]
    public void Units_default_to_microvolts_when_empty_or_omitted()
    {
        using var file = OpenShared();

        Assert.Equal("µV", file.Channels[0].Unit);  // Ch1=FP1,,0.5,µV
        Assert.Equal("µV", file.Channels[1].Unit);  // Ch2=FP2,,0.5,   (empty unit)
        Assert.Equal("µV", file.Channels[2].Unit);  // Ch3=F3,,0.5     (unit omitted)
        Assert.Equal(["BS", "µS", "ARU", "uS", "S", "C"], file.Channels.Skip(26).Select(c => c.Unit));
        Assert.All(file.Channels, c => Assert.Equal("", c.Reference));
    }

    [Fact]
    public void Samples_equal_MNE_values_in_each_channels_unit()
    {
        var reference = BrainVisionReference.Value;
        using var file = OpenShared();
        var row = new float[file.Channels.Count];

        for (int i = 0; i < reference.SampleIndices.Length; i++)
        {
            file.ReadInterleaved(reference.SampleIndices[i], row);
            Assert.Equal(reference.Values[i], row);
        }
    }

    [Fact]
    public void Whole_file_read_in_one_call_equals_reads_in_odd_sized_pieces()
    {
        using var file = OpenShared();
        int channels = file.Channels.Count;
        var whole = new float[file.SampleCount * channels];
        file.ReadInterleaved(0, whole);

        var pieces = new float[whole.Length];
        long at = 0;
        foreach (int size in Enumerable.Repeat(new[] { 1, 7, 2049, 333 }, 100).SelectMany(x => x))
        {
            int n = (int)Math.Min(size, file.SampleCount - at);
            if (n == 0)
            {
                break;
            }

            file.ReadInterleaved(at, pieces.AsSpan((int)at * channels, n * channels));
            at += n;
        }

        Assert.Equal(file.SampleCount, at);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Markers_match_MNE_annotations()
    {
        var reference = BrainVisionReference.Value;
        using var file = OpenShared();

        Assert.Equal(14, file.Markers.Count);
        Assert.Equal(reference.Markers.Select(m => m.OnsetSample), file.Markers.Select(m => m.Sample));
        Assert.Equal(reference.Markers.Select(m => m.Description), file.Markers.Select(m => m.Type + "/" + m.Description));
        var first = file.Markers[0];
        Assert.Equal(new BrainVisionMarker(1, "New Segment", "", 0, 1, 0, "20131113161403794232"), first);
        Assert.Equal(new BrainVisionMarker(2, "Stimulus", "S253", 486, 0, 0, ""), file.Markers[1]);
        Assert.Equal("O  1", file.Markers[13].Description); // inner spaces kept
    }

    [Fact]
    public void Channel_selection_returns_the_chosen_columns_in_the_given_order()
    {
        using var file = OpenShared();
        var all = new float[10 * 32];
        var picked = new float[10 * 3];
        file.ReadInterleaved(100, all);

        file.ReadInterleaved(100, [31, 0, 16], picked);

        for (int s = 0; s < 10; s++)
        {
            Assert.Equal(all[s * 32 + 31], picked[s * 3]);
            Assert.Equal(all[s * 32 + 0], picked[s * 3 + 1]);
            Assert.Equal(all[s * 32 + 16], picked[s * 3 + 2]);
        }
    }

    [Fact]
    public void Steady_state_reads_allocate_nothing()
    {
        using var file = OpenShared();
        var block = new float[64 * 32];
        int[] channels = [0, 5, 31];
        var picked = new float[64 * 3];
        file.ReadInterleaved(0, block);
        file.ReadInterleaved(0, channels, picked);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long at = 0; at + 64 <= file.SampleCount; at += 64)
        {
            file.ReadInterleaved(at, block);
            file.ReadInterleaved(at, channels, picked);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
