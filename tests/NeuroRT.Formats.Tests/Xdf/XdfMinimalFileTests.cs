using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>minimal.xdf against the values its own documentation (minimal.md of xdf-modules/example-files) lists.</summary>
public sealed class XdfMinimalFileTests
{
    private static XdfFile Minimal => XdfFile.Read(SharedData.File("xdf", "example-files", "minimal.xdf"));

    [Fact]
    public void Int16_stream_has_the_documented_samples_and_time_stamps()
    {
        XdfStream s = Minimal.StreamById(0);

        double[] expected =
        [
            192, 255, 238, 12, 22, 32, 13, 23, 33, 14, 24, 34, 15, 25, 35,
            12, 22, 32, 13, 23, 33, 14, 24, 34, 15, 25, 35,
        ];
        Assert.Equal(expected, s.NumericValues);
        for (int k = 0; k < 9; k++)
        {
            Assert.Equal(5.1 + (0.1 * k), s.RawTimestamps[k], 1e-9);
        }
    }

    [Fact]
    public void Two_equal_clock_offsets_shift_every_stamp_by_that_offset()
    {
        XdfStream s = Minimal.StreamById(0);

        // The ClockOffset chunks (the footer XML quoted in minimal.md lists other values; the chunks are what counts).
        Assert.Equal([new XdfClockOffset(6.1, -0.1), new XdfClockOffset(7.1, -0.1)], s.ClockOffsets);
        XdfClockFit fit = Assert.Single(s.ClockFits);
        Assert.Equal(0, fit.Slope, 1e-12);
        Assert.Equal(-0.1, fit.Intercept, 1e-12);
        Assert.Equal(0, s.ClockResets);
        for (int k = 0; k < 9; k++)
        {
            Assert.Equal(5.0 + (0.1 * k), s.Timestamps[k], 1e-9);
        }
    }

    [Fact]
    public void String_stream_holds_the_xml_sample_and_the_words_and_keeps_raw_stamps_without_clock_offsets()
    {
        XdfStream s = Minimal.StreamById(46202862);

        Assert.StartsWith("<?xml", s.StringValues[0].TrimStart());
        Assert.Equal(["Hello", "World", "from", "LSL", "Hello", "World", "from", "LSL"], s.StringValues[1..]);
        Assert.Empty(s.ClockFits);
        Assert.Equal(s.RawTimestamps, s.Timestamps);
        Assert.Equal(5.9, s.RawTimestamps[^1], 1e-9);
        Assert.Contains("<sample_count>9</sample_count>", s.FooterXml);
    }
}
