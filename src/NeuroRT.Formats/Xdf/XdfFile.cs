using System.Buffers.Binary;
using System.Text;

namespace NeuroRT.Formats.Xdf;

/// <summary>
/// An XDF 1.0 file read whole into memory: the file header XML, every stream (in the order of their headers) with
/// samples and synchronised time stamps, and the warnings met on the way. A file that ends inside a chunk (a
/// recording cut short) is read up to its last whole chunk with a warning; structural errors throw
/// <see cref="XdfFormatException"/> naming the file and the byte offset.
/// </summary>
public sealed class XdfFile
{
    private static ReadOnlySpan<byte> Magic => "XDF:"u8;

    private XdfFile(string path, string fileHeaderXml, IReadOnlyList<XdfStream> streams, IReadOnlyList<string> warnings)
    {
        Path = path;
        FileHeaderXml = fileHeaderXml;
        Streams = streams;
        Warnings = warnings;
    }

    /// <summary>The file read (or the name given to <see cref="Parse"/>).</summary>
    public string Path { get; }

    /// <summary>XML of the FileHeader chunk; empty when the file has none.</summary>
    public string FileHeaderXml { get; }

    /// <summary>Streams in the order their headers appear.</summary>
    public IReadOnlyList<XdfStream> Streams { get; }

    /// <summary>Problems that did not stop reading: truncation, missing file header, unknown chunk tags, chunks of
    /// streams without a header. Each names the file and the byte offset.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static XdfFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses an XDF file already in memory; <paramref name="path"/> is used in messages only.</summary>
    public static XdfFile Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new XdfFormatException(path, 0, "not an XDF file: it does not start with the magic \"XDF:\"");
        }

        var warnings = new List<string>();
        var builders = new List<XdfStreamBuilder>();
        var byId = new Dictionary<uint, XdfStreamBuilder>();
        string fileHeader = string.Empty;
        bool firstChunk = true;
        long position = Magic.Length;
        while (position < bytes.Length)
        {
            long chunkStart = position;
            byte lengthSize = bytes[(int)position];
            if (lengthSize is not (1 or 4 or 8))
            {
                throw new XdfFormatException(path, chunkStart, $"chunk length-field size byte is {lengthSize}, must be 1, 4 or 8");
            }

            if (position + 1 + lengthSize > bytes.Length)
            {
                warnings.Add($"{path}: byte {chunkStart}: file ends inside a chunk's length field; read up to the last whole chunk (the recording was probably cut short)");
                break;
            }

            ReadOnlySpan<byte> lengthBytes = bytes.Slice((int)position + 1, lengthSize);
            ulong length = lengthSize switch
            {
                1 => lengthBytes[0],
                4 => BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes),
            };
            long tagStart = position + 1 + lengthSize;
            if (length < 2)
            {
                throw new XdfFormatException(path, chunkStart, $"chunk length {length} is too short to hold the 2-byte tag");
            }

            if (length > (ulong)(bytes.Length - tagStart))
            {
                warnings.Add($"{path}: byte {chunkStart}: chunk declares {length} bytes but only {bytes.Length - tagStart} remain; read up to the last whole chunk (the recording was probably cut short)");
                break;
            }

            long chunkEnd = tagStart + (long)length;
            var tag = (XdfChunkTag)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice((int)tagStart, 2));
            long contentStart = tagStart + 2;
            ReadOnlySpan<byte> content = bytes[(int)contentStart..(int)chunkEnd];
            if (firstChunk && tag != XdfChunkTag.FileHeader)
            {
                warnings.Add($"{path}: byte {chunkStart}: first chunk is {tag}, not FileHeader");
            }

            switch (tag)
            {
                case XdfChunkTag.FileHeader:
                    fileHeader = Encoding.UTF8.GetString(content);
                    break;
                case XdfChunkTag.Boundary:
                    break;
                case XdfChunkTag.StreamHeader:
                {
                    var cursor = new XdfByteCursor(content, contentStart, path, "stream header chunk");
                    uint id = cursor.ReadUInt32("stream id");
                    if (byId.ContainsKey(id))
                    {
                        throw new XdfFormatException(path, chunkStart, $"second stream header for stream {id}");
                    }

                    string xml = Encoding.UTF8.GetString(content[4..]);
                    var builder = new XdfStreamBuilder(id, XdfStreamHeaderParser.Parse(xml, path, chunkStart, id));
                    byId.Add(id, builder);
                    builders.Add(builder);
                    break;
                }

                case XdfChunkTag.Samples:
                case XdfChunkTag.ClockOffset:
                case XdfChunkTag.StreamFooter:
                {
                    var cursor = new XdfByteCursor(content, contentStart, path, $"{tag} chunk");
                    uint id = cursor.ReadUInt32("stream id");
                    if (!byId.TryGetValue(id, out XdfStreamBuilder? builder))
                    {
                        throw new XdfFormatException(path, chunkStart, $"{tag} chunk for stream {id}, which has no stream header before it");
                    }

                    cursor.What = $"{tag} chunk of stream {id} at byte {chunkStart}";

                    if (tag == XdfChunkTag.Samples)
                    {
                        builder.ReadSamples(ref cursor);
                    }
                    else if (tag == XdfChunkTag.ClockOffset)
                    {
                        double time = cursor.ReadDouble("collection time");
                        builder.AddClockOffset(new XdfClockOffset(time, cursor.ReadDouble("offset value")));
                    }
                    else
                    {
                        builder.FooterXml = Encoding.UTF8.GetString(content[4..]);
                    }

                    break;
                }

                default:
                    // The specification asks readers to skip chunks they do not know.
                    warnings.Add($"{path}: byte {chunkStart}: unknown chunk tag {(ushort)tag} skipped");
                    break;
            }

            firstChunk = false;
            position = chunkEnd;
        }

        if (firstChunk)
        {
            // Not even the file header survived: nothing is readable, and an empty result would hide that.
            throw new XdfFormatException(path, Magic.Length, "file ends before its first whole chunk (the file header); " + (warnings.Count > 0 ? warnings[0] : "the file holds only the magic"));
        }

        var streams = new XdfStream[builders.Count];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = builders[i].Build();
        }

        return new XdfFile(path, fileHeader, streams, warnings);
    }

    /// <summary>The stream with this id; throws naming the file when there is none.</summary>
    public XdfStream StreamById(uint id)
    {
        foreach (XdfStream stream in Streams)
        {
            if (stream.Id == id)
            {
                return stream;
            }
        }

        throw new KeyNotFoundException($"{Path}: no stream with id {id}");
    }
}
