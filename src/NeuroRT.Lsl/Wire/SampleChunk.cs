using System.Buffers.Binary;
using System.Text;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// Decoded samples, preallocated once per inlet: timestamps, the values as float32 (what the pipeline
/// ring takes), the exact values as little-endian bytes of the stream's format (for exact output of
/// double/int64 data), and for string streams the bytes of every value. Filling it never allocates,
/// except that the string byte store grows to the largest chunk of text seen.
/// </summary>
public sealed class SampleChunk
{
    private byte[] _text;

    /// <summary>Creates a chunk for <paramref name="capacity"/> samples of a stream.</summary>
    public SampleChunk(ChannelFormat format, int channels, int capacity)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a chunk needs at least one channel");
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a chunk needs room for at least one sample");
        Format = format;
        Channels = channels;
        Capacity = capacity;
        ValueSize = format.ValueSize();
        Timestamps = new double[capacity];
        if (format == ChannelFormat.String)
        {
            Floats = [];
            Raw = [];
            TextOffsets = new int[capacity * channels];
            TextLengths = new int[capacity * channels];
            _text = new byte[4096];
        }
        else
        {
            Floats = new float[capacity * channels];
            Raw = new byte[capacity * channels * ValueSize];
            TextOffsets = [];
            TextLengths = [];
            _text = [];
        }
    }

    /// <summary>Value format of the stream.</summary>
    public ChannelFormat Format { get; }

    /// <summary>Channels per sample.</summary>
    public int Channels { get; }

    /// <summary>Samples it can hold.</summary>
    public int Capacity { get; }

    /// <summary>Bytes per value (0 for strings).</summary>
    public int ValueSize { get; }

    /// <summary>Samples held.</summary>
    public int Count { get; private set; }

    /// <summary>Timestamps (remote clock, deduced ones filled in).</summary>
    public double[] Timestamps { get; }

    /// <summary>Values as float32, sample-major (numeric streams).</summary>
    public float[] Floats { get; }

    /// <summary>Values exactly as sent, little-endian, sample-major (numeric streams).</summary>
    public byte[] Raw { get; }

    /// <summary>Start of each string value in <see cref="TextBytes"/>.</summary>
    public int[] TextOffsets { get; }

    /// <summary>Byte length of each string value.</summary>
    public int[] TextLengths { get; }

    /// <summary>The bytes of all string values held.</summary>
    public ReadOnlySpan<byte> TextBytes => _text;

    internal int TextUsed { get; private set; }

    /// <summary>True when no more samples fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Empties the chunk (keeps its storage).</summary>
    public void Clear()
    {
        Count = 0;
        TextUsed = 0;
    }

    /// <summary>The float32 values of sample <paramref name="sample"/>.</summary>
    public ReadOnlySpan<float> FloatsOf(int sample) => Floats.AsSpan(sample * Channels, Channels);

    /// <summary>Value (<paramref name="sample"/>, <paramref name="channel"/>) as a double (exact but for int64 beyond 2^53).</summary>
    public double DoubleAt(int sample, int channel)
    {
        var bytes = Raw.AsSpan((sample * Channels + channel) * ValueSize, ValueSize);
        return Format switch
        {
            ChannelFormat.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            ChannelFormat.Double64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            ChannelFormat.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ChannelFormat.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            ChannelFormat.Int8 => (sbyte)bytes[0],
            ChannelFormat.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            _ => double.NaN,
        };
    }

    /// <summary>Value (<paramref name="sample"/>, <paramref name="channel"/>) of an integer stream, exactly.</summary>
    public long IntegerAt(int sample, int channel)
    {
        var bytes = Raw.AsSpan((sample * Channels + channel) * ValueSize, ValueSize);
        return Format switch
        {
            ChannelFormat.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ChannelFormat.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            ChannelFormat.Int8 => (sbyte)bytes[0],
            ChannelFormat.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            _ => throw new InvalidOperationException($"{Format.Name()} is not an integer format"),
        };
    }

    /// <summary>The bytes of string value (<paramref name="sample"/>, <paramref name="channel"/>).</summary>
    public ReadOnlySpan<byte> TextAt(int sample, int channel)
    {
        int i = sample * Channels + channel;
        return _text.AsSpan(TextOffsets[i], TextLengths[i]);
    }

    /// <summary>String value (<paramref name="sample"/>, <paramref name="channel"/>) decoded as UTF-8 (allocates the string).</summary>
    public string StringAt(int sample, int channel) => Encoding.UTF8.GetString(TextAt(sample, channel));

    internal int BeginSample(double timestamp)
    {
        Timestamps[Count] = timestamp;
        return Count;
    }

    internal void CommitSample() => Count++;

    internal Span<byte> RawOf(int sample) => Raw.AsSpan(sample * Channels * ValueSize, Channels * ValueSize);

    internal Span<float> FloatsFor(int sample) => Floats.AsSpan(sample * Channels, Channels);

    internal void AddText(int sample, int channel, ReadOnlySpan<byte> bytes)
    {
        if (TextUsed + bytes.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, TextUsed + bytes.Length));
        }

        int i = sample * Channels + channel;
        TextOffsets[i] = TextUsed;
        TextLengths[i] = bytes.Length;
        bytes.CopyTo(_text.AsSpan(TextUsed));
        TextUsed += bytes.Length;
    }

    internal void RollbackText(int used) => TextUsed = used;

    internal void SetTimestamp(int sample, double timestamp) => Timestamps[sample] = timestamp;
}
