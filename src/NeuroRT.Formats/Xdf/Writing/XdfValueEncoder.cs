using System.Buffers.Binary;

namespace NeuroRT.Formats.Xdf.Writing;

/// <summary>
/// One numeric value in a stream's declared format, little-endian. Integer formats round to nearest (ties to even,
/// as <see cref="Math.Round(double)"/>) and saturate at the format's range so that an out-of-range value is recorded
/// as the nearest representable one instead of wrapping around; NaN becomes 0.
/// </summary>
internal static class XdfValueEncoder
{
    public static int Write(Span<byte> into, int at, XdfChannelFormat format, float value)
    {
        if (format == XdfChannelFormat.Float32)
        {
            BinaryPrimitives.WriteSingleLittleEndian(into[at..], value);
            return at + 4;
        }

        return Write(into, at, format, (double)value);
    }

    public static int Write(Span<byte> into, int at, XdfChannelFormat format, double value)
    {
        switch (format)
        {
            case XdfChannelFormat.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(into[at..], (float)value);
                return at + 4;
            case XdfChannelFormat.Double64:
                BinaryPrimitives.WriteDoubleLittleEndian(into[at..], value);
                return at + 8;
            case XdfChannelFormat.Int8:
                into[at] = (byte)(sbyte)Saturate(value, sbyte.MinValue, sbyte.MaxValue);
                return at + 1;
            case XdfChannelFormat.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(into[at..], (short)Saturate(value, short.MinValue, short.MaxValue));
                return at + 2;
            case XdfChannelFormat.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(into[at..], (int)Saturate(value, int.MinValue, int.MaxValue));
                return at + 4;
            case XdfChannelFormat.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(into[at..], Saturate64(value));
                return at + 8;
            default:
                throw new InvalidOperationException($"{format} is not a numeric XDF format");
        }
    }

    private static long Saturate(double value, long min, long max)
    {
        if (double.IsNaN(value)) return 0;
        double rounded = Math.Round(value);
        return rounded <= min ? min : rounded >= max ? max : (long)rounded;
    }

    // 2^63 is not representable as a long, and (long) of a double at or above it is undefined: compare first.
    private static long Saturate64(double value)
    {
        if (double.IsNaN(value)) return 0;
        double rounded = Math.Round(value);
        return rounded >= 9223372036854775808.0 ? long.MaxValue : rounded <= -9223372036854775808.0 ? long.MinValue : (long)rounded;
    }
}
