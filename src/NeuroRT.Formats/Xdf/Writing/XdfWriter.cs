using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuroRT.Formats.Xdf.Writing;

/// <summary>
/// Writes an XDF 1.0 file chunk by chunk through a <see cref="FileStream"/>: the magic and file header at
/// <see cref="Create"/>, then stream headers, samples, clock offsets, boundaries and footers in the order called.
/// Every chunk has a 4-byte length field (a chunk is encoded in one buffer, so it stays below 2 GiB) and every
/// sample its own 8-byte time stamp, as LabRecorder writes them. Each chunk is encoded into one reused buffer (grown only when a larger chunk comes) and
/// handed to the stream in one write, so steady-state sample writing allocates nothing. Numeric values are converted
/// to the stream's declared format: integer formats round to nearest (ties to even) and saturate at the format's
/// range, NaN becomes 0; float32 rounds a double to nearest. Use from one thread. Write errors surface as
/// <see cref="IOException"/> naming the file and the byte offset.
/// </summary>
public sealed class XdfWriter : IDisposable
{
    // LabRecorder's boundary chunk UUID: a fixed pattern a reader can scan for to resynchronise in a damaged file.
    private static ReadOnlySpan<byte> BoundaryUuid =>
        [0x43, 0xA5, 0x46, 0xDC, 0xCB, 0xF5, 0x41, 0x0F, 0xB3, 0x0E, 0xD5, 0x46, 0x73, 0x83, 0xCB, 0xE4];

    private readonly FileStream _stream;
    private readonly Dictionary<uint, (XdfChannelFormat Format, int Channels)> _streams = [];
    private byte[] _buffer = new byte[1 << 16];
    private bool _disposed;

    private XdfWriter(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Bytes handed to the file so far (magic included).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Creates (or replaces) the file and writes the magic and the file header (version 1.0, date and time).</summary>
    public static XdfWriter Create(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot create the XDF file: {e.Message}", e);
        }

        var writer = new XdfWriter(path, stream);
        try
        {
            writer.Write("XDF:"u8);
            writer.WriteXmlChunk(XdfChunkTag.FileHeader, null, XdfHeaderXml.FileHeader(DateTimeOffset.Now));
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>Writes the header of stream <paramref name="streamId"/> (once per stream, before its other chunks).</summary>
    public void WriteStreamHeader(uint streamId, XdfStreamDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (_streams.ContainsKey(streamId)) throw new InvalidOperationException($"{Path}: stream {streamId} already has a header");
        if (description.Channels.Count < 1) throw new ArgumentException($"stream '{description.Name}': a stream needs at least one channel", nameof(description));
        if (!(description.NominalRate >= 0) || !double.IsFinite(description.NominalRate))
            throw new ArgumentException($"stream '{description.Name}': nominal rate {description.NominalRate} must be a finite number >= 0 (0 = irregular)", nameof(description));
        string xml = XdfHeaderXml.StreamHeader(description);
        WriteXmlChunk(XdfChunkTag.StreamHeader, streamId, xml);
        _streams.Add(streamId, (description.Format, description.Channels.Count));
    }

    /// <summary>Writes samples (sample-major values, one time stamp per sample) converted to the stream's format.</summary>
    public void WriteSamples(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<float> values)
    {
        var (format, channels) = Numeric(streamId, timestamps.Length, values.Length);
        int valueSize = format.ByteSize();
        Span<byte> chunk = BeginSamples(streamId, timestamps.Length, (long)timestamps.Length * (9 + ((long)channels * valueSize)), out int at);
        for (int k = 0; k < timestamps.Length; k++)
        {
            at = WriteStamp(chunk, at, timestamps[k]);
            ReadOnlySpan<float> sample = values.Slice(k * channels, channels);
            if (format == XdfChannelFormat.Float32 && BitConverter.IsLittleEndian)
            {
                // Same format and byte order as the file: the values are copied as they are.
                MemoryMarshal.AsBytes(sample).CopyTo(chunk[at..]);
                at += channels * 4;
                continue;
            }

            for (int c = 0; c < channels; c++)
            {
                at = XdfValueEncoder.Write(chunk, at, format, sample[c]);
            }
        }

        Write(chunk[..at]);
    }

    /// <summary>Writes samples (sample-major values, one time stamp per sample) converted to the stream's format.</summary>
    public void WriteSamples(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values)
    {
        var (format, channels) = Numeric(streamId, timestamps.Length, values.Length);
        int valueSize = format.ByteSize();
        Span<byte> chunk = BeginSamples(streamId, timestamps.Length, (long)timestamps.Length * (9 + ((long)channels * valueSize)), out int at);
        for (int k = 0; k < timestamps.Length; k++)
        {
            at = WriteStamp(chunk, at, timestamps[k]);
            ReadOnlySpan<double> sample = values.Slice(k * channels, channels);
            if (format == XdfChannelFormat.Double64 && BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(sample).CopyTo(chunk[at..]);
                at += channels * 8;
                continue;
            }

            for (int c = 0; c < channels; c++)
            {
                at = XdfValueEncoder.Write(chunk, at, format, sample[c]);
            }
        }

        Write(chunk[..at]);
    }

    /// <summary>Writes string samples: <paramref name="values"/> holds samples x channels, sample-major, UTF-8 in the file.</summary>
    public void WriteStringSamples(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<string> values)
    {
        var (format, channels) = Declared(streamId);
        if (format != XdfChannelFormat.String) throw new InvalidOperationException($"{Path}: stream {streamId} is {XdfHeaderXml.FormatName(format)}, not string: use WriteSamples");
        CheckShape(streamId, channels, timestamps.Length, values.Length);
        long content = timestamps.Length * 9L;
        foreach (string value in values)
        {
            content += 5 + Encoding.UTF8.GetByteCount(value ?? string.Empty);
        }

        Span<byte> chunk = BeginSamples(streamId, timestamps.Length, content, out int at);
        for (int k = 0; k < timestamps.Length; k++)
        {
            at = WriteStamp(chunk, at, timestamps[k]);
            for (int c = 0; c < channels; c++)
            {
                string value = values[(k * channels) + c] ?? string.Empty;
                int length = Encoding.UTF8.GetByteCount(value);
                // The smallest length field that holds the length, as LabRecorder does: 1 byte up to 255, else 4.
                if (length <= byte.MaxValue)
                {
                    chunk[at++] = 1;
                    chunk[at++] = (byte)length;
                }
                else
                {
                    chunk[at++] = 4;
                    BinaryPrimitives.WriteUInt32LittleEndian(chunk[at..], (uint)length);
                    at += 4;
                }

                at += Encoding.UTF8.GetBytes(value, chunk[at..]);
            }
        }

        Write(chunk[..at]);
    }

    /// <summary>Writes a clock-offset chunk: at <paramref name="collectionTime"/> (stream clock) the recorder's clock
    /// minus the stream's was <paramref name="offsetValue"/> seconds.</summary>
    public void WriteClockOffset(uint streamId, double collectionTime, double offsetValue)
    {
        Declared(streamId);
        Span<byte> chunk = Begin(XdfChunkTag.ClockOffset, 20, out int at);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[at..], streamId);
        BinaryPrimitives.WriteDoubleLittleEndian(chunk[(at + 4)..], collectionTime);
        BinaryPrimitives.WriteDoubleLittleEndian(chunk[(at + 12)..], offsetValue);
        Write(chunk[..(at + 20)]);
    }

    /// <summary>Writes a boundary chunk (the 16-byte UUID LabRecorder uses).</summary>
    public void WriteBoundary()
    {
        Span<byte> chunk = Begin(XdfChunkTag.Boundary, 16, out int at);
        BoundaryUuid.CopyTo(chunk[at..]);
        Write(chunk[..(at + 16)]);
    }

    /// <summary>Writes the footer of a stream: first and last time stamp, sample count and its clock offsets.</summary>
    public void WriteStreamFooter(uint streamId, double firstTimestamp, double lastTimestamp, long sampleCount, ReadOnlySpan<XdfClockOffset> clockOffsets)
    {
        Declared(streamId);
        WriteXmlChunk(XdfChunkTag.StreamFooter, streamId, XdfHeaderXml.StreamFooter(firstTimestamp, lastTimestamp, sampleCount, clockOffsets));
    }

    /// <summary>Hands everything written to the operating system (no fsync): a killed process loses nothing after this.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _stream.Flush(flushToDisk: false);
        }
        catch (IOException e)
        {
            throw new IOException($"{Path}: byte {BytesWritten}: cannot write the XDF file: {e.Message}", e);
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException e)
        {
            throw new IOException($"{Path}: byte {BytesWritten}: cannot write the XDF file: {e.Message}", e);
        }
    }

    private (XdfChannelFormat Format, int Channels) Declared(uint streamId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _streams.TryGetValue(streamId, out var s) ? s : throw new InvalidOperationException($"{Path}: stream {streamId} has no header yet: call WriteStreamHeader first");
    }

    private (XdfChannelFormat Format, int Channels) Numeric(uint streamId, int samples, int values)
    {
        var s = Declared(streamId);
        if (s.Format == XdfChannelFormat.String) throw new InvalidOperationException($"{Path}: stream {streamId} is a string stream: use WriteStringSamples");
        CheckShape(streamId, s.Channels, samples, values);
        return s;
    }

    private void CheckShape(uint streamId, int channels, int samples, int values)
    {
        if ((long)samples * channels != values)
            throw new ArgumentException($"{Path}: stream {streamId}: {values} values for {samples} time stamps of {channels} channels (expected {(long)samples * channels}, sample-major)", nameof(values));
    }

    // Stream id and the sample count (always a 4-byte variable-length field) come first in a samples chunk.
    private Span<byte> BeginSamples(uint streamId, int samples, long payload, out int at)
    {
        Span<byte> chunk = Begin(XdfChunkTag.Samples, 4 + 5 + payload, out at);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[at..], streamId);
        chunk[at + 4] = 4;
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[(at + 5)..], (uint)samples);
        at += 9;
        return chunk;
    }

    private static int WriteStamp(Span<byte> chunk, int at, double timestamp)
    {
        chunk[at] = 8;
        BinaryPrimitives.WriteDoubleLittleEndian(chunk[(at + 1)..], timestamp);
        return at + 9;
    }

    // Length-field size byte (4), the length (tag + content) and the tag; returns the buffer with room for the
    // content. The content size is exact for every chunk but string samples, where it is an upper bound: the length
    // field is set once the chunk is encoded (Write does it).
    private Span<byte> Begin(XdfChunkTag tag, long content, out int at)
    {
        long total = 1 + 4 + 2 + content;
        if (total > Array.MaxLength) throw new ArgumentException($"{Path}: a {tag} chunk of {content} bytes is larger than one chunk can be written ({Array.MaxLength} bytes): write fewer samples per call");
        if (total > _buffer.Length) _buffer = new byte[(int)Math.Min(Array.MaxLength, Math.Max(total, _buffer.Length * 2L))];
        Span<byte> chunk = _buffer;
        chunk[0] = 4;
        BinaryPrimitives.WriteUInt16LittleEndian(chunk[5..], (ushort)tag);
        at = 7;
        return chunk;
    }

    private void WriteXmlChunk(XdfChunkTag tag, uint? streamId, string xml)
    {
        int idBytes = streamId is null ? 0 : 4;
        Span<byte> chunk = Begin(tag, idBytes + Encoding.UTF8.GetByteCount(xml), out int at);
        if (streamId is { } id) BinaryPrimitives.WriteUInt32LittleEndian(chunk[at..], id);
        at += idBytes;
        at += Encoding.UTF8.GetBytes(xml, chunk[at..]);
        Write(chunk[..at]);
    }

    // Writes a chunk built by Begin, after setting its length field to what was actually encoded.
    private void Write(Span<byte> chunk)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[1..], (uint)(chunk.Length - 5));
        Write((ReadOnlySpan<byte>)chunk);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _stream.Write(bytes);
        }
        catch (IOException e)
        {
            throw new IOException($"{Path}: byte {BytesWritten}: cannot write the XDF file: {e.Message}", e);
        }

        BytesWritten += bytes.Length;
    }
}
