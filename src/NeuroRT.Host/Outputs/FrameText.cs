using System.Text;
using System.Text.Json;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Outputs;

/// <summary>
/// Formats frames as the lines the console and JSON-lines outputs print, into reusable buffers
/// (no allocation per frame). A frame of class scores is a decoded command: its label is the class
/// with the highest score. Windows (frames of many samples) are summarised, not dumped.
/// </summary>
internal sealed class FrameText
{
    private const int MaxTextChannels = 8;
    private readonly StreamFormat _format;
    private readonly bool _isCommand;
    private readonly bool _withLatency;
    private readonly JsonEncodedText[] _names;
    private readonly char[] _chars;
    private readonly byte[] _bytes;
    private readonly System.Buffers.ArrayBufferWriter<byte> _json = new(4096);
    private readonly Utf8JsonWriter _writer;
    private int _length;

    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("sample");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Samples = JsonEncodedText.Encode("samples");
    private static readonly JsonEncodedText Latency = JsonEncodedText.Encode("latency_ms");

    /// <summary>Formats frames of <paramref name="format"/>; <paramref name="withLatency"/> false leaves out the
    /// wall-clock latency, so that a log depends only on the input samples (byte-identical across runs).</summary>
    public FrameText(StreamFormat format, bool withLatency = true)
    {
        _format = format;
        _withLatency = withLatency;
        _isCommand = format.FrameLength == 1;
        foreach (var ch in format.Channels) _isCommand &= ch.Type == ChannelTypes.ClassScore;
        _names = new JsonEncodedText[format.ChannelCount];
        int nameChars = 0;
        for (int i = 0; i < _names.Length; i++)
        {
            _names[i] = JsonEncodedText.Encode(format.Channels[i].Name);
            nameChars += format.Channels[i].Name.Length;
        }
        _chars = new char[256 + nameChars + 24 * Math.Min(format.ChannelCount, MaxTextChannels)];
        _bytes = new byte[Encoding.UTF8.GetMaxByteCount(_chars.Length)];
        _writer = new Utf8JsonWriter(_json, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The frame as a JSON object (UTF-8), valid until the next call.</summary>
    public ReadOnlySpan<byte> Json(OutputPacket packet, int frame)
    {
        var frames = packet.Frames;
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        _writer.WriteStartObject();
        _writer.WriteNumber(Seq, packet.FirstSequence + frame);
        _writer.WriteNumber(Time, frames.Timestamps[frame]);
        _writer.WriteNumber(Index, frames.SampleIndex[frame]);
        ReadOnlySpan<float> v = frames.Frame(frame);
        if (_isCommand) _writer.WriteString(Label, _names[ArgMax(v)]);
        if (_format.FrameLength == 1)
        {
            _writer.WriteStartObject(Values);
            for (int c = 0; c < v.Length; c++) _writer.WriteNumber(_names[c], v[c]);
            _writer.WriteEndObject();
        }
        else
        {
            _writer.WriteNumber(Samples, _format.FrameLength);
        }
        if (_withLatency) _writer.WriteNumber(Latency, Math.Round(packet.LatencySeconds(frame) * 1e3, 4));
        _writer.WriteEndObject();
        _writer.Flush();
        return _json.WrittenSpan;
    }

    /// <summary>The frame as a line for people (UTF-8), valid until the next call.</summary>
    public ReadOnlySpan<byte> Text(OutputPacket packet, int frame)
    {
        var frames = packet.Frames;
        ReadOnlySpan<float> v = frames.Frame(frame);
        _length = 0;
        Append('#');
        Append(packet.FirstSequence + frame, "D4");
        Append("  t=");
        Append(frames.Timestamps[frame], "0.000");
        Append("s  ");
        if (_isCommand)
        {
            int best = ArgMax(v);
            Append(_format.Channels[best].Name);
            Append("  (");
            for (int c = 0; c < v.Length && c < MaxTextChannels; c++)
            {
                if (c > 0) Append(", ");
                Append(_format.Channels[c].Name);
                Append(' ');
                Append(v[c], "0.000");
            }
            Append(')');
        }
        else if (_format.FrameLength == 1)
        {
            for (int c = 0; c < v.Length && c < MaxTextChannels; c++)
            {
                if (c > 0) Append(", ");
                Append(_format.Channels[c].Name);
                Append('=');
                Append(v[c], "0.###");
            }
            if (v.Length > MaxTextChannels) Append(", ...");
        }
        else
        {
            Append("window of ");
            Append(_format.FrameLength, "D");
            Append(" samples x ");
            Append(_format.ChannelCount, "D");
            Append(" ch");
        }
        Append("  latency ");
        double us = packet.LatencySeconds(frame) * 1e6;
        if (us < 1000)
        {
            Append(us, "0.0");
            Append(" us");
        }
        else
        {
            Append(us / 1000, "0.00");
            Append(" ms");
        }
        int n = Encoding.UTF8.GetBytes(_chars.AsSpan(0, _length), _bytes);
        return _bytes.AsSpan(0, n);
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private void Append(char c)
    {
        if (_length < _chars.Length) _chars[_length++] = c;
    }

    private void Append(string s)
    {
        int n = Math.Min(s.Length, _chars.Length - _length);
        s.AsSpan(0, n).CopyTo(_chars.AsSpan(_length));
        _length += n;
    }

    private void Append<T>(T value, string format) where T : ISpanFormattable
    {
        if (value.TryFormat(_chars.AsSpan(_length), out int written, format, System.Globalization.CultureInfo.InvariantCulture))
            _length += written;
    }
}
