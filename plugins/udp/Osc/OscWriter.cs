using System.Buffers.Binary;
using System.Text;

namespace NeuroRT.Plugins.Udp.Osc;

/// <summary>
/// OSC 1.0 atoms written into a caller's buffer: every atom is big-endian and a multiple of 4 bytes; strings end with
/// at least one NUL and are NUL-padded to the next multiple of 4. Each method returns the new write position.
/// </summary>
public static class OscWriter
{
    /// <summary>Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01): 70 years with 17 leap days.</summary>
    public const double NtpUnixOffsetSeconds = 2_208_988_800.0;

    /// <summary>Bytes an OSC string of <paramref name="utf8Length"/> bytes takes: the bytes, one NUL, padding to 4.</summary>
    public static int StringSize(int utf8Length) => (utf8Length + 4) & ~3;

    /// <summary>Writes an OSC string (UTF-8 bytes already encoded).</summary>
    public static int WriteString(Span<byte> buffer, int pos, ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(buffer[pos..]);
        int end = pos + StringSize(utf8.Length);
        buffer[(pos + utf8.Length)..end].Clear();
        return end;
    }

    /// <summary>Writes an OSC string from text (UTF-8, no allocation).</summary>
    public static int WriteString(Span<byte> buffer, int pos, ReadOnlySpan<char> text)
    {
        int length = Encoding.UTF8.GetBytes(text, buffer[pos..]);
        int end = pos + StringSize(length);
        buffer[(pos + length)..end].Clear();
        return end;
    }

    /// <summary>Writes an int32 ('i').</summary>
    public static int WriteInt32(Span<byte> buffer, int pos, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer[pos..], value);
        return pos + 4;
    }

    /// <summary>Writes an int64 ('h').</summary>
    public static int WriteInt64(Span<byte> buffer, int pos, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer[pos..], value);
        return pos + 8;
    }

    /// <summary>Writes a float32 ('f').</summary>
    public static int WriteFloat32(Span<byte> buffer, int pos, float value)
    {
        BinaryPrimitives.WriteSingleBigEndian(buffer[pos..], value);
        return pos + 4;
    }

    /// <summary>Writes a float64 ('d').</summary>
    public static int WriteFloat64(Span<byte> buffer, int pos, double value)
    {
        BinaryPrimitives.WriteDoubleBigEndian(buffer[pos..], value);
        return pos + 8;
    }

    /// <summary>Writes an OSC timetag ('t'): NTP format, 32-bit seconds since 1900 then a 32-bit binary fraction.</summary>
    public static int WriteTimetag(Span<byte> buffer, int pos, ulong ntp)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer[pos..], ntp);
        return pos + 8;
    }

    /// <summary>
    /// The NTP timetag of <paramref name="secondsSince1900"/>. The fraction is rounded to the nearest 2^-32 s; times
    /// before 1900 or past 2036 (the 32-bit era) cannot be written and give 1, OSC's "immediately".
    /// </summary>
    public static ulong ToTimetag(double secondsSince1900)
    {
        if (!(secondsSince1900 >= 0) || secondsSince1900 >= 4_294_967_296.0) return 1;
        double whole = Math.Floor(secondsSince1900);
        double fraction = Math.Round((secondsSince1900 - whole) * 4_294_967_296.0);
        ulong seconds = (ulong)whole;
        if (fraction >= 4_294_967_296.0)
        {
            seconds++;
            fraction = 0;
        }

        return (seconds << 32) | (ulong)fraction;
    }
}
