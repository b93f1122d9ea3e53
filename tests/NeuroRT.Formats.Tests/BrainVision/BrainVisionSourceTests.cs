using NeuroRT.Core.Blocks;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.BrainVision;
using Xunit;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>The <c>brainvision</c> pipeline source on ../shared/data/brainvision/test.vhdr, replayed as fast as possible.</summary>
public sealed class BrainVisionSourceTests
{
    private const int Samples = 7900;

    private static string TestVhdr => SharedData.File("brainvision", "test.vhdr");

    private static (float[] Values, double[] Times) Replay(BrainVisionSource source, int width)
    {
        var ring = new SampleRing(width, Samples);
        source.Run(ring, CancellationToken.None);
        using var block = new SampleBlock(width, 1, Samples + 1);
        int n = ring.Read(block, Samples + 1);
        Assert.Equal(Samples, n);
        return (block.Values.ToArray(), block.Timestamps.ToArray());
    }

    [Fact]
    public void Format_lists_the_channels_with_units_rate_and_marker_channel()
    {
        using var source = new BrainVisionSource { Path = TestVhdr, Speed = 0, Markers = "events" };
        var format = source.Open();

        Assert.Equal(33, format.ChannelCount);
        Assert.Equal(1000.0, format.SampleRate);
        Assert.Equal("FP1", format.Channels[0].Name);
        Assert.Equal("EEG", format.Channels[0].Type);
        Assert.Equal("µV", format.Channels[0].Unit);
        Assert.Equal("misc", format.Channels[26].Type); // CP5, unit BS
        Assert.Equal("events", format.Channels[^1].Name);
        Assert.Equal("marker", format.Channels[^1].Type);
        Assert.Equal(7.9, source.DurationSeconds!.Value, 12);
    }

    [Fact]
    public void Replay_delivers_every_sample_as_the_reader_reads_it_with_timestamps_k_over_rate()
    {
        using var source = new BrainVisionSource { Path = TestVhdr, Speed = 0, Chunk = 0.013 };
        source.Open();
        var expected = new float[Samples * 32];
        source.File!.ReadInterleaved(0, expected);

        var (values, times) = Replay(source, 32);

        Assert.Equal(expected, values);
        for (int k = 0; k < Samples; k++) Assert.Equal(k / 1000.0, times[k]);
    }

    [Fact]
    public void Markers_are_on_the_vmrk_samples_with_listed_codes_and_unlisted_ones_ignored()
    {
        using var source = new BrainVisionSource
        {
            Path = TestVhdr, Speed = 0, Chunk = 0.010, Channels = ["Cz", "FP1"], Markers = "events",
            MarkerNames = ["Stimulus/S253", "Stimulus/S255"], UnlistedMarkers = UnlistedMarkers.Ignore,
        };
        var format = source.Open();
        var (values, _) = Replay(source, 3);

        // test.vmrk: S253 at positions 487 and 4936, S255 at 497, 1780, 3263, 4946, 6630 (1-based).
        var expected = new Dictionary<int, float> { [486] = 1, [4935] = 1, [496] = 2, [1779] = 2, [3262] = 2, [4945] = 2, [6629] = 2 };
        Assert.Equal(["Cz", "FP1", "events"], format.Channels.Select(c => c.Name));
        for (int k = 0; k < Samples; k++)
            Assert.Equal(expected.GetValueOrDefault(k), values[k * 3 + 2]);
        Assert.Equal(7, source.MarkerChannel!.Markers.Count);
        Assert.Equal(7, source.MarkerChannel.Ignored);
        Assert.Empty(source.MarkerChannel.Warnings);
        var cz = new float[1];
        source.File!.ReadChannel(16, 4935, cz);
        Assert.Equal(cz[0], values[4935 * 3]);
    }

    [Fact]
    public void Bad_parameters_and_files_name_the_parameter()
    {
        Assert.Equal("channels", Assert.Throws<StageConfigurationException>(
            () => new BrainVisionSource { Path = TestVhdr, Channels = ["Nope"] }.Open()).Parameter);
        Assert.Equal("marker-names", Assert.Throws<StageConfigurationException>(
            () => new BrainVisionSource { Path = TestVhdr, MarkerNames = ["x"] }.Open()).Parameter);
        Assert.Equal("markers", Assert.Throws<StageConfigurationException>(
            () => new BrainVisionSource { Path = TestVhdr, Markers = "Cz" }.Open()).Parameter);
        var missing = Assert.Throws<StageConfigurationException>(
            () => new BrainVisionSource { Path = Path.Combine(SharedData.Root, "brainvision", "absent.vhdr") }.Open());
        Assert.Equal("path", missing.Parameter);
        Assert.Contains("absent.vhdr", missing.Message);
    }

    [Fact]
    public void The_replay_allocates_nothing_per_chunk()
    {
        long Allocated(double chunk, out int buffers)
        {
            long smallest = long.MaxValue;
            buffers = 0;
            for (int i = 0; i < 3; i++)
            {
                using var source = new BrainVisionSource { Path = TestVhdr, Speed = 0, Chunk = chunk, Markers = "events" };
                source.Open();
                var ring = new SampleRing(33, Samples);
                long before = GC.GetAllocatedBytesForCurrentThread();
                source.Run(ring, CancellationToken.None);
                smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            int n = Math.Max(1, (int)Math.Round(chunk * 1000));
            buffers = n * 32 * 4 + n * 33 * 4 + n * 8; // data, rows and timestamps, allocated once per replay
            return smallest;
        }

        Allocated(0.1, out _); // warm-up: JIT and statics are not the replay's
        long perSample = Allocated(0.001, out int small);
        // 7,900 one-sample chunks: anything allocated per chunk (>= 24 B each) would add >= 189,600 B.
        Assert.InRange(perSample, 0, small + 8192);
    }
}
