using NeuroRT.Formats.Tests.Xdf.Support;
using NeuroRT.Formats.Xdf;
using static NeuroRT.Formats.Tests.Xdf.Support.XdfTestFileBuilder;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>
/// Malformed files: each a clear <see cref="XdfFormatException"/> with the byte offset, or a truncation warning,
/// never a crash or a huge allocation. Cases already covered elsewhere are not repeated here:
/// <see cref="XdfChunkLayoutTests.Missing_magic_is_an_error_at_byte_0"/> (wrong magic),
/// <see cref="XdfChunkLayoutTests.Bad_length_field_size_names_the_chunk_offset"/>,
/// <see cref="XdfChunkLayoutTests.Bad_header_values_are_errors_naming_the_field"/> (channel_count 0, bad format, bad XML),
/// <see cref="XdfTruncationTests.File_cut_before_its_file_header_is_whole_is_an_error"/> (truncated file header),
/// <see cref="XdfTruncationTests.Cut_at_every_byte_of_the_last_chunk_reads_the_whole_chunks_before_it"/> (last chunk cut),
/// <see cref="XdfTruncationTests.Absurd_sample_count_is_an_error_before_any_allocation_for_it"/> and
/// <see cref="XdfTruncationTests.Absurd_channel_count_is_an_error_before_any_allocation_for_it"/> (numeric stream).
/// </summary>
public sealed class XdfMalformedFileTests
{
    [Theory]
    [InlineData("")]
    [InlineData("XDF")]
    [InlineData("xdf:")]
    [InlineData("<?xml version=\"1.0\"?>")]
    public void Short_or_wrong_magic_is_an_error_at_byte_0(string start)
    {
        byte[] bytes = [.. System.Text.Encoding.ASCII.GetBytes(start), .. new XdfTestFileBuilder(magic: false).FileHeader().Build()];
        if (start.Length < 4) bytes = System.Text.Encoding.ASCII.GetBytes(start);

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "magic.xdf"));

        Assert.Equal(0, error.ByteOffset);
        Assert.StartsWith("magic.xdf: byte 0: not an XDF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_header_cut_short_is_a_truncation_warning_at_its_offset()
    {
        var builder = new XdfTestFileBuilder().FileHeader();
        long at = builder.Position;
        byte[] full = builder.StreamHeader(1, "S", 2, 10, "float32").Build();

        XdfFile xdf = XdfFile.Parse(full.AsSpan(0, full.Length - 10), "header.xdf");

        string warning = Assert.Single(xdf.Warnings);
        Assert.StartsWith($"header.xdf: byte {at}: chunk declares ", warning, StringComparison.Ordinal);
        Assert.Contains("cut short", warning, StringComparison.Ordinal);
        Assert.Empty(xdf.Streams);
    }

    [Theory]
    [InlineData(4, 0xFFFF_FFFFUL)]
    [InlineData(8, ulong.MaxValue)]
    [InlineData(8, (ulong)long.MaxValue + 1)]
    public void A_chunk_length_past_the_end_of_the_file_is_a_warning_naming_the_chunk_without_a_huge_allocation(int lengthSize, ulong length)
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 10, "int8").Samples(1, 1, Sample(1, [7]));
        long at = builder.Position;
        byte[] bytes = [.. builder.Build(), .. VariableLength(length, lengthSize), 3, 0, .. U32(1), 1, 1, 8, .. F64(2), 8];

        long before = GC.GetAllocatedBytesForCurrentThread();
        XdfFile xdf = XdfFile.Parse(bytes, "long.xdf");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        string warning = Assert.Single(xdf.Warnings);
        Assert.StartsWith($"long.xdf: byte {at}: chunk declares {length} bytes but only ", warning, StringComparison.Ordinal);
        Assert.Equal([7.0], xdf.Streams.Single().NumericValues);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a corrupt chunk length");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_chunk_length_too_short_for_its_tag_is_an_error_at_the_chunk(int length)
    {
        var builder = new XdfTestFileBuilder().FileHeader();
        long at = builder.Position;
        byte[] bytes = [.. builder.Build(), 1, (byte)length, 3, 0];

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "short.xdf"));

        Assert.Equal(at, error.ByteOffset);
        Assert.Contains($"chunk length {length} is too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_channel_count_of_a_string_stream_is_an_error_before_any_allocation_for_it()
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "M", int.MaxValue, 0, "string");
        long samplesAt = builder.Position;
        byte[] bytes = builder.Samples(1, 1, Sample(1, [.. StringValue("go")])).Build();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "strings.xdf"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains($"{int.MaxValue} channels", error.Message, StringComparison.Ordinal);
        Assert.True(error.ByteOffset > samplesAt, $"offset {error.ByteOffset} is not inside the samples chunk at {samplesAt}");
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a corrupt channel count");
    }

    [Fact]
    public void An_absurd_channel_count_without_samples_reads_as_an_empty_stream_without_allocating_for_it()
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", int.MaxValue, 10, "double64")
            .ClockOffset(1, 1, 0.25).StreamFooter(1).Build();

        long before = GC.GetAllocatedBytesForCurrentThread();
        XdfStream s = XdfFile.Parse(bytes, "wide.xdf").Streams.Single();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(int.MaxValue, s.Info.ChannelCount);
        Assert.Equal(0, s.SampleCount);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for an empty stream");
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("-3")]
    [InlineData("1e9")]
    public void A_channel_count_that_is_not_a_positive_int_is_an_error_naming_the_field_and_the_header_offset(string count)
    {
        var builder = new XdfTestFileBuilder().FileHeader();
        long at = builder.Position;
        byte[] bytes = builder.Chunk(2, [.. U32(4), .. System.Text.Encoding.UTF8.GetBytes(
            $"<info><name>S</name><channel_count>{count}</channel_count><nominal_srate>1</nominal_srate><channel_format>int8</channel_format></info>")]).Build();

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "count.xdf"));

        Assert.Equal(at, error.ByteOffset);
        Assert.Contains($"stream 4: channel_count '{count}' is not a positive integer", error.Message, StringComparison.Ordinal);
    }
}
