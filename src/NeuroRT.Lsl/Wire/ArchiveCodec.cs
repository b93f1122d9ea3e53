namespace NeuroRT.Lsl.Wire;

/// <summary>
/// Primitives of the protocol 1.00 portable binary archive: integers as a signed size byte plus the
/// minimal little-endian two's-complement bytes (0 is the single byte 00), floats and doubles as their
/// IEEE bit patterns encoded as unsigned integers (NaN canonicalised on writing), strings as a length
/// integer plus bytes.
/// </summary>
public static class ArchiveCodec
{
    /// <summary>The archive header: magic 0x7F, version 9 (encoded as the integer <c>01 09</c>).</summary>
    public static ReadOnlySpan<byte> Header => [0x7F, 0x01, 0x09];

    /// <summary>Writes a signed integer; returns bytes written.</summary>
    public static int WriteInteger(Span<byte> destination, long value)
    {
        if (value == 0)
        {
            destination[0] = 0;
            return 1;
        }

        int n = 8;
        if (value > 0)
        {
            while (n > 1 && ((ulong)value >> (8 * (n - 1))) == 0) n--;
        }
        else
        {
            while (n > 1 && (value >> (8 * (n - 1))) == -1) n--;
        }

        destination[0] = (byte)(value > 0 ? n : -n);
        for (int i = 0; i < n; i++) destination[1 + i] = (byte)(value >> (8 * i));
        return n + 1;
    }

    /// <summary>Writes an unsigned integer (bit patterns of floats and doubles).</summary>
    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        if (value == 0)
        {
            destination[0] = 0;
            return 1;
        }

        int n = 8;
        while (n > 1 && (value >> (8 * (n - 1))) == 0) n--;
        destination[0] = (byte)n;
        for (int i = 0; i < n; i++) destination[1 + i] = (byte)(value >> (8 * i));
        return n + 1;
    }

    /// <summary>One-byte types always use a size of ±1 (0 stays the single byte 00).</summary>
    public static int WriteInt8(Span<byte> destination, sbyte value)
    {
        if (value == 0)
        {
            destination[0] = 0;
            return 1;
        }

        destination[0] = (byte)(value > 0 ? 1 : -1);
        destination[1] = (byte)value;
        return 2;
    }

    /// <summary>A float as its bit pattern (every NaN becomes 0x7FFFFFFF).</summary>
    public static int WriteFloat(Span<byte> destination, float value)
        => WriteUnsigned(destination, float.IsNaN(value) ? 0x7FFFFFFFu : BitConverter.SingleToUInt32Bits(value));

    /// <summary>A double as its bit pattern (every NaN becomes 0x7FFFFFFFFFFFFFFF).</summary>
    public static int WriteDouble(Span<byte> destination, double value)
        => WriteUnsigned(destination, double.IsNaN(value) ? 0x7FFFFFFFFFFFFFFFul : BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes a string (length integer + bytes).</summary>
    public static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        int pos = WriteInteger(destination, bytes.Length);
        bytes.CopyTo(destination[pos..]);
        return pos + bytes.Length;
    }

    /// <summary>Reads an integer; false when <paramref name="source"/> is too short. A size byte beyond ±8 is a protocol error.</summary>
    public static bool TryReadInteger(ReadOnlySpan<byte> source, ref int pos, out long value)
    {
        value = 0;
        if (pos >= source.Length) return false;
        int n = (sbyte)source[pos];
        if (n == 0)
        {
            pos++;
            return true;
        }

        int count = Math.Abs(n);
        if (count > 8) throw new LslProtocolException($"1.00 archive: integer size byte {n} is out of range -8..8");
        if (pos + 1 + count > source.Length) return false;
        ulong bits = 0;
        for (int i = 0; i < count; i++) bits |= (ulong)source[pos + 1 + i] << (8 * i);
        if (n < 0 && count < 8) bits |= ulong.MaxValue << (8 * count);
        value = (long)bits;
        pos += 1 + count;
        return true;
    }

    /// <summary>Reads a double stored as its bit pattern.</summary>
    public static bool TryReadDouble(ReadOnlySpan<byte> source, ref int pos, out double value)
    {
        bool ok = TryReadInteger(source, ref pos, out long bits);
        value = BitConverter.Int64BitsToDouble(bits);
        return ok;
    }

    /// <summary>Reads a float stored as its bit pattern.</summary>
    public static bool TryReadFloat(ReadOnlySpan<byte> source, ref int pos, out float value)
    {
        bool ok = TryReadInteger(source, ref pos, out long bits);
        value = BitConverter.Int32BitsToSingle((int)(uint)bits);
        return ok;
    }
}
