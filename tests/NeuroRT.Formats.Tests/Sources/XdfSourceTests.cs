using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Sources.Replay;
using NeuroRT.Formats.Sources.Xdf;
using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>The xdf source on the shared recordings and on files built byte by byte: samples and stamps as XdfFile reads them.</summary>
public sealed class XdfSourceTests
{
    private static string Bci4als => SharedData.File("xdf", "bci4als", "Sub2011001_EEG.xdf");

    [Fact]
    public void A_shared_recording_replays_its_only_signal_stream_with_the_files_values_and_clock_synced_stamps()
    {
        var xdf = XdfFile.Read(Bci4als);
        var eeg = xdf.StreamById(2);
        using var source = new XdfSource { Path = Bci4als, Speed = 0 };
        var format = source.Open();
        Assert.Equal("obci_eeg1", format.Name);
        Assert.Equal("EEG", format.Type);
        Assert.Equal(16, format.ChannelCount);
        Assert.Equal(125, format.NominalRate);
        Assert.Equal("ch1", format.Channels[0].Name); // the header carries no labels
        Assert.Equal(SampleValueType.Float32, format.ValueType);
        Assert.Equal(53600 / 125.0, source.DurationSeconds);

        var (values, times, index) = XdfRecordings.Run(source, 16, 53600);
        Assert.Equal(53600, times.Length);
        Assert.Equal(eeg.Timestamps, times);
        for (int i = 0; i < values.Length; i++) Assert.Equal((float)eeg.NumericValues[i], values[i]);
        Assert.Equal(53599, index[^1]);
    }

    [Fact]
    public void Clock_sync_off_replays_the_stamps_as_recorded()
    {
        var eeg = XdfFile.Read(Bci4als).StreamById(2);
        Assert.NotEqual(eeg.Timestamps[0], eeg.RawTimestamps[0]); // the file has clock offsets, so the two differ
        using var source = new XdfSource { Path = Bci4als, Speed = 0, ClockSync = false, Channels = ["ch4", "ch2"] };
        var format = source.Open();
        Assert.Equal(["ch4", "ch2"], format.Channels.Select(c => c.Name));
        var (values, times, _) = XdfRecordings.Run(source, 2, eeg.SampleCount);
        Assert.Equal(eeg.RawTimestamps, times);
        Assert.Equal((float)eeg.NumericValues[5 * 16 + 3], values[5 * 2]);
        Assert.Equal((float)eeg.NumericValues[5 * 16 + 1], values[5 * 2 + 1]);
    }

    [Fact]
    public void The_marker_stream_becomes_a_channel_with_each_code_on_the_first_sample_at_or_after_its_time()
    {
        var xdf = XdfFile.Read(Bci4als);
        var eeg = xdf.StreamById(2);
        var markers = xdf.StreamById(1);
        using var source = new XdfSource { Path = Bci4als, Speed = 0, Markers = ["MarkerStream"] };
        var format = source.Open();
        Assert.Equal(17, format.ChannelCount);
        Assert.Equal("MarkerStream", format.Channels[16].Name);
        Assert.Equal(ChannelTypes.Marker, format.Channels[16].Type);
        var (values, times, _) = XdfRecordings.Run(source, 17, eeg.SampleCount);

        // Expected independently: each marker (numeric texts such as "1111.000000000000" keep their value) on the
        // first sample stamped at or after it; markers on one sample: the later one.
        var expected = new float[eeg.SampleCount];
        int carried = 0, outside = 0;
        for (int k = 0; k < markers.SampleCount; k++)
        {
            double t = markers.Timestamps[k];
            int s = Array.FindIndex(eeg.Timestamps, x => x >= t);
            if (s < 0 || t < eeg.Timestamps[0] - 0.5 / 125) { outside++; continue; }
            expected[s] = float.Parse(markers.StringValues[k], System.Globalization.CultureInfo.InvariantCulture);
        }

        for (int s = 0; s < eeg.SampleCount; s++)
        {
            Assert.Equal(expected[s], values[s * 17 + 16]);
            if (expected[s] != 0) carried++;
        }

        var channel = Assert.Single(source.MarkerChannels);
        Assert.Equal(carried, channel.Markers.Count);
        Assert.True(carried > 100, $"{carried} markers carried");
        Assert.Equal(markers.SampleCount, carried + channel.Outside + channel.Overwritten + channel.ZeroCode);
        Assert.Equal(outside, channel.Outside);
        // The signal itself is untouched by the extra channel.
        for (int s = 0; s < 100; s++) Assert.Equal((float)eeg.NumericValues[s * 16 + 5], values[s * 17 + 5]);
        Assert.Equal(eeg.Timestamps, times);
    }

    [Fact]
    public void Markers_on_a_built_file_land_on_their_samples_with_codes_from_marker_names()
    {
        // 100 Hz from t = 10 s: sample k at 10 + k / 100.
        string path = XdfRecordings.Signal(2, 100, 300, 10,
            (10.0, "left"), (10.055, "right"), (10.995, "left"), (10.9951, "right"), (9.996, "left"), (9.0, "right"), (13.5, "left"), (12.0, "other"));
        try
        {
            using var source = new XdfSource { Path = path, Speed = 0, Markers = ["Markers"], MarkerNames = ["left", "right"] };
            source.Open();
            var (values, _, _) = XdfRecordings.Run(source, 3, 300);
            float Marker(int s) => values[s * 3 + 2];
            Assert.Equal(1, Marker(0));    // 9.996 (within half a period before the first sample), then 10.0: the later wins
            Assert.Equal(2, Marker(6));    // 10.055: the first sample at or after it is 10.06
            Assert.Equal(2, Marker(100));  // 10.995 and 10.9951 both go to 11.00: the later (right) wins
            Assert.Equal(3, Marker(200));  // an unlisted text gets the next free code
            Assert.Equal(4, Enumerable.Range(0, 300).Count(s => Marker(s) != 0));
            var channel = source.MarkerChannels[0];
            Assert.Equal(2, channel.Outside); // 9.0 before the signal, 13.5 after its last sample (12.99)
            Assert.Equal(2, channel.Overwritten);
            Assert.Contains(channel.Warnings, w => w.Contains("outside the signal: 2") && w.Contains(path));
            Assert.Contains(channel.Warnings, w => w.Contains("replaced by a later marker on the same sample: 2"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_chunk_size_does_not_change_a_sample_or_a_marker()
    {
        string path = XdfRecordings.Signal(3, 250, 1000, 5, (5.5, "a"), (6.1234, "b"), (8.9, "a"));
        try
        {
            (float[], double[], long[]) Replay(double chunk, ReplayChunking rechunk)
            {
                using var source = new XdfSource { Path = path, Speed = 0, Chunk = chunk, Rechunk = rechunk, Markers = ["Markers"] };
                source.Open();
                return XdfRecordings.Run(source, 4, 1000);
            }

            var reference = Replay(0.004, ReplayChunking.Fixed);
            Assert.Equal(4000, reference.Item1.Length);
            foreach (var (chunk, rechunk) in new[] { (0.01, ReplayChunking.Fixed), (0.37, ReplayChunking.Fixed), (10.0, ReplayChunking.Fixed), (0.02, ReplayChunking.Random) })
            {
                var other = Replay(chunk, rechunk);
                Assert.Equal(reference.Item1, other.Item1);
                Assert.Equal(reference.Item2, other.Item2);
                Assert.Equal(reference.Item3, other.Item3);
            }

            for (int k = 0; k < 1000; k++)
            {
                Assert.Equal(XdfRecordings.Value(k, 2), reference.Item1[k * 4 + 2]);
                Assert.Equal(5 + k / 250.0, reference.Item2[k]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Labels_and_units_come_from_the_header_and_channels_pick_by_label()
    {
        string path = XdfRecordings.Signal(4, 100, 10);
        try
        {
            using var source = new XdfSource { Path = path, Channels = ["c3", "C1"] };
            var format = source.Open();
            Assert.Equal(["C3", "C1"], format.Channels.Select(c => c.Name));
            Assert.Equal("microvolts", format.Channels[0].Unit);
            var e = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = path, Channels = ["Cz"] }.Open());
            Assert.Equal("channels", e.Parameter);
            Assert.Contains("no channel 'Cz'", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Selecting_a_stream_that_cannot_be_a_signal_is_a_clear_error_listing_the_streams()
    {
        string minimal = SharedData.File("xdf", "example-files", "minimal.xdf");
        var strings = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = minimal, Stream = "SendDataString" }.Open());
        Assert.Equal("stream", strings.Parameter);
        Assert.Contains("holds strings", strings.Message);
        Assert.Contains("markers: [SendDataString]", strings.Message);

        var absent = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = minimal, Stream = "EEG1" }.Open());
        Assert.Contains("no stream named 'EEG1'", absent.Message);
        Assert.Contains("'SendDataC' (type EEG, 3 ch int16, 10 Hz, 9 samples)", absent.Message);

        string empty = SharedData.File("xdf", "example-files", "empty_streams.xdf");
        var several = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = empty }.Open());
        Assert.Contains("more than one stream", several.Message);
        var irregular = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = empty, Stream = "ctrl" }.Open());
        Assert.Contains("holds strings", irregular.Message);

        string bci = Bci4als;
        var byType = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = bci, Type = "Markers" }.Open());
        Assert.Equal("type", byType.Parameter);
        var markerless = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = bci, Markers = ["Nope"] }.Open());
        Assert.Equal("markers", markerless.Parameter);
        Assert.Contains("'MarkerStream'", markerless.Message);
        var unsynced = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = bci, Markers = ["MarkerStream"], ClockSync = false }.Open());
        Assert.Contains("clock-sync", unsynced.Message);
    }

    [Fact]
    public void An_irregular_numeric_stream_is_refused_as_a_signal()
    {
        var b = new Xdf.Support.XdfTestFileBuilder().FileHeader().StreamHeader(1, "events", 1, 0, "float32");
        b.Samples(1, 1, Xdf.Support.XdfTestFileBuilder.Sample(1.0, BitConverter.GetBytes(1f)));
        string path = Path.Combine(Path.GetTempPath(), $"neurort-irregular-{Guid.NewGuid():N}.xdf");
        File.WriteAllBytes(path, b.Build());
        try
        {
            var e = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = path, Stream = "events" }.Open());
            Assert.Contains("irregular", e.Message);
            var none = Assert.Throws<StageConfigurationException>(() => new XdfSource { Path = path }.Open());
            Assert.Contains("no numeric stream with a nominal rate > 0", none.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_default_stream_is_picked_by_type_too_and_the_minimal_file_replays_exactly()
    {
        string minimal = SharedData.File("xdf", "example-files", "minimal.xdf");
        var data = XdfFile.Read(minimal).Streams[0];
        using var source = new XdfSource { Path = minimal, Type = "eeg", Speed = 0, Markers = ["SendDataString"] };
        var format = source.Open();
        Assert.Equal("SendDataC", format.Name);
        Assert.Equal(SampleValueType.Int16, format.ValueType);
        var (values, times, _) = XdfRecordings.Run(source, 4, 9);
        Assert.Equal(data.Timestamps, times);
        for (int s = 0; s < 9; s++)
            for (int c = 0; c < 3; c++) Assert.Equal((float)data.NumericValues[s * 3 + c], values[s * 4 + c]);
        Assert.Equal(source.MarkerChannels[0].Markers.Count, Enumerable.Range(0, 9).Count(s => values[s * 4 + 3] != 0));
    }
}
