using System.Buffers.Binary;

namespace NeuroRT.Formats.Xdf;

/// <summary>
/// Reads little-endian fields from one chunk's bytes; every read is bounds-checked against the chunk's end so that a
/// malformed chunk fails with the file and the absolute byte offset instead of reading into the next chunk.
/// </summary>
internal ref struct XdfByteCursor
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly long _baseOffset;
    private readonly string _path;
    private string _what;
    private int _position;

    public XdfByteCursor(ReadOnlySpan<byte> bytes, long baseOffset, string path, string what)
    {
        _bytes = bytes;
        _baseOffset = baseOffset;
        _path = path;
        _what = what;
        _position = 0;
    }

    public readonly string Path => _path;

    /// <summary>What the chunk is, for messages (set once the stream id is known).</summary>
    public string What
    {
        readonly get => _what;
        set => _what = value;
    }

    public readonly long Offset => _baseOffset + _position;

    public readonly int Remaining => _bytes.Length - _position;

    public ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new XdfFormatException(_path, Offset, $"{_what}: {field} needs {count} bytes but only {Remaining} remain in the chunk");
        }

        ReadOnlySpan<byte> span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte(string field) => Take(1, field)[0];

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    /// <summary>A variable-length count: one byte giving its size (1, 4 or 8), then the unsigned value.</summary>
    public long ReadVariableLength(string field)
    {
        long at = Offset;
        byte size = ReadByte(field + " size");
        ulong value = size switch
        {
            1 => ReadByte(field),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field)),
            8 => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field)),
            _ => throw new XdfFormatException(_path, at, $"{_what}: {field} size byte is {size}, must be 1, 4 or 8"),
        };
        if (value > int.MaxValue)
        {
            throw new XdfFormatException(_path, at, $"{_what}: {field} {value} is larger than this reader supports ({int.MaxValue})");
        }

        return (long)value;
    }
}
