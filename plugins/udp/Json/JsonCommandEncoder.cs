using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroRT.Plugins.Udp.Json;

/// <summary>
/// Encodes a command as one JSON object, UTF-8, no trailing newline:
/// <c>{"name":"left","values":{"left":0.8,"right":0.2},"confidence":0.8,"timestamp":12.5,"sequence":7,"latency_ms":1.25}</c>.
/// Numbers are invariant and round-trip (shortest form that parses back to the same float32/float64); a NaN or
/// infinite number is written as <c>null</c>. Property names are encoded once; the writer and its buffer are reused.
/// </summary>
public sealed class JsonCommandEncoder
{
    // Longest float32/float64 in shortest round-trip form, e.g. -1.17549435E-38 / -2.2250738585072014E-308.
    private const int MaxFloatChars = 16;
    private const int MaxDoubleChars = 25;

    private static readonly JsonEncodedText NameKey = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ValuesKey = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText ConfidenceKey = JsonEncodedText.Encode("confidence");
    private static readonly JsonEncodedText TimestampKey = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText SequenceKey = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText LatencyKey = JsonEncodedText.Encode("latency_ms");

    private readonly JsonEncodedText[] _valueKeys;
    private readonly FixedBufferWriter _output;
    private readonly Utf8JsonWriter _writer;
    private readonly int _maxNameBytes;

    /// <summary>Prepares the encoding for commands with these value names and names of at most <paramref name="maxNameBytes"/> UTF-8 bytes.</summary>
    public JsonCommandEncoder(IReadOnlyList<string> valueNames, int maxNameBytes)
    {
        // Relaxed escaping keeps non-ASCII names readable as UTF-8; quotes, backslashes and controls are still escaped.
        var encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        _valueKeys = new JsonEncodedText[valueNames.Count];
        int longestKey = 16;
        int size = 2 + Member(NameKey, EscapedMax(maxNameBytes)) + Member(ValuesKey, 2) + Member(ConfidenceKey, MaxFloatChars)
            + Member(TimestampKey, MaxDoubleChars) + Member(SequenceKey, 20) + Member(LatencyKey, MaxDoubleChars);
        for (int k = 0; k < valueNames.Count; k++)
        {
            _valueKeys[k] = JsonEncodedText.Encode(valueNames[k], encoder);
            size += Member(_valueKeys[k], MaxFloatChars);
            longestKey = Math.Max(longestKey, _valueKeys[k].EncodedUtf8Bytes.Length);
        }

        _maxNameBytes = maxNameBytes;
        MaxSize = size;
        // Utf8JsonWriter asks its buffer for room for the widest number (128 bytes) after a key, and at least 256
        // bytes at first, whatever it then writes: the slack lets it never ask twice.
        _output = new FixedBufferWriter(size + 512 + longestKey);
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
    }

    /// <summary>The largest datagram this encoder writes, in bytes.</summary>
    public int MaxSize { get; }

    /// <summary>
    /// Encodes <paramref name="command"/> with <paramref name="latencyMs"/>; returns the datagram (valid until the next
    /// call), or an empty span when the command's name is longer than the names the encoder was sized for.
    /// </summary>
    public ReadOnlySpan<byte> Encode(scoped in Command command, double latencyMs)
    {
        string name = command.Name ?? "";
        if (Encoding.UTF8.GetByteCount(name) > _maxNameBytes) return default;
        _output.Reset();
        _writer.Reset(_output);
        _writer.WriteStartObject();
        _writer.WriteString(NameKey, name);
        _writer.WriteStartObject(ValuesKey);
        var values = command.Values.Span;
        for (int k = 0; k < _valueKeys.Length; k++) WriteFloat(_valueKeys[k], k < values.Length ? values[k] : float.NaN);
        _writer.WriteEndObject();
        WriteFloat(ConfidenceKey, command.Confidence);
        WriteDouble(TimestampKey, command.Timestamp);
        _writer.WriteNumber(SequenceKey, command.Sequence);
        WriteDouble(LatencyKey, latencyMs);
        _writer.WriteEndObject();
        _writer.Flush();
        return _output.WrittenSpan;
    }

    private void WriteFloat(JsonEncodedText key, float value)
    {
        if (float.IsFinite(value)) _writer.WriteNumber(key, value);
        else _writer.WriteNull(key);
    }

    private void WriteDouble(JsonEncodedText key, double value)
    {
        if (double.IsFinite(value)) _writer.WriteNumber(key, value);
        else _writer.WriteNull(key);
    }

    // "key":value, with the comma; a value of the given width.
    private static int Member(JsonEncodedText key, int valueBytes) => key.EncodedUtf8Bytes.Length + 4 + valueBytes;

    // Worst case of a string's escaping: every byte a control character written as \u00XX.
    private static int EscapedMax(int utf8Bytes) => 6 * utf8Bytes + 2;
}
