using System.Text;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;
using NeuroRT.Formats.BrainVision;
using Xunit;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>Markers the source's marker channel cannot carry are counted and named, never dropped silently; ANSI headers decode.</summary>
public sealed class BrainVisionMarkerChannelTests : IDisposable
{
    private readonly BrainVisionTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Markers_past_the_end_or_on_a_taken_sample_are_counted_with_warnings()
    {
        string vhdr = _files.Header("Ch1=A\r\n", 1);
        string vmrk = _files.Markers(
            "Mk1=Stimulus,S  1,2,1,0\r\nMk2=Stimulus,S  2,2,1,0\r\nMk3=Comment,0,3,1,0\r\nMk4=Stimulus,S  1,9,1,0\r\nMk5=Stimulus,S  2,4,1,0\r\n");
        _files.Data(BrainVisionTestFiles.Int16(10, 20, 30, 40));
        using var source = new BrainVisionSource { Path = vhdr, Speed = 0, Chunk = 0.001, Markers = "events" };
        source.Open();
        var ring = new SampleRing(2, 4);

        source.Run(ring, CancellationToken.None);
        using var block = new SampleBlock(2, 1, 5);
        Assert.Equal(4, ring.Read(block, 5));

        var channel = source.MarkerChannel!;
        // Texts get codes 1, 2, 3 in order of first use; "Comment/0" is not the number 0 (it holds a '/'), so it is coded too.
        Assert.Equal([10f, 0f, 20f, 1f, 30f, 3f, 40f, 2f], block.Values.ToArray());
        Assert.Equal(1, channel.Outside);
        Assert.Equal(1, channel.SameSample);
        Assert.Equal(2, channel.Warnings.Count);
        Assert.Contains($"{vmrk}: markers after the last sample (4): 1 (first: Mk4 'Stimulus/S  1' at position 9)", channel.Warnings[0]);
        Assert.Contains("Mk2 'Stimulus/S  2' at position 2", channel.Warnings[1]);
    }

    [Fact]
    public void Headers_without_a_UTF_8_codepage_are_read_as_ANSI()
    {
        byte[] header = Encoding.Latin1.GetBytes(
            "Brain Vision Data Exchange Header File Version 1.0\r\n[Common Infos]\r\nDataFile=ansi.eeg\r\nDataFormat=BINARY\r\n"
            + "DataOrientation=MULTIPLEXED\r\nNumberOfChannels=1\r\nSamplingInterval=4000\r\n[Binary Infos]\r\nBinaryFormat=INT_16\r\n"
            + "[Channel Infos]\r\nCh1=Fp1,,0.1,\u00b5V\r\n");
        Assert.Contains((byte)0xB5, header); // one byte, as Windows-1252 writes 'µ'
        string vhdr = _files.Write("ansi.vhdr", header);
        _files.Data(BrainVisionTestFiles.Int16(5), "ansi");
        using var file = BrainVisionFile.Open(vhdr);

        Assert.Equal("µV", file.Channels[0].Unit);
        Assert.Equal(250.0, file.SamplingRate);
        Assert.Empty(file.Markers);
    }
}
