using System.Buffers.Binary;
using System.Text;

namespace NeuroRT.Formats.Xdf;

/// <summary>Collects one stream's chunks while the file is read, then builds the <see cref="XdfStream"/>.</summary>
internal sealed class XdfStreamBuilder(uint id, XdfStreamInfo info)
{
    private readonly List<XdfClockOffset> _clockOffsets = [];
    private double[] _numeric = [];
    private string[] _strings = [];
    private double[] _timestamps = [];
    private int _count;
    private double _lastTimestamp;

    public uint Id { get; } = id;

    public XdfStreamInfo Info { get; } = info;

    public string? FooterXml { get; set; }

    public void AddClockOffset(XdfClockOffset offset) => _clockOffsets.Add(offset);

    /// <summary>Decodes a Samples chunk's content after the stream id.</summary>
    public void ReadSamples(ref XdfByteCursor cursor)
    {
        long countOffset = cursor.Offset;
        int samples = (int)cursor.ReadVariableLength("sample count");
        int channels = Info.ChannelCount;
        int valueSize = Info.Format.ByteSize();

        // Each sample needs at least its time-stamp size byte plus one byte (string length size) or valueSize per
        // channel, so a count beyond that is corrupt; checking first keeps a bad count from allocating gigabytes.
        // Division instead of multiplication: samples * per-sample bytes can overflow a long for corrupt counts.
        long perSample = 1 + ((long)channels * Math.Max(1, valueSize));
        if (samples > 0 && samples > cursor.Remaining / perSample)
        {
            long minimumBytes = (long)Math.Min((double)samples * perSample, long.MaxValue);
            throw new XdfFormatException(cursor.Path, countOffset, $"samples chunk of stream {Id}: {samples} samples of {channels} channels need at least {minimumBytes} bytes but the chunk has {cursor.Remaining} left");
        }

        EnsureCapacity(_count + samples);
        double step = Info.NominalRate > 0 ? 1.0 / Info.NominalRate : 0;
        for (int k = 0; k < samples; k++)
        {
            long sampleOffset = cursor.Offset;
            byte stampSize = cursor.ReadByte("time stamp size");
            double stamp = stampSize switch
            {
                8 => cursor.ReadDouble("time stamp"),
                0 => _lastTimestamp + step,
                _ => throw new XdfFormatException(cursor.Path, sampleOffset, $"samples chunk of stream {Id}: time stamp size byte of sample {k} is {stampSize}, must be 0 or 8"),
            };
            _lastTimestamp = stamp;
            _timestamps[_count] = stamp;
            int baseIndex = _count * channels;
            if (Info.Format == XdfChannelFormat.String)
            {
                for (int c = 0; c < channels; c++)
                {
                    int length = (int)cursor.ReadVariableLength("string length");
                    _strings[baseIndex + c] = Encoding.UTF8.GetString(cursor.Take(length, "string value"));
                }
            }
            else
            {
                ReadOnlySpan<byte> values = cursor.Take(channels * valueSize, "sample values");
                DecodeNumeric(values, _numeric.AsSpan(baseIndex, channels));
            }

            _count++;
        }
    }

    public XdfStream Build()
    {
        XdfClockOffset[] offsets = [.. _clockOffsets];
        XdfClockFit[] fits = XdfClockSync.Fit(offsets);
        double[] raw = _timestamps[.._count];
        var synced = new double[_count];
        XdfClockSync.Apply(fits, raw, synced);
        int values = _count * Info.ChannelCount;
        return new XdfStream(
            Id, Info, _count,
            Info.Format == XdfChannelFormat.String ? [] : _numeric[..values],
            Info.Format == XdfChannelFormat.String ? _strings[..values] : [],
            raw, synced, offsets, fits, FooterXml);
    }

    private void DecodeNumeric(ReadOnlySpan<byte> bytes, Span<double> into)
    {
        switch (Info.Format)
        {
            case XdfChannelFormat.Int8:
                for (int c = 0; c < into.Length; c++) into[c] = (sbyte)bytes[c];
                break;
            case XdfChannelFormat.Int16:
                for (int c = 0; c < into.Length; c++) into[c] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(c * 2)..]);
                break;
            case XdfChannelFormat.Int32:
                for (int c = 0; c < into.Length; c++) into[c] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(c * 4)..]);
                break;
            case XdfChannelFormat.Int64:
                for (int c = 0; c < into.Length; c++) into[c] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(c * 8)..]);
                break;
            case XdfChannelFormat.Float32:
                for (int c = 0; c < into.Length; c++) into[c] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(c * 4)..]);
                break;
            case XdfChannelFormat.Double64:
                for (int c = 0; c < into.Length; c++) into[c] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(c * 8)..]);
                break;
        }
    }

    private void EnsureCapacity(int samples)
    {
        if (samples <= _timestamps.Length)
        {
            return;
        }

        // Grow geometrically, but never past what the current chunk proved it holds when channels are many: the
        // chunk-size check in ReadSamples bounds samples * channels, not 16 * channels.
        long grown = Math.Max(samples, Math.Max(16L, _timestamps.Length * 2L));
        int capacity = grown * Info.ChannelCount > Array.MaxLength ? samples : (int)grown;
        Array.Resize(ref _timestamps, capacity);
        if (Info.Format == XdfChannelFormat.String)
        {
            Array.Resize(ref _strings, capacity * Info.ChannelCount);
        }
        else
        {
            Array.Resize(ref _numeric, capacity * Info.ChannelCount);
        }
    }
}
