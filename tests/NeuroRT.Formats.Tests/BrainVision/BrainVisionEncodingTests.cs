using NeuroRT.Formats.BrainVision;
using Xunit;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>Binary formats, orientations, scaling and the "\1" comma escape, on small synthetic recordings.</summary>
public sealed class BrainVisionEncodingTests : IDisposable
{
    private readonly BrainVisionTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string TwoChannels = "Ch1=A,REF,0.5,µV\r\nCh2=B,,2,mV\r\n";

    [Fact]
    public void Int16_multiplexed_is_scaled_by_resolution()
    {
        string vhdr = _files.Header(TwoChannels, 2, markerFile: false);
        _files.Data(BrainVisionTestFiles.Int16(1, -1, short.MaxValue, short.MinValue, 0, 3));
        using var file = BrainVisionFile.Open(vhdr);
        var values = new float[6];

        file.ReadInterleaved(0, values);

        Assert.Equal(3, file.SampleCount);
        Assert.Equal([0.5f, -2f, 16383.5f, -65536f, 0f, 6f], values);
        Assert.Equal("REF", file.Channels[0].Reference);
        Assert.Equal("mV", file.Channels[1].Unit);
        Assert.Empty(file.Markers);
    }

    [Fact]
    public void Int32_keeps_the_full_range()
    {
        string vhdr = _files.Header("Ch1=A,,1\r\nCh2=B,,0.25\r\n", 2, binaryFormat: "INT_32");
        _files.Markers("");
        _files.Data(BrainVisionTestFiles.Int32(int.MaxValue, -4, 123456789, int.MinValue));
        using var file = BrainVisionFile.Open(vhdr);
        var values = new float[4];

        file.ReadInterleaved(0, values);

        Assert.Equal([(float)int.MaxValue, -1f, 123456789f, (float)(int.MinValue * 0.25)], values);
    }

    [Fact]
    public void Float32_vectorized_is_channel_major_on_disk()
    {
        // Channel 1 holds 1,2,3; channel 2 holds 10,20,30: stored one channel after the other.
        string vhdr = _files.Header("Ch1=A,,1,µV\r\nCh2=B,,0.1,µV\r\n", 2, binaryFormat: "IEEE_FLOAT_32", orientation: "VECTORIZED", interval: "2000");
        _files.Markers("");
        _files.Data(BrainVisionTestFiles.Float32(1, 2, 3, 10, 20, 30));
        using var file = BrainVisionFile.Open(vhdr);
        var values = new float[4];
        var channel = new float[3];

        file.ReadInterleaved(1, values);
        file.ReadChannel(1, 0, channel);

        Assert.Equal(500.0, file.SamplingRate);
        Assert.Equal(3, file.SampleCount);
        Assert.Equal([2f, (float)(20 * 0.1), 3f, (float)(30 * 0.1)], values);
        Assert.Equal([(float)(10 * 0.1), (float)(20 * 0.1), (float)(30 * 0.1)], channel);
    }

    [Fact]
    public void Vectorized_reads_longer_than_the_read_buffer_are_whole()
    {
        const int n = 70_000; // more than the 64 KiB read buffer holds per channel
        var raw = new short[2 * n];
        for (int i = 0; i < n; i++)
        {
            raw[i] = (short)(i % 30000);
            raw[n + i] = (short)(-(i % 20000));
        }

        string vhdr = _files.Header("Ch1=A,,1\r\nCh2=B,,1\r\n", 2, orientation: "VECTORIZED", markerFile: false);
        _files.Data(BrainVisionTestFiles.Int16(raw));
        using var file = BrainVisionFile.Open(vhdr);
        var values = new float[2 * n];

        file.ReadInterleaved(0, values);

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(raw[i], values[2 * i]);
            Assert.Equal(raw[n + i], values[2 * i + 1]);
        }
    }

    [Fact]
    public void Escaped_commas_in_names_and_marker_texts_become_commas()
    {
        string vhdr = _files.Header("Ch1=Fp1\\1left,Cz\\1avg,0.5,µV\r\n", 1);
        _files.Markers("Mk1=Comment,hello\\1 world,3,1,0\r\nMk2=Stimulus,S  1,1,1,1\r\n");
        _files.Data(BrainVisionTestFiles.Int16(1, 2, 3));
        using var file = BrainVisionFile.Open(vhdr);

        Assert.Equal("Fp1,left", file.Channels[0].Name);
        Assert.Equal("Cz,avg", file.Channels[0].Reference);
        Assert.Equal(new BrainVisionMarker(1, "Comment", "hello, world", 2, 1, 0, ""), file.Markers[0]);
        Assert.Equal(new BrainVisionMarker(2, "Stimulus", "S  1", 0, 1, 1, ""), file.Markers[1]);
    }

    [Fact]
    public void Dollar_b_in_file_names_stands_for_the_headers_base_name()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1, name: "session7");
        File.WriteAllText(vhdr, File.ReadAllText(vhdr).Replace("DataFile=session7.eeg", "DataFile=$b.eeg").Replace("MarkerFile=session7.vmrk", "MarkerFile=$b.vmrk"));
        _files.Markers("Mk1=Stimulus,S  1,1,1,0\r\n", "session7");
        _files.Data(BrainVisionTestFiles.Int16(4, 5), "session7");
        using var file = BrainVisionFile.Open(vhdr);

        Assert.Equal(Path.Combine(_files.Folder, "session7.eeg"), file.Header.DataFile);
        Assert.Equal(Path.Combine(_files.Folder, "session7.vmrk"), file.Header.MarkerFile);
        Assert.Equal(2, file.SampleCount);
        Assert.Single(file.Markers);
    }

    [Fact]
    public void Missing_resolution_means_one()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1, markerFile: false);
        _files.Data(BrainVisionTestFiles.Int16(-7));
        using var file = BrainVisionFile.Open(vhdr);
        var values = new float[1];

        file.ReadInterleaved(0, values);

        Assert.Equal(new BrainVisionChannel("A", "", 1.0, "µV"), file.Channels[0]);
        Assert.Equal(-7f, values[0]);
    }
}
