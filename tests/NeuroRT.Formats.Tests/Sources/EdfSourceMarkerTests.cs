using NeuroRT.Core.Markers;
using NeuroRT.Core.Rings;
using NeuroRT.Formats.Sources;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>The edf source's marker channel on the committed EEGMMIDB recording samples/S001R04.edf (T0 rest, T1 left, T2 right).</summary>
public sealed class EdfSourceMarkerTests
{
    private const int Samples = 20_000; // 125 records of 160 samples
    private const int Width = 65;       // 64 EEG signals + the marker channel

    private static string S001R04 => Path.Combine(SharedData.RepositoryRoot(), "samples", "S001R04.edf");

    // MNE-Python 1.3 (mne.events_from_annotations(raw, event_id={'T1': 1, 'T2': 2})) on the same file: the sample and code
    // of every T1/T2 annotation.
    private static readonly long[] MneSamples = [672, 2000, 3328, 4656, 5984, 7312, 8640, 9968, 11296, 12624, 13952, 15280, 16608, 17936, 19264];
    private static readonly float[] MneCodes = [2, 1, 1, 2, 2, 1, 2, 1, 2, 1, 1, 2, 1, 2, 1];

    private static EdfSource Open(double chunk = 0.010, string markers = "events", UnlistedMarkers unlisted = UnlistedMarkers.Ignore, params string[] names)
    {
        var source = new EdfSource { Path = S001R04, Speed = 0, Chunk = chunk, Markers = markers, MarkerNames = names.Length > 0 ? names : ["T1", "T2"], UnlistedMarkers = unlisted };
        source.Open();
        return source;
    }

    [Fact]
    public void The_marker_channel_is_appended_after_the_signals()
    {
        using var source = new EdfSource { Path = S001R04, Markers = "events", MarkerNames = ["T1", "T2"] };
        var format = source.Open();
        Assert.Equal(Width, format.ChannelCount);
        Assert.Equal("events", format.Channels[^1].Name);
        Assert.Equal("marker", format.Channels[^1].Type);
        Assert.Equal("C3..", format.Channels[8].Name);
    }

    [Fact]
    public void T1_and_T2_fall_on_the_samples_MNE_gives_them_and_T0_is_ignored()
    {
        using var source = Open();
        var channel = source.MarkerChannel!;
        Assert.Equal(MneSamples, channel.Markers.Select(m => m.Sample));
        Assert.Equal(MneCodes, channel.Markers.Select(m => m.Code));
        Assert.Equal(15, channel.Ignored);
        Assert.Equal(0, channel.Outside + channel.SameSample + channel.ZeroCode);
        Assert.Empty(channel.Warnings);
        Assert.Equal([new EdfMarkerCode("T1", 1, 8), new EdfMarkerCode("T2", 2, 7)], channel.Codes);
    }

    [Fact]
    public void Unlisted_annotations_get_the_next_free_code_in_order_of_first_appearance()
    {
        using var listed = Open(unlisted: UnlistedMarkers.Code);
        Assert.Equal(30, listed.MarkerChannel!.Markers.Count);
        Assert.Equal(new EdfMarkerCode("T0", 3, 15), listed.MarkerChannel.Codes[2]);
        Assert.Equal((0L, 3f), (listed.MarkerChannel.Markers[0].Sample, listed.MarkerChannel.Markers[0].Code));

        // No names at all: T0 (at 0 s) = 1, T2 (4.2 s) = 2, T1 (12.5 s) = 3.
        using var unnamed = new EdfSource { Path = S001R04, Speed = 0, Markers = "events" };
        unnamed.Open();
        Assert.Equal([new EdfMarkerCode("T0", 1, 15), new EdfMarkerCode("T2", 2, 7), new EdfMarkerCode("T1", 3, 8)], unnamed.MarkerChannel!.Codes);
    }

    [Fact]
    public void The_replay_carries_each_code_on_its_sample_and_0_elsewhere_and_leaves_the_signals_untouched()
    {
        using var marked = Open();
        var (values, times) = SourceReplay.Run(marked, Width, Samples);
        using var plain = new EdfSource { Path = S001R04, Speed = 0 };
        plain.Open();
        var (signals, plainTimes) = SourceReplay.Run(plain, Width - 1, Samples);

        Assert.Equal(plainTimes, times);
        var codes = new Dictionary<long, float>();
        for (int s = 0; s < Samples; s++)
        {
            if (!values.AsSpan(s * Width, Width - 1).SequenceEqual(signals.AsSpan(s * (Width - 1), Width - 1))) Assert.Fail($"sample {s}: the signals differ from the replay without markers");
            if (values[s * Width + Width - 1] != 0) codes[s] = values[s * Width + Width - 1];
        }

        Assert.Equal(MneSamples.Zip(MneCodes).ToDictionary(p => p.First, p => p.Second), codes);
    }

    [Fact]
    public void The_replay_is_the_same_whatever_the_chunk_size()
    {
        float[]? first = null;
        foreach (double chunk in new[] { 1 / 160.0, 7 / 160.0, 0.010, 1.0, 3.0 })
        {
            using var source = Open(chunk);
            var (values, _) = SourceReplay.Run(source, Width, Samples);
            if (first is null) first = values;
            else Assert.True(first.AsSpan().SequenceEqual(values), $"chunk {chunk} s gives a different replay");
        }
    }

    [Fact]
    public void The_replay_allocates_nothing_per_chunk()
    {
        // A chunk of 1 sample writes 20,000 times, a chunk of 1 s 125 times: if writing a chunk allocated anything,
        // the first replay would allocate more. Both allocate only their record buffers and one chunk's buffers
        // (values, stamps handed on, stamps paced by), once.
        // The smallest of three replays.
        long Allocated(double chunk)
        {
            long smallest = long.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                using var source = Open(chunk);
                smallest = Math.Min(smallest, SourceReplay.AllocatedByRun(source, new SampleRing(Width, Samples)));
            }

            return smallest;
        }

        Allocated(0.1); // warm-up: first-call costs (JIT, statics) are not the replay's
        long perSample = Allocated(1 / 160.0);
        long perRecord = Allocated(1.0);
        // A replay's one-off allocations vary by a few KiB from run to run (seen: 6,864 B more in some runs whatever
        // the chunk, e.g. a file buffer); an allocation per chunk would add at least 19,875 x 24 B = 477 KB here.
        long chunkBuffers = (160 - 1) * (Width * sizeof(float) + 2 * sizeof(double));
        Assert.True(Math.Abs(perRecord - perSample - chunkBuffers) <= 8192, $"1-sample chunks allocated {perSample} B, 1-second chunks {perRecord} B (their chunk buffers {chunkBuffers} B more)");
        Assert.InRange(perSample, 1, 2 * (160 * 64 + 160 * Width) * sizeof(float));
    }
}
