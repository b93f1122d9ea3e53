using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// Encodes samples in the protocol 1.10 layout, little-endian (the outlet's native order and the
/// form samples wait in in consumer queues): tag 0x01 (deduced) or 0x02 + timestamp, then the values.
/// Values given in another type are converted to the stream's format (float to int truncates, saturating).
/// </summary>
public static class SampleEncoder
{
    /// <summary>Tag of a sample whose timestamp the receiver deduces.</summary>
    public const byte TagDeduced = 1;

    /// <summary>Tag of a sample carrying its timestamp.</summary>
    public const byte TagTransmitted = 2;

    /// <summary>The timestamp value that means "deduce it".</summary>
    public const double DeducedTimestamp = -1.0;

    /// <summary>Bytes of a numeric sample with a transmitted timestamp.</summary>
    public static int NumericSize(ChannelFormat format, int channels) => 9 + channels * format.ValueSize();

    /// <summary>Writes the tag and (unless deduced) the timestamp; returns bytes written.</summary>
    public static int WriteHeader(Span<byte> destination, double timestamp)
    {
        if (timestamp == DeducedTimestamp)
        {
            destination[0] = TagDeduced;
            return 1;
        }

        destination[0] = TagTransmitted;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[1..], timestamp);
        return 9;
    }

    /// <summary>Encodes one numeric sample given as <typeparamref name="T"/> values; returns its length.</summary>
    public static int EncodeNumeric<T>(Span<byte> destination, double timestamp, ReadOnlySpan<T> values, ChannelFormat format)
        where T : unmanaged, INumberBase<T>
    {
        int pos = WriteHeader(destination, timestamp);
        var body = destination[pos..];
        switch (format)
        {
            case ChannelFormat.Float32:
                if (typeof(T) == typeof(float)) MemoryMarshal.AsBytes(values).CopyTo(body);
                else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body[(4 * i)..], float.CreateSaturating(values[i]));
                return pos + 4 * values.Length;
            case ChannelFormat.Double64:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(body[(8 * i)..], double.CreateSaturating(values[i]));
                return pos + 8 * values.Length;
            case ChannelFormat.Int32:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(body[(4 * i)..], int.CreateSaturating(values[i]));
                return pos + 4 * values.Length;
            case ChannelFormat.Int16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(body[(2 * i)..], short.CreateSaturating(values[i]));
                return pos + 2 * values.Length;
            case ChannelFormat.Int8:
                for (int i = 0; i < values.Length; i++) body[i] = (byte)sbyte.CreateSaturating(values[i]);
                return pos + values.Length;
            case ChannelFormat.Int64:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(body[(8 * i)..], long.CreateSaturating(values[i]));
                return pos + 8 * values.Length;
            default:
                throw new InvalidOperationException($"a {format.Name()} stream takes string samples, not numbers");
        }
    }

    /// <summary>Bytes a string sample needs.</summary>
    public static int StringSize(ReadOnlySpan<string> values)
    {
        int size = 9;
        foreach (string value in values)
        {
            int length = Encoding.UTF8.GetByteCount(value);
            size += (length <= byte.MaxValue ? 2 : 5) + length;
        }

        return size;
    }

    /// <summary>Encodes one string sample (UTF-8; length field 1 byte up to 255, else 4 bytes); returns its length.</summary>
    public static int EncodeStrings(Span<byte> destination, double timestamp, ReadOnlySpan<string> values)
    {
        int pos = WriteHeader(destination, timestamp);
        foreach (string value in values)
        {
            int length = Encoding.UTF8.GetByteCount(value);
            if (length <= byte.MaxValue)
            {
                destination[pos++] = 1;
                destination[pos++] = (byte)length;
            }
            else
            {
                destination[pos++] = 4;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[pos..], (uint)length);
                pos += 4;
            }

            pos += Encoding.UTF8.GetBytes(value, destination[pos..]);
        }

        return pos;
    }

    /// <summary>Encodes the test pattern with offset <paramref name="offset"/> (always tag 2, timestamp 123456.789).</summary>
    public static int EncodeTestPattern(Span<byte> destination, ChannelFormat format, int channels, int offset)
    {
        if (format == ChannelFormat.String)
        {
            var texts = new string[channels];
            for (int k = 0; k < channels; k++) texts[k] = TestPattern.StringValue(k);
            return EncodeStrings(destination, TestPattern.Timestamp, texts);
        }

        var values = new double[channels];
        for (int k = 0; k < channels; k++) values[k] = TestPattern.NumericValue(format, k, offset);
        return EncodeNumeric<double>(destination, TestPattern.Timestamp, values, format);
    }
}
