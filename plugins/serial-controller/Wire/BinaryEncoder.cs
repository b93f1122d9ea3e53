using System.Buffers.Binary;

namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>How a value travels in a binary frame.</summary>
public enum FrameValueType
{
    /// <summary>Signed 16-bit integer: value x scale, rounded half away from zero, saturated to -32768..32767.</summary>
    Int16,

    /// <summary>IEEE 754 single precision.</summary>
    Float32,
}

/// <summary>Byte order of the values in a binary frame.</summary>
public enum FrameEndian
{
    /// <summary>Least significant byte first.</summary>
    Little,

    /// <summary>Most significant byte first (network order).</summary>
    Big,
}

/// <summary>
/// The binary protocol: one fixed-length frame per command,
/// <c>[start byte] code value_0 .. value_N-1 [checksum]</c>, the code from the commands table, the values chosen by
/// index, each an int16 or a float32 in the given byte order, the checksum over every byte after the start byte.
/// </summary>
internal sealed class BinaryEncoder : ICommandEncoder
{
    private readonly int _startByte;
    private readonly Dictionary<string, byte> _codes;
    private readonly int[] _indices;
    private readonly FrameValueType _type;
    private readonly FrameEndian _endian;
    private readonly float _scale;
    private readonly FrameChecksum _checksum;

    // startByte: the first byte of every frame, or -1 for none.
    public BinaryEncoder(int startByte, Dictionary<string, byte> codes, int[] indices, FrameValueType type, FrameEndian endian, float scale, FrameChecksum checksum)
    {
        _startByte = startByte;
        _codes = codes;
        _indices = indices;
        _type = type;
        _endian = endian;
        _scale = scale;
        _checksum = checksum;
        MaxLength = (startByte >= 0 ? 1 : 0) + 1 + indices.Length * (type == FrameValueType.Int16 ? 2 : 4) + (checksum == FrameChecksum.None ? 0 : 1);
    }

    /// <summary>Every frame has this length.</summary>
    public int MaxLength { get; }

    public int LastSaturated { get; private set; }

    public bool Knows(string name) => _codes.ContainsKey(name);

    public int Encode(string name, ReadOnlySpan<float> values, float confidence, long sequence, Span<byte> destination)
    {
        LastSaturated = 0;
        if (!_codes.TryGetValue(name, out byte code)) return EncodeResult.UnknownName;
        if (destination.Length < MaxLength) return EncodeResult.TooLong;
        int at = 0;
        if (_startByte >= 0) destination[at++] = (byte)_startByte;
        int body = at;
        destination[at++] = code;
        bool little = _endian == FrameEndian.Little;
        foreach (int index in _indices)
        {
            if (index >= values.Length) return EncodeResult.MissingValue;
            float v = values[index];
            if (_type == FrameValueType.Float32)
            {
                if (little) BinaryPrimitives.WriteSingleLittleEndian(destination[at..], v);
                else BinaryPrimitives.WriteSingleBigEndian(destination[at..], v);
                at += 4;
            }
            else
            {
                double scaled = Math.Round((double)v * _scale, MidpointRounding.AwayFromZero);
                short s;
                if (scaled > short.MaxValue) { s = short.MaxValue; LastSaturated++; }
                else if (scaled < short.MinValue) { s = short.MinValue; LastSaturated++; }
                else s = (short)scaled;
                if (little) BinaryPrimitives.WriteInt16LittleEndian(destination[at..], s);
                else BinaryPrimitives.WriteInt16BigEndian(destination[at..], s);
                at += 2;
            }
        }
        if (_checksum == FrameChecksum.Xor) destination[at] = Checksums.Xor(destination[body..at]);
        else if (_checksum == FrameChecksum.Crc8) destination[at] = Checksums.Crc8(destination[body..at]);
        if (_checksum != FrameChecksum.None) at++;
        return at;
    }
}
