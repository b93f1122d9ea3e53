using System.Buffers.Binary;
using System.Text;

namespace NeuroRT.Formats.Tests.Xdf.Support;

/// <summary>Writes small XDF 1.0 files byte by byte, so each test states exactly the chunk layout it reads.</summary>
public sealed class XdfTestFileBuilder
{
    private readonly MemoryStream _bytes = new();

    public XdfTestFileBuilder(bool magic = true)
    {
        if (magic)
        {
            _bytes.Write("XDF:"u8);
        }
    }

    /// <summary>Byte offset of the next chunk.</summary>
    public long Position => _bytes.Length;

    /// <summary>Appends a chunk: length-field size byte, length (tag + content), tag, content.</summary>
    public XdfTestFileBuilder Chunk(ushort tag, ReadOnlySpan<byte> content, int lengthSize = 4)
    {
        _bytes.Write(VariableLength((ulong)content.Length + 2, lengthSize));
        Span<byte> tagBytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(tagBytes, tag);
        _bytes.Write(tagBytes);
        _bytes.Write(content);
        return this;
    }

    public XdfTestFileBuilder FileHeader(int lengthSize = 4) =>
        Chunk(1, Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><info><version>1.0</version></info>"), lengthSize);

    public XdfTestFileBuilder StreamHeader(uint id, string name, int channels, double rate, string format, string? desc = null, int lengthSize = 4)
    {
        string xml = $"<?xml version=\"1.0\"?><info><name>{name}</name><type>EEG</type><channel_count>{channels}</channel_count>" +
            $"<nominal_srate>{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}</nominal_srate><channel_format>{format}</channel_format>{desc}</info>";
        return Chunk(2, [.. U32(id), .. Encoding.UTF8.GetBytes(xml)], lengthSize);
    }

    /// <summary>A Samples chunk; <paramref name="samples"/> are already-encoded samples (see <see cref="Sample"/>).</summary>
    public XdfTestFileBuilder Samples(uint id, int count, byte[] samples, int countSize = 1, int lengthSize = 4) =>
        Chunk(3, [.. U32(id), .. VariableLength((ulong)count, countSize), .. samples], lengthSize);

    public XdfTestFileBuilder ClockOffset(uint id, double time, double offset) =>
        Chunk(4, [.. U32(id), .. F64(time), .. F64(offset)]);

    public XdfTestFileBuilder Boundary() => Chunk(5, new byte[16]);

    public XdfTestFileBuilder StreamFooter(uint id) => Chunk(6, [.. U32(id), .. "<?xml version=\"1.0\"?><info/>"u8.ToArray()]);

    public byte[] Build() => _bytes.ToArray();

    /// <summary>One encoded sample: time-stamp size byte (8 with a stamp, 0 without), the stamp, the value bytes.</summary>
    public static byte[] Sample(double? stamp, byte[] values) =>
        stamp is double t ? [8, .. F64(t), .. values] : [0, .. values];

    /// <summary>One string value: its variable-length length, then UTF-8 bytes.</summary>
    public static byte[] StringValue(string value, int lengthSize = 1)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return [.. VariableLength((ulong)utf8.Length, lengthSize), .. utf8];
    }

    public static byte[] VariableLength(ulong value, int size)
    {
        var bytes = new byte[1 + size];
        bytes[0] = (byte)size;
        switch (size)
        {
            case 1: bytes[1] = checked((byte)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), checked((uint)value)); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(1), value); break;
            default: throw new ArgumentOutOfRangeException(nameof(size));
        }

        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] F64(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return bytes;
    }
}
