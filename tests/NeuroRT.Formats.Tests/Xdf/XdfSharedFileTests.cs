using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>
/// Every XDF file in ../shared/data/xdf reads with the streams that ../shared/data/README.md states for it
/// (id, name, type, channels, format, nominal rate, samples, clock offsets, footer), in header order.
/// </summary>
public sealed class XdfSharedFileTests
{
    public static TheoryData<string, string, string> Files => new()
    {
        // folder, file, expected streams as "id|name|type|channels|format|rate|samples|clockOffsets|footer;..." (README, "content").
        { "bci4als", "Sub2011001_EEG.xdf", "1|MarkerStream|Markers|1|String|0|182|86|True;2|obci_eeg1|EEG|16|Float32|125|53600|86|True" },
        { "bci4als", "Sub2111001_EEG.xdf", "1|MarkerStream|Markers|1|String|0|182|88|True;2|obci_eeg1|EEG|16|Float32|125|54965|88|True" },
        { "edge-cases", "bci4als_eeg_stream_without_samples.xdf", "1|OpenBCI|EEG|16|Float32|120|0|23|True;2|MarkerStream|Markers|1|String|0|12|23|True" },
        { "edge-cases", "bci4als_truncated_no_footer.xdf", "2|obci_eeg1|EEG|16|Float32|125|2760|2|False" },
        { "edge-cases", "twochannel_string_marker.xdf", "46202862|SendDataC|EEG|64|Double64|1000|1|1|True;3735928559|SendMarker|Marker|2|String|1000|1|1|True" },
        { "example-files", "clock_resets.xdf", "1|MyMarkerStream|Markers|1|String|0|175|115|True;2|BioSemi|EEG|8|Float32|100|27815|115|True" },
        {
            "example-files", "empty_streams.xdf",
            "3|Empty data stream: test stream 0 counter|data|1|Float32|1|0|7|True;4|Data stream: test stream 0 counter|data|1|Int32|1|10|7|True;" +
            "1|ctrl|control|1|String|0|1|7|True;2|Empty marker stream: test stream 0 counter|data|1|String|0|0|7|True"
        },
        { "example-files", "minimal.xdf", "0|SendDataC|EEG|3|Int16|10|9|2|True;46202862|SendDataString|StringMarker|1|String|10|9|0|True" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Shared_file_has_the_streams_its_README_states(string folder, string file, string expected)
    {
        XdfFile xdf = XdfFile.Read(SharedData.File("xdf", folder, file));

        string[] streams = expected.Split(';');
        Assert.Equal(streams.Length, xdf.Streams.Count);
        for (int i = 0; i < streams.Length; i++)
        {
            string[] f = streams[i].Split('|');
            XdfStream s = xdf.Streams[i];
            string actual = string.Join('|', s.Id, s.Info.Name, s.Info.Type, s.Info.ChannelCount, s.Info.Format,
                s.Info.NominalRate.ToString(System.Globalization.CultureInfo.InvariantCulture), s.SampleCount, s.ClockOffsets.Length, s.HasFooter);
            Assert.Equal(string.Join('|', f), actual);
            int values = s.SampleCount * s.Info.ChannelCount;
            Assert.Equal(values, s.Info.Format == XdfChannelFormat.String ? s.StringValues.Length : s.NumericValues.Length);
            Assert.Equal(s.SampleCount, s.Timestamps.Length);
        }
    }

    [Fact]
    public void Truncated_recording_is_read_up_to_the_last_whole_chunk_with_a_warning_naming_the_offset()
    {
        XdfFile xdf = XdfFile.Read(SharedData.File("xdf", "edge-cases", "bci4als_truncated_no_footer.xdf"));

        string warning = Assert.Single(xdf.Warnings);
        Assert.Contains("byte 193905", warning);
        Assert.Contains("4548 bytes", warning);
        Assert.Contains("bci4als_truncated_no_footer.xdf", warning);
        Assert.Equal(2760, xdf.StreamById(2).SampleCount);
    }

    [Fact]
    public void Complete_files_read_without_warnings()
    {
        foreach ((string folder, string file) in new[] { ("bci4als", "Sub2011001_EEG.xdf"), ("example-files", "minimal.xdf"), ("example-files", "clock_resets.xdf") })
        {
            Assert.Empty(XdfFile.Read(SharedData.File("xdf", folder, file)).Warnings);
        }
    }

    [Fact]
    public void Bci4als_markers_are_the_protocol_codes_as_strings()
    {
        XdfStream markers = XdfFile.Read(SharedData.File("xdf", "bci4als", "Sub2011001_EEG.xdf")).StreamById(1);

        // 60 trials of 1111 (start) ... 9 (end), each with one class label 1, 2 or 3, inside 111 ... 99.
        Assert.Equal(111.0, double.Parse(markers.StringValues[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(99.0, double.Parse(markers.StringValues[^1], System.Globalization.CultureInfo.InvariantCulture));
        int starts = 0;
        foreach (string marker in markers.StringValues)
        {
            if (double.Parse(marker, System.Globalization.CultureInfo.InvariantCulture) == 1111)
            {
                starts++;
            }
        }

        Assert.Equal(60, starts);
    }

    [Fact]
    public void Clock_resets_file_reports_its_resets_and_sync_keeps_each_stretch_close_to_the_recorder_clock()
    {
        XdfFile xdf = XdfFile.Read(SharedData.File("xdf", "example-files", "clock_resets.xdf"));

        foreach (XdfStream stream in xdf.Streams)
        {
            Assert.True(stream.ClockResets >= 1, $"stream {stream.Info.Name}: no clock reset detected");
            foreach (XdfClockFit fit in stream.ClockFits)
            {
                Assert.True(Math.Abs(fit.Slope) < 1e-3, $"stream {stream.Info.Name}: drift {fit.Slope} s/s is implausible");
            }
        }

        // The stream clock jumps back by ~653000 s; on the recorder's clock, after synchronisation, every stream's
        // stamps must increase throughout (as pyxdf's clock-reset handling gives for this file).
        foreach (XdfStream stream in xdf.Streams)
        {
            int rawBackwards = 0;
            for (int k = 1; k < stream.SampleCount; k++)
            {
                Assert.True(stream.Timestamps[k] > stream.Timestamps[k - 1], $"stream {stream.Info.Name}: synchronised stamp {k} does not increase");
                rawBackwards += stream.RawTimestamps[k] < stream.RawTimestamps[k - 1] - 1000 ? 1 : 0;
            }

            Assert.Equal(1, rawBackwards);
        }
    }

    [Fact]
    public void Empty_streams_file_keeps_its_one_control_sample_and_its_int32_counter()
    {
        XdfFile xdf = XdfFile.Read(SharedData.File("xdf", "example-files", "empty_streams.xdf"));

        Assert.Equal(["{\"state\": 2}"], xdf.StreamById(1).StringValues);
        Assert.Empty(xdf.StreamById(3).NumericValues);
        Assert.Empty(xdf.StreamById(2).StringValues);
        Assert.Equal(10, xdf.StreamById(4).NumericValues.Length);
    }
}
