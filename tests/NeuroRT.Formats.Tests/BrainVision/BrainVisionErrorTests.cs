using NeuroRT.Formats.BrainVision;
using Xunit;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>Malformed headers, marker files and data files: one clear error naming the file and the line or byte offset.</summary>
public sealed class BrainVisionErrorTests : IDisposable
{
    private readonly BrainVisionTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private BrainVisionFormatException OpenFails(string vhdr) =>
        Assert.Throws<BrainVisionFormatException>(() => BrainVisionFile.Open(vhdr).Dispose());

    private static int LineOf(string path, string startsWith) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.StartsWith(startsWith, StringComparison.Ordinal)) + 1;

    [Fact]
    public void Bad_resolution_names_the_header_and_line()
    {
        string vhdr = _files.Header("Ch1=A,,0.5\r\nCh2=B,,0;5,µV\r\n", 2);
        _files.Markers("");
        _files.Data(BrainVisionTestFiles.Int16(1, 2));

        var e = OpenFails(vhdr);

        Assert.Equal(vhdr, e.Path);
        Assert.Equal(LineOf(vhdr, "Ch2="), e.Line);
        Assert.Contains($"{vhdr}, line {e.Line}", e.Message);
        Assert.Contains("Ch2 resolution \"0;5\"", e.Message);
    }

    [Fact]
    public void Wrong_identification_line_is_line_1()
    {
        string vhdr = _files.Write("x.vhdr", "not a header\r\n"u8.ToArray());

        var e = OpenFails(vhdr);

        Assert.Equal(1, e.Line);
        Assert.Contains("Brain Vision Data Exchange Header File", e.Message);
    }

    [Theory]
    [InlineData("NumberOfChannels=2", "NumberOfChannels=0", "NumberOfChannels=0 is not a whole number")]
    [InlineData("NumberOfChannels=2", "NumberOfChannels=99999999", "NumberOfChannels=99999999 is not a whole number")]
    [InlineData("SamplingInterval=1000", "SamplingInterval=-1", "SamplingInterval=-1 is not a positive number")]
    [InlineData("BinaryFormat=INT_16", "BinaryFormat=UINT_16", "BinaryFormat=UINT_16 is not supported")]
    [InlineData("DataOrientation=MULTIPLEXED", "DataOrientation=SIDEWAYS", "DataOrientation=SIDEWAYS is neither")]
    [InlineData("DataFormat=BINARY", "DataFormat=ASCII", "DataFormat=ASCII is not supported")]
    [InlineData("Ch2=B", "Ch3=B", "Ch3 is beyond NumberOfChannels=2")]
    [InlineData("Ch2=B", "Ch1=B", "Ch1 is defined twice")]
    [InlineData("Ch2=B", "Ch2=,,1", "Ch2 has an empty channel name")]
    [InlineData("Ch2=B", "Ch2 B", "expected \"key=value\" in section [Channel Infos]")]
    public void Bad_header_entries_name_their_line(string good, string bad, string expected)
    {
        string vhdr = _files.Header("Ch1=A\r\nCh2=B\r\n", 2);
        _files.Markers("");
        _files.Data(BrainVisionTestFiles.Int16(1, 2));
        int line = LineOf(vhdr, good);
        File.WriteAllText(vhdr, File.ReadAllText(vhdr).Replace(good, bad));

        var e = OpenFails(vhdr);

        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"{vhdr}, line {line}: ", e.Message);
    }

    [Fact]
    public void Missing_channel_entry_and_missing_required_key_name_the_header()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 2);
        _files.Markers("");
        Assert.Contains("has no Ch2 entry", OpenFails(vhdr).Message);

        File.WriteAllText(vhdr, File.ReadAllText(vhdr).Replace("SamplingInterval=1000", ""));
        var e = OpenFails(vhdr);
        Assert.Null(e.Line);
        Assert.Equal($"{vhdr}: [Common Infos] has no SamplingInterval entry; it is required.", e.Message);
    }

    [Theory]
    [InlineData("Mk1=Stimulus,S1,0,1,0", "position \"0\" is not a whole number from 1")]
    [InlineData("Mk1=Stimulus,S1,x,1,0", "position \"x\" is not a whole number from 1")]
    [InlineData("Mk1=Stimulus,S1,5,-1,0", "size \"-1\" is not a whole number from 0")]
    [InlineData("Mk1=Stimulus,S1", "has 2 field(s)")]
    [InlineData("Marker1=Stimulus,S1,1,1,0", "marker key \"Marker1\"")]
    [InlineData("Mk1=Stimulus,S1,1,1,2", "Mk1 refers to channel 2, but the header has 1 channels (0 = all channels)")]
    public void Bad_marker_entries_name_the_marker_file_and_line(string markerLine, string expected)
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1);
        string vmrk = _files.Markers("Mk1=New Segment,,1,1,0\r\n" + markerLine.Replace("Mk1", "Mk2") + "\r\n");
        _files.Data(BrainVisionTestFiles.Int16(1, 2));

        var e = OpenFails(vhdr);

        Assert.Equal(vmrk, e.Path);
        Assert.Equal(LineOf(vmrk, "Mk1=") + 1, e.Line);
        Assert.Contains(expected.Replace("Mk1", "Mk2"), e.Message);
    }

    [Fact]
    public void Truncated_data_names_the_byte_offset_of_the_partial_sample()
    {
        string vhdr = _files.Header("Ch1=A\r\nCh2=B\r\n", 2);
        _files.Markers("");
        string eeg = _files.Data(new byte[4 * 10 + 3]);

        var e = OpenFails(vhdr);

        Assert.Equal(eeg, e.Path);
        Assert.Equal(40, e.ByteOffset);
        Assert.Contains("43 bytes is not a whole number of samples of 2 channels x 2 bytes", e.Message);
        Assert.Contains("byte offset 40", e.Message);
    }

    [Fact]
    public void Missing_data_or_marker_file_is_named()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1);
        Assert.Contains("rec.vmrk not found", OpenFails(vhdr).Message);

        _files.Markers("");
        Assert.Contains("rec.eeg not found", OpenFails(vhdr).Message);
    }

    [Fact]
    public void Reads_outside_the_recording_are_refused()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1, markerFile: false);
        _files.Data(BrainVisionTestFiles.Int16(1, 2, 3));
        using var file = BrainVisionFile.Open(vhdr);

        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadInterleaved(2, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadInterleaved(0, [1], new float[1]));
        Assert.Throws<ArgumentException>(() => file.ReadInterleaved(0, [0, 0], new float[3]));
    }
}
