using System.Buffers.Binary;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>How an outlet sends a consumer its samples.</summary>
public enum FeedEncoding
{
    /// <summary>Protocol 1.10, little-endian: queue records go out unchanged.</summary>
    LittleEndian110,
    /// <summary>Protocol 1.10, big-endian (a client that asked for it and swaps more slowly than we do).</summary>
    BigEndian110,
    /// <summary>Protocol 1.00 portable archive (old clients, or a Value-Size/IEEE mismatch).</summary>
    Archive100,
}

/// <summary>
/// Turns the little-endian 1.10 records consumer queues hold into what one consumer asked for:
/// a byte-swapped copy (big-endian feeds) or the 1.00 archive encoding. Allocation-free.
/// </summary>
public static class RecordTranscoder
{
    /// <summary>Largest output a record of <paramref name="recordLength"/> bytes can become (the archive adds size bytes).</summary>
    public static int MaxOutput(int recordLength, int channels) => 2 * recordLength + 2 * channels + 16;

    /// <summary>Transcodes one record; <paramref name="first"/> marks the first sample of a 1.00 stream (it gets the 00 00 prefix). Returns bytes written.</summary>
    public static int Transcode(ReadOnlySpan<byte> record, Span<byte> destination, FeedEncoding encoding, ChannelFormat format, int channels, bool first)
    {
        switch (encoding)
        {
            case FeedEncoding.LittleEndian110:
                record.CopyTo(destination);
                return record.Length;
            case FeedEncoding.BigEndian110:
                return ToBigEndian(record, destination, format, channels);
            default:
                return ToArchive(record, destination, format, channels, first);
        }
    }

    private static int ToBigEndian(ReadOnlySpan<byte> record, Span<byte> destination, ChannelFormat format, int channels)
    {
        destination[0] = record[0];
        int pos = 1;
        if (record[0] != SampleEncoder.TagDeduced)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination[1..], BinaryPrimitives.ReadInt64LittleEndian(record[1..]));
            pos = 9;
        }

        if (format == ChannelFormat.String)
        {
            for (int k = 0; k < channels; k++)
            {
                int width = record[pos];
                destination[pos++] = (byte)width;
                long length;
                switch (width)
                {
                    case 1: length = destination[pos] = record[pos]; break;
                    case 2: length = BinaryPrimitives.ReadUInt16LittleEndian(record[pos..]); BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], (ushort)length); break;
                    case 4: length = BinaryPrimitives.ReadUInt32LittleEndian(record[pos..]); BinaryPrimitives.WriteUInt32BigEndian(destination[pos..], (uint)length); break;
                    default: length = (long)BinaryPrimitives.ReadUInt64LittleEndian(record[pos..]); BinaryPrimitives.WriteUInt64BigEndian(destination[pos..], (ulong)length); break;
                }

                pos += width;
                record.Slice(pos, (int)length).CopyTo(destination[pos..]);
                pos += (int)length;
            }

            return pos;
        }

        int size = format.ValueSize();
        for (int k = 0; k < channels; k++, pos += size)
        {
            switch (size)
            {
                case 1: destination[pos] = record[pos]; break;
                case 2: BinaryPrimitives.WriteInt16BigEndian(destination[pos..], BinaryPrimitives.ReadInt16LittleEndian(record[pos..])); break;
                case 4: BinaryPrimitives.WriteInt32BigEndian(destination[pos..], BinaryPrimitives.ReadInt32LittleEndian(record[pos..])); break;
                default: BinaryPrimitives.WriteInt64BigEndian(destination[pos..], BinaryPrimitives.ReadInt64LittleEndian(record[pos..])); break;
            }
        }

        return pos;
    }

    private static int ToArchive(ReadOnlySpan<byte> record, Span<byte> destination, ChannelFormat format, int channels, bool first)
    {
        int pos = 0;
        if (first)
        {
            destination[pos++] = 0;
            destination[pos++] = 0;
        }

        bool deduced = record[0] == SampleEncoder.TagDeduced;
        pos += ArchiveCodec.WriteInteger(destination[pos..], deduced ? 1 : 2);
        int src = 1;
        if (!deduced)
        {
            pos += ArchiveCodec.WriteDouble(destination[pos..], BinaryPrimitives.ReadDoubleLittleEndian(record[1..]));
            src = 9;
        }

        for (int k = 0; k < channels; k++)
        {
            switch (format)
            {
                case ChannelFormat.Float32:
                    pos += ArchiveCodec.WriteFloat(destination[pos..], BinaryPrimitives.ReadSingleLittleEndian(record[src..])); src += 4; break;
                case ChannelFormat.Double64:
                    pos += ArchiveCodec.WriteDouble(destination[pos..], BinaryPrimitives.ReadDoubleLittleEndian(record[src..])); src += 8; break;
                case ChannelFormat.Int32:
                    pos += ArchiveCodec.WriteInteger(destination[pos..], BinaryPrimitives.ReadInt32LittleEndian(record[src..])); src += 4; break;
                case ChannelFormat.Int16:
                    pos += ArchiveCodec.WriteInteger(destination[pos..], BinaryPrimitives.ReadInt16LittleEndian(record[src..])); src += 2; break;
                case ChannelFormat.Int8:
                    pos += ArchiveCodec.WriteInt8(destination[pos..], (sbyte)record[src]); src += 1; break;
                case ChannelFormat.Int64:
                    pos += ArchiveCodec.WriteInteger(destination[pos..], BinaryPrimitives.ReadInt64LittleEndian(record[src..])); src += 8; break;
                default:
                {
                    int width = record[src++];
                    long length = width switch
                    {
                        1 => record[src],
                        2 => BinaryPrimitives.ReadUInt16LittleEndian(record[src..]),
                        4 => BinaryPrimitives.ReadUInt32LittleEndian(record[src..]),
                        _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(record[src..]),
                    };
                    src += width;
                    pos += ArchiveCodec.WriteInteger(destination[pos..], length);
                    record.Slice(src, (int)length).CopyTo(destination[pos..]);
                    pos += (int)length;
                    src += (int)length;
                    break;
                }
            }
        }

        return pos;
    }
}
