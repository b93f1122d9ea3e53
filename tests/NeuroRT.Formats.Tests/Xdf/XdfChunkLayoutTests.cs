using NeuroRT.Formats.Tests.Xdf.Support;
using NeuroRT.Formats.Xdf;
using static NeuroRT.Formats.Tests.Xdf.Support.XdfTestFileBuilder;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>Chunk framing of XDF 1.0 on hand-made bytes: magic, length-field sizes, every tag, errors with offsets.</summary>
public sealed class XdfChunkLayoutTests
{
    private static byte[] Int16Sample(double? stamp, short a) => Sample(stamp, BitConverter.GetBytes(a));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Every_chunk_type_reads_with_each_length_field_size(int lengthSize)
    {
        byte[] bytes = new XdfTestFileBuilder()
            .FileHeader(lengthSize)
            .StreamHeader(7, "S", 1, 100, "int16", lengthSize: lengthSize <= 1 ? 4 : lengthSize)
            .Boundary()
            .Samples(7, 2, [.. Int16Sample(1.0, -5), .. Int16Sample(null, 300)], lengthSize: lengthSize)
            .ClockOffset(7, 1.5, 0.25)
            .StreamFooter(7)
            .Build();

        XdfFile xdf = XdfFile.Parse(bytes, "layout.xdf");

        Assert.Empty(xdf.Warnings);
        Assert.Contains("<version>1.0</version>", xdf.FileHeaderXml);
        XdfStream s = Assert.Single(xdf.Streams);
        Assert.Equal((7u, "S", 1, 100.0, XdfChannelFormat.Int16), (s.Id, s.Info.Name, s.Info.ChannelCount, s.Info.NominalRate, s.Info.Format));
        Assert.Equal([-5.0, 300.0], s.NumericValues);
        Assert.Equal([1.0, 1.01], s.RawTimestamps);
        Assert.Equal([new XdfClockOffset(1.5, 0.25)], s.ClockOffsets);
        Assert.Equal([1.25, 1.26], s.Timestamps);
        Assert.True(s.HasFooter);
        Assert.Equal("<?xml version=\"1.0\"?><info/>", s.FooterXml);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Sample_count_reads_with_each_size(int countSize)
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 0, "int16")
            .Samples(1, 3, [.. Int16Sample(2, 1), .. Int16Sample(3, 2), .. Int16Sample(4, 3)], countSize)
            .Build();

        XdfStream s = XdfFile.Parse(bytes, "count.xdf").Streams[0];

        Assert.Equal([1.0, 2.0, 3.0], s.NumericValues);
        Assert.Equal([2.0, 3.0, 4.0], s.RawTimestamps);
        Assert.False(s.HasFooter);
    }

    [Fact]
    public void Channel_labels_come_from_desc_channels()
    {
        const string desc = "<desc><channels><channel><label>C3</label></channel><channel><label> C4 </label></channel></channels></desc>";
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "EEG", 2, 250, "float32", desc).Build();

        XdfStream s = XdfFile.Parse(bytes, "labels.xdf").Streams[0];

        Assert.Equal(["C3", "C4"], s.Info.ChannelLabels);
        Assert.Equal(0, s.SampleCount);
        Assert.Empty(s.NumericValues);
    }

    [Fact]
    public void Missing_magic_is_an_error_at_byte_0()
    {
        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse("EDF:xxxx"u8, "wrong.xdf"));

        Assert.Equal(0, error.ByteOffset);
        Assert.Contains("wrong.xdf: byte 0:", error.Message);
        Assert.Contains("XDF:", error.Message);
    }

    [Fact]
    public void Bad_length_field_size_names_the_chunk_offset()
    {
        var builder = new XdfTestFileBuilder().FileHeader();
        long at = builder.Position;
        byte[] bytes = [.. builder.Build(), 2, 0, 0];

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "bad.xdf"));

        Assert.Equal(at, error.ByteOffset);
        Assert.Contains("must be 1, 4 or 8", error.Message);
    }

    [Fact]
    public void Samples_before_their_stream_header_are_an_error_naming_stream_and_offset()
    {
        var builder = new XdfTestFileBuilder().FileHeader();
        long at = builder.Position;
        byte[] bytes = builder.Samples(9, 1, Int16Sample(1, 1)).Build();

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "orphan.xdf"));

        Assert.Equal(at, error.ByteOffset);
        Assert.Contains("stream 9", error.Message);
    }

    [Fact]
    public void Sample_values_running_past_the_chunk_end_are_an_error_with_the_offset()
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 2, 10, "int32");
        long chunk = builder.Position;
        // Two int32 channels need 8 value bytes; only 4 are written, so the one sample overruns its chunk.
        byte[] bytes = builder.Samples(1, 1, Sample(1, new byte[4])).Build();

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "short.xdf"));

        Assert.True(error.ByteOffset > chunk, $"offset {error.ByteOffset} should lie inside the chunk at {chunk}");
        Assert.Contains("short.xdf", error.Message);
        Assert.Contains("stream 1", error.Message);
    }

    [Fact]
    public void Bad_time_stamp_size_is_an_error_naming_the_sample()
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 10, "int8")
            .Samples(1, 2, [8, .. F64(1), 5, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6])
            .Build();

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "stamp.xdf"));

        Assert.Contains("sample 1", error.Message);
        Assert.Contains("must be 0 or 8", error.Message);
    }

    [Fact]
    public void Bad_header_values_are_errors_naming_the_field()
    {
        byte[] format = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 10, "uint8").Build();
        byte[] channels = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 0, 10, "int8").Build();
        byte[] xml = new XdfTestFileBuilder().FileHeader().Chunk(2, [.. U32(1), .. "<info><name>"u8.ToArray()]).Build();

        Assert.Contains("channel_format 'uint8'", Assert.Throws<XdfFormatException>(() => XdfFile.Parse(format, "f.xdf")).Message);
        Assert.Contains("channel_count '0'", Assert.Throws<XdfFormatException>(() => XdfFile.Parse(channels, "c.xdf")).Message);
        Assert.Contains("not well-formed XML", Assert.Throws<XdfFormatException>(() => XdfFile.Parse(xml, "x.xdf")).Message);
    }

    [Fact]
    public void Unknown_chunk_tags_are_skipped_with_a_warning()
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 10, "int8");
        long at = builder.Position;
        byte[] bytes = builder.Chunk(42, [1, 2, 3]).Samples(1, 1, Sample(1, [7])).Build();

        XdfFile xdf = XdfFile.Parse(bytes, "unknown.xdf");

        Assert.Equal($"unknown.xdf: byte {at}: unknown chunk tag 42 skipped", Assert.Single(xdf.Warnings));
        Assert.Equal([7.0], xdf.Streams[0].NumericValues);
    }
}
