using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// Decodes a sample feed as it arrives, split anywhere: protocol 1.10 (either byte order, optional
/// subnormal suppression) or the 1.00 archive (header, embedded short info, samples). Verifies the two
/// test patterns before any data, fills in deduced timestamps (previous + 1/rate, restarting from 0 on
/// every connection), and writes samples into a preallocated <see cref="SampleChunk"/>. Allocation-free
/// per sample and per chunk.
/// </summary>
public sealed class FeedDecoder
{
    /// <summary>Largest string value accepted (a longer length field is treated as garbage and drops the connection).</summary>
    public const int MaxStringBytes = 16 << 20;

    private readonly ChannelFormat _format;
    private readonly int _channels;
    private readonly int _valueSize;
    private readonly bool _archive;
    private readonly bool _bigEndian;
    private readonly bool _suppressSubnormals;
    private readonly double _interval;
    private readonly string? _expectedUid;
    private readonly SampleChunk _pattern;
    private int _patternsLeft = 2;
    private int _archiveStage;
    private bool _firstArchiveSample = true;

    /// <summary>Creates a decoder for one connection.</summary>
    public FeedDecoder(ChannelFormat format, int channels, double nominalRate, int dataProtocol, bool bigEndian, bool suppressSubnormals, string? expectedUid = null)
    {
        if (format == ChannelFormat.Undefined) throw new ArgumentException("the stream format is undefined", nameof(format));
        _format = format;
        _channels = channels;
        _valueSize = format.ValueSize();
        _archive = dataProtocol < 110;
        _bigEndian = bigEndian && !_archive;
        _suppressSubnormals = suppressSubnormals && format.IsFloatingPoint();
        _interval = nominalRate > 0 ? 1.0 / nominalRate : 0.0;
        _expectedUid = expectedUid;
        _pattern = new SampleChunk(format, channels, 1);
    }

    /// <summary>True once both test patterns arrived and matched.</summary>
    public bool PatternsVerified => _patternsLeft == 0;

    /// <summary>The short info embedded in a 1.00 feed, once read.</summary>
    public string? ArchiveShortInfo { get; private set; }

    /// <summary>Timestamp of the last data sample (0 before the first one on this connection).</summary>
    public double LastTimestamp { get; private set; }

    /// <summary>
    /// Decodes whole samples from <paramref name="input"/> into <paramref name="chunk"/> until the chunk is
    /// full or the input ends inside a sample. Returns the bytes consumed; the caller keeps the rest and
    /// calls again with more data appended. Throws <see cref="LslProtocolException"/> on a bad feed.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, SampleChunk chunk) => Decode(input, chunk, patternsOnly: false);

    /// <summary>Decodes only up to the end of the two test patterns (the handshake), leaving data samples in the input.</summary>
    public int DecodePatterns(ReadOnlySpan<byte> input) => Decode(input, _pattern, patternsOnly: true);

    private int Decode(ReadOnlySpan<byte> input, SampleChunk chunk, bool patternsOnly)
    {
        int pos = 0;
        if (_archive && _archiveStage < 2 && !ReadArchivePreamble(input, ref pos)) return pos;
        while (pos < input.Length)
        {
            bool pattern = _patternsLeft > 0;
            if (!pattern && (patternsOnly || chunk.IsFull)) break;
            var target = pattern ? _pattern : chunk;
            if (pattern) _pattern.Clear();
            int start = pos;
            int textMark = target.TextUsed;
            bool complete = _archive ? ReadArchiveSample(input, ref pos, target) : ReadSample(input, ref pos, target);
            if (!complete)
            {
                pos = start;
                target.RollbackText(textMark);
                break;
            }

            if (pattern)
            {
                VerifyPattern(2 - _patternsLeft);
                _patternsLeft--;
            }
        }

        return pos;
    }

    private bool ReadSample(ReadOnlySpan<byte> input, ref int pos, SampleChunk target)
    {
        byte tag = input[pos++];
        double timestamp = SampleEncoder.DeducedTimestamp;
        if (tag != SampleEncoder.TagDeduced)
        {
            if (pos + 8 > input.Length) return false;
            timestamp = _bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(input[pos..]) : BinaryPrimitives.ReadDoubleLittleEndian(input[pos..]);
            pos += 8;
        }

        int sample = target.Count;
        if (_format == ChannelFormat.String)
        {
            for (int k = 0; k < _channels; k++)
            {
                if (pos >= input.Length) return false;
                int width = input[pos];
                if (width is not (1 or 2 or 4 or 8)) throw new LslProtocolException($"string value {k}: length field width {width} (expected 1, 2, 4 or 8)");
                if (pos + 1 + width > input.Length) return false;
                var field = input.Slice(pos + 1, width);
                ulong length = width switch
                {
                    1 => field[0],
                    2 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field),
                    4 => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field),
                    _ => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(field) : BinaryPrimitives.ReadUInt64LittleEndian(field),
                };
                if (length > MaxStringBytes) throw new LslProtocolException($"string value {k}: length {length} bytes exceeds the {MaxStringBytes}-byte limit");
                int begin = pos + 1 + width;
                if (begin + (int)length > input.Length) return false;
                target.AddText(sample, k, input.Slice(begin, (int)length));
                pos = begin + (int)length;
            }
        }
        else
        {
            int size = _channels * _valueSize;
            if (pos + size > input.Length) return false;
            StoreNumeric(input.Slice(pos, size), target, sample);
            pos += size;
        }

        Commit(target, timestamp);
        return true;
    }

    private void StoreNumeric(ReadOnlySpan<byte> wire, SampleChunk target, int sample)
    {
        var raw = target.RawOf(sample);
        if (!_bigEndian || _valueSize == 1) wire.CopyTo(raw);
        else
        {
            switch (_valueSize)
            {
                case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, short>(wire), MemoryMarshal.Cast<byte, short>(raw)); break;
                case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(wire), MemoryMarshal.Cast<byte, int>(raw)); break;
                default: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(wire), MemoryMarshal.Cast<byte, long>(raw)); break;
            }
        }

        if (_suppressSubnormals) SuppressSubnormals(raw);
        ToFloats(raw, target.FloatsFor(sample));
    }

    private void SuppressSubnormals(Span<byte> raw)
    {
        if (_format == ChannelFormat.Float32)
        {
            foreach (ref uint bits in MemoryMarshal.Cast<byte, uint>(raw))
                if ((bits & 0x7F800000u) == 0 && (bits & 0x007FFFFFu) != 0) bits &= 0x80000000u;
        }
        else
        {
            foreach (ref ulong bits in MemoryMarshal.Cast<byte, ulong>(raw))
                if ((bits & 0x7FF0000000000000ul) == 0 && (bits & 0x000FFFFFFFFFFFFFul) != 0) bits &= 0x8000000000000000ul;
        }
    }

    // Raw holds little-endian values; on the little-endian hosts NeuroRT runs on these casts are plain loads.
    private void ToFloats(ReadOnlySpan<byte> raw, Span<float> floats)
    {
        switch (_format)
        {
            case ChannelFormat.Float32:
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(floats);
                break;
            case ChannelFormat.Double64:
            {
                var values = MemoryMarshal.Cast<byte, double>(raw);
                for (int i = 0; i < values.Length; i++) floats[i] = (float)values[i];
                break;
            }
            case ChannelFormat.Int32:
            {
                var values = MemoryMarshal.Cast<byte, int>(raw);
                for (int i = 0; i < values.Length; i++) floats[i] = values[i];
                break;
            }
            case ChannelFormat.Int16:
            {
                var values = MemoryMarshal.Cast<byte, short>(raw);
                for (int i = 0; i < values.Length; i++) floats[i] = values[i];
                break;
            }
            case ChannelFormat.Int8:
                for (int i = 0; i < raw.Length; i++) floats[i] = (sbyte)raw[i];
                break;
            default:
            {
                var values = MemoryMarshal.Cast<byte, long>(raw);
                for (int i = 0; i < values.Length; i++) floats[i] = values[i];
                break;
            }
        }
    }

    private void Commit(SampleChunk target, double timestamp)
    {
        int sample = target.Count;
        if (ReferenceEquals(target, _pattern))
        {
            target.SetTimestamp(sample, timestamp);
            target.CommitSample();
            return;
        }

        if (timestamp == SampleEncoder.DeducedTimestamp) timestamp = LastTimestamp + _interval;
        LastTimestamp = timestamp;
        target.SetTimestamp(sample, timestamp);
        target.CommitSample();
    }

    private bool ReadArchivePreamble(ReadOnlySpan<byte> input, ref int pos)
    {
        if (_archiveStage == 0)
        {
            if (input.Length < 1) return false;
            if (input[0] != 0x7F) throw new LslProtocolException($"1.00 feed: expected the archive magic 0x7F, got 0x{input[0]:X2}");
            int p = 1;
            if (!ArchiveCodec.TryReadInteger(input, ref p, out _)) return false;
            pos = p;
            _archiveStage = 1;
        }

        int at = pos;
        if (!ArchiveCodec.TryReadInteger(input, ref at, out long length)) return false;
        if (length < 0 || length > 1 << 20) throw new LslProtocolException($"1.00 feed: embedded stream info length {length} is out of range");
        if (at + length > input.Length) return false;
        ArchiveShortInfo = Encoding.UTF8.GetString(input.Slice(at, (int)length));
        pos = at + (int)length;
        _archiveStage = 2;
        if (_expectedUid is not null)
        {
            string uid = StreamInfoXml.Parse(ArchiveShortInfo).Uid;
            if (uid != _expectedUid) throw new LslProtocolException($"1.00 feed: the embedded stream info has uid {uid}, expected {_expectedUid}");
        }

        return true;
    }

    private bool ReadArchiveSample(ReadOnlySpan<byte> input, ref int pos, SampleChunk target)
    {
        if (_firstArchiveSample)
        {
            if (pos + 2 > input.Length) return false;
            if (input[pos] != 0 || input[pos + 1] != 0) throw new LslProtocolException("1.00 feed: the first sample lacks its 00 00 class prefix");
            pos += 2;
        }

        if (!ArchiveCodec.TryReadInteger(input, ref pos, out long tag)) return false;
        double timestamp = SampleEncoder.DeducedTimestamp;
        if (tag != SampleEncoder.TagDeduced && !ArchiveCodec.TryReadDouble(input, ref pos, out timestamp)) return false;
        int sample = target.Count;
        if (_format == ChannelFormat.String)
        {
            for (int k = 0; k < _channels; k++)
            {
                if (!ArchiveCodec.TryReadInteger(input, ref pos, out long length)) return false;
                if (length < 0 || length > MaxStringBytes) throw new LslProtocolException($"1.00 feed: string value {k} length {length} is out of range");
                if (pos + length > input.Length) return false;
                target.AddText(sample, k, input.Slice(pos, (int)length));
                pos += (int)length;
            }
        }
        else
        {
            var raw = target.RawOf(sample);
            for (int k = 0; k < _channels; k++)
            {
                if (!ArchiveCodec.TryReadInteger(input, ref pos, out long bits)) return false;
                var slot = raw.Slice(k * _valueSize, _valueSize);
                switch (_valueSize)
                {
                    case 1: slot[0] = (byte)bits; break;
                    case 2: BinaryPrimitives.WriteInt16LittleEndian(slot, (short)bits); break;
                    case 4: BinaryPrimitives.WriteInt32LittleEndian(slot, (int)bits); break;
                    default: BinaryPrimitives.WriteInt64LittleEndian(slot, bits); break;
                }
            }

            ToFloats(raw, target.FloatsFor(sample));
        }

        _firstArchiveSample = false;
        Commit(target, timestamp);
        return true;
    }

    private void VerifyPattern(int which)
    {
        int offset = TestPattern.Offsets[which];
        if (_pattern.Timestamps[0] != TestPattern.Timestamp)
            throw new LslProtocolException($"test pattern {which + 1}: timestamp {_pattern.Timestamps[0]:R}, expected {TestPattern.Timestamp:R} (protocol formats likely incompatible)");
        for (int k = 0; k < _channels; k++)
        {
            if (_format == ChannelFormat.String)
            {
                string expected = TestPattern.StringValue(k);
                if (!_pattern.TextAt(0, k).SequenceEqual(Encoding.ASCII.GetBytes(expected)))
                    throw new LslProtocolException($"test pattern {which + 1}, channel {k}: '{_pattern.StringAt(0, k)}', expected '{expected}' (protocol formats likely incompatible)");
            }
            else
            {
                double expected = TestPattern.NumericValue(_format, k, offset);
                double got = _pattern.DoubleAt(0, k);
                if (got != expected)
                    throw new LslProtocolException($"test pattern {which + 1}, channel {k}: {got:R}, expected {expected:R} (protocol formats likely incompatible)");
            }
        }
    }
}
