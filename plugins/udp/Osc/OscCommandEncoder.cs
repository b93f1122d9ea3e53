using System.Text;

namespace NeuroRT.Plugins.Udp.Osc;

/// <summary>
/// Encodes a command as one OSC 1.0 message: the address (the configured pattern with the command's name in place of
/// <c>{name}</c>), the type tag string fixed at construction, then the configured arguments. Everything that does not
/// depend on the command is encoded once here; <see cref="Encode"/> only copies and writes numbers.
/// </summary>
public sealed class OscCommandEncoder
{
    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly bool _hasName;
    private readonly byte[] _typeTags;
    private readonly OscArgument[] _arguments;
    private readonly int _valueCount;
    private readonly int _maxNameBytes;

    /// <summary>Prepares the encoding (of an address <see cref="OscAddress.Problem"/> accepts) for commands of <paramref name="valueCount"/> values whose names take at most <paramref name="maxNameBytes"/> UTF-8 bytes.</summary>
    public OscCommandEncoder(string address, OscArgument[] arguments, int valueCount, int maxNameBytes)
    {
        int at = address.IndexOf(OscAddress.NamePlaceholder, StringComparison.Ordinal);
        _hasName = at >= 0;
        _prefix = Encoding.UTF8.GetBytes(_hasName ? address[..at] : address);
        _suffix = _hasName ? Encoding.UTF8.GetBytes(address[(at + OscAddress.NamePlaceholder.Length)..]) : [];
        _arguments = arguments;
        _valueCount = valueCount;
        _maxNameBytes = maxNameBytes;

        var tags = new StringBuilder(",");
        foreach (var argument in arguments)
        {
            if (argument == OscArgument.Values) tags.Append('f', valueCount);
            else tags.Append(Tag(argument));
        }

        TypeTags = tags.ToString();
        var tagBytes = Encoding.ASCII.GetBytes(TypeTags);
        _typeTags = new byte[OscWriter.StringSize(tagBytes.Length)];
        tagBytes.CopyTo(_typeTags, 0);

        int size = OscWriter.StringSize(_prefix.Length + (_hasName ? maxNameBytes : 0) + _suffix.Length) + _typeTags.Length;
        foreach (var argument in arguments)
        {
            size += argument switch
            {
                OscArgument.Values => 4 * valueCount,
                OscArgument.Sequence or OscArgument.Timestamp or OscArgument.Timetag => 8,
                OscArgument.Name => OscWriter.StringSize(maxNameBytes),
                _ => 4,
            };
        }

        MaxSize = size;
    }

    /// <summary>The type tag string, e.g. <c>,fff</c>.</summary>
    public string TypeTags { get; }

    /// <summary>The largest message this encoder writes, in bytes.</summary>
    public int MaxSize { get; }

    /// <summary>
    /// Writes the message of <paramref name="command"/> into <paramref name="buffer"/> (at least <see cref="MaxSize"/>
    /// bytes); returns its length, or -1 when the command's name is longer than the names the encoder was sized for.
    /// <paramref name="ntpOffsetSeconds"/> maps LSL time to NTP time; <paramref name="latencyMs"/> is the latency argument.
    /// </summary>
    public int Encode(Span<byte> buffer, in Command command, double ntpOffsetSeconds, float latencyMs)
    {
        string name = command.Name ?? "";
        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (nameBytes > _maxNameBytes && (_hasName || Array.IndexOf(_arguments, OscArgument.Name) >= 0)) return -1;

        _prefix.CopyTo(buffer);
        int pos = _prefix.Length;
        if (_hasName)
        {
            int written = Encoding.UTF8.GetBytes(name, buffer[pos..]);
            // A name is one address part: reserved characters and '/' would make it a pattern or split it.
            for (int i = pos; i < pos + written; i++)
            {
                byte b = buffer[i];
                if (b < 0x80 && (b == '/' || OscAddress.IsReserved((char)b))) buffer[i] = (byte)'_';
            }

            pos += written;
        }

        _suffix.CopyTo(buffer[pos..]);
        pos += _suffix.Length;
        int end = OscWriter.StringSize(pos);
        buffer[pos..end].Clear();
        pos = end;
        _typeTags.CopyTo(buffer[pos..]);
        pos += _typeTags.Length;

        var values = command.Values.Span;
        foreach (var argument in _arguments)
        {
            switch (argument)
            {
                case OscArgument.Values:
                    for (int k = 0; k < _valueCount; k++) pos = OscWriter.WriteFloat32(buffer, pos, k < values.Length ? values[k] : float.NaN);
                    break;
                case OscArgument.Confidence:
                    pos = OscWriter.WriteFloat32(buffer, pos, command.Confidence);
                    break;
                case OscArgument.Sequence:
                    pos = OscWriter.WriteInt64(buffer, pos, command.Sequence);
                    break;
                case OscArgument.Sequence32:
                    pos = OscWriter.WriteInt32(buffer, pos, (int)(command.Sequence & int.MaxValue));
                    break;
                case OscArgument.Timestamp:
                    pos = OscWriter.WriteFloat64(buffer, pos, command.Timestamp);
                    break;
                case OscArgument.Timetag:
                    pos = OscWriter.WriteTimetag(buffer, pos, OscWriter.ToTimetag(command.Timestamp + ntpOffsetSeconds));
                    break;
                case OscArgument.Latency:
                    pos = OscWriter.WriteFloat32(buffer, pos, latencyMs);
                    break;
                case OscArgument.Name:
                    pos = OscWriter.WriteString(buffer, pos, name.AsSpan());
                    break;
            }
        }

        return pos;
    }

    private static char Tag(OscArgument argument) => argument switch
    {
        OscArgument.Confidence or OscArgument.Latency => 'f',
        OscArgument.Sequence => 'h',
        OscArgument.Sequence32 => 'i',
        OscArgument.Timestamp => 'd',
        OscArgument.Timetag => 't',
        OscArgument.Name => 's',
        _ => throw new ArgumentOutOfRangeException(nameof(argument)),
    };
}
