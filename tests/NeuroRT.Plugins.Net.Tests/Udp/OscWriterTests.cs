using NeuroRT.Plugins.Udp.Osc;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>OSC 1.0 atoms against bytes written out by hand from the spec's rules.</summary>
public sealed class OscWriterTests
{
    [Theory]
    [InlineData("", new byte[] { 0, 0, 0, 0 })]
    [InlineData("osc", new byte[] { 0x6F, 0x73, 0x63, 0 })]
    [InlineData("data", new byte[] { 0x64, 0x61, 0x74, 0x61, 0, 0, 0, 0 })]
    [InlineData(",fff", new byte[] { 0x2C, 0x66, 0x66, 0x66, 0, 0, 0, 0 })]
    [InlineData("/a/bc", new byte[] { 0x2F, 0x61, 0x2F, 0x62, 0x63, 0, 0, 0 })]
    public void Strings_end_with_a_NUL_and_are_padded_to_four(string text, byte[] expected)
    {
        var buffer = new byte[16];
        buffer.AsSpan().Fill(0xAA);
        int end = OscWriter.WriteString(buffer, 0, text.AsSpan());
        Assert.Equal(expected, buffer[..end]);
        Assert.Equal(expected.Length, OscWriter.StringSize(text.Length));
    }

    [Fact]
    public void Numbers_are_big_endian()
    {
        var buffer = new byte[8];
        Assert.Equal(4, OscWriter.WriteInt32(buffer, 0, 1000));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x03, 0xE8 }, buffer[..4]);
        Assert.Equal(4, OscWriter.WriteInt32(buffer, 0, -2));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFE }, buffer[..4]);
        Assert.Equal(4, OscWriter.WriteFloat32(buffer, 0, 1.0f));
        Assert.Equal(new byte[] { 0x3F, 0x80, 0x00, 0x00 }, buffer[..4]);
        Assert.Equal(4, OscWriter.WriteFloat32(buffer, 0, -0.5f));
        Assert.Equal(new byte[] { 0xBF, 0x00, 0x00, 0x00 }, buffer[..4]);
        Assert.Equal(8, OscWriter.WriteInt64(buffer, 0, 0x0102030405060708));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, buffer);
        Assert.Equal(8, OscWriter.WriteFloat64(buffer, 0, 1.0));
        Assert.Equal(new byte[] { 0x3F, 0xF0, 0, 0, 0, 0, 0, 0 }, buffer);
        Assert.Equal(8, OscWriter.WriteFloat64(buffer, 0, 0.1));
        Assert.Equal(new byte[] { 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A }, buffer);
    }

    [Fact]
    public void Timetags_are_NTP_seconds_and_a_binary_fraction()
    {
        var buffer = new byte[8];
        OscWriter.WriteTimetag(buffer, 0, OscWriter.ToTimetag(1.5));
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0x80, 0, 0, 0 }, buffer);
        // The Unix epoch is NTP second 2 208 988 800 = 0x83AA7E80.
        OscWriter.WriteTimetag(buffer, 0, OscWriter.ToTimetag(OscWriter.NtpUnixOffsetSeconds + 0.25));
        Assert.Equal(new byte[] { 0x83, 0xAA, 0x7E, 0x80, 0x40, 0, 0, 0 }, buffer);
        // Out of the 32-bit era: OSC's "immediately" (1).
        Assert.Equal(1UL, OscWriter.ToTimetag(-3));
        Assert.Equal(1UL, OscWriter.ToTimetag(double.NaN));
        Assert.Equal(1UL, OscWriter.ToTimetag(5e9));
        // A fraction that rounds up to a whole second carries into the seconds.
        Assert.Equal(3UL << 32, OscWriter.ToTimetag(3 - 1e-12));
    }
}
