using NeuroRT.Formats.Tests.Xdf.Support;
using NeuroRT.Formats.Xdf;
using static NeuroRT.Formats.Tests.Xdf.Support.XdfTestFileBuilder;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>A file cut anywhere reads up to its last whole chunk with a warning; corrupt counts fail without huge allocations.</summary>
public sealed class XdfTruncationTests
{
    [Fact]
    public void Cut_at_every_byte_of_the_last_chunk_reads_the_whole_chunks_before_it()
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 2, 10, "int16")
            .Samples(1, 1, Sample(1, [1, 0, 2, 0]))
            .ClockOffset(1, 1, 0.5);
        long lastChunk = builder.Position;
        byte[] full = builder.Samples(1, 2, [.. Sample(2, [3, 0, 4, 0]), .. Sample(null, [5, 0, 6, 0])], lengthSize: 8).Build();

        for (long cut = lastChunk + 1; cut < full.Length; cut++)
        {
            XdfFile xdf = XdfFile.Parse(full.AsSpan(0, (int)cut), "cut.xdf");

            string warning = Assert.Single(xdf.Warnings);
            Assert.StartsWith($"cut.xdf: byte {lastChunk}: ", warning);
            XdfStream s = Assert.Single(xdf.Streams);
            Assert.Equal([1.0, 2.0], s.NumericValues);
            Assert.Equal([1.5], s.Timestamps);
            Assert.False(s.HasFooter);
        }

        Assert.Equal(3, XdfFile.Parse(full, "full.xdf").Streams[0].SampleCount);
    }

    [Fact]
    public void Cut_between_chunks_reads_everything_without_a_warning()
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 10, "int8").Samples(1, 1, Sample(1, [9])).Build();

        XdfFile xdf = XdfFile.Parse(bytes, "whole.xdf");

        Assert.Empty(xdf.Warnings);
        Assert.Equal([9.0], xdf.Streams[0].NumericValues);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(20)]
    public void File_cut_before_its_file_header_is_whole_is_an_error(int length)
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().Build()[..length];

        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "header.xdf"));

        Assert.Equal(4, error.ByteOffset);
        Assert.Contains("first whole chunk", error.Message);
    }

    [Fact]
    public void Absurd_sample_count_is_an_error_before_any_allocation_for_it()
    {
        var builder = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 8, 10, "float32");
        byte[] bytes = builder.Samples(1, int.MaxValue, Sample(1, new byte[32]), countSize: 4).Build();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "count.xdf"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains($"{int.MaxValue} samples", error.Message);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a corrupt count");
    }

    [Fact]
    public void Absurd_channel_count_is_an_error_before_any_allocation_for_it()
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", int.MaxValue, 10, "double64")
            .Samples(1, 1, Sample(1, new byte[16]))
            .Build();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<XdfFormatException>(() => XdfFile.Parse(bytes, "channels.xdf"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("stream 1", error.Message);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a corrupt channel count");
    }
}
