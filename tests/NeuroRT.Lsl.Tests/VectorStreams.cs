using System.Text;
using System.Text.Json;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests;

/// <summary>What a captured feed holds, read from the manifest: the stream, the header, and every sample's expected timestamp and values.</summary>
public sealed class VectorFeed
{
    public required string File { get; init; }
    public required LslStreamInfo Info { get; init; }
    public required List<string> HeaderLines { get; init; }
    public required int HeaderEnd { get; init; }
    public required int DataProtocol { get; init; }
    public required List<double> Timestamps { get; init; }
    public required List<JsonElement[]> Values { get; init; }
    public required byte[] Bytes { get; init; }

    /// <summary>Loads a feed-response vector and its manifest description.</summary>
    public static VectorFeed Load(string file)
    {
        var entry = Vectors.File_(file);
        var layout = entry.GetProperty("layout");
        string folder = file[..file.LastIndexOf('/')];
        var session = Vectors.Session(folder + "/session");
        var streamInfo = session.GetProperty("stream_info");
        var info = new LslStreamInfo
        {
            Name = streamInfo.GetProperty("name").GetString()!,
            Uid = streamInfo.GetProperty("uid").GetString()!,
            ChannelFormat = ChannelFormats.Parse(streamInfo.GetProperty("channel_format").GetString()!),
            ChannelCount = int.Parse(streamInfo.GetProperty("channel_count").GetString()!),
            NominalRate = double.Parse(streamInfo.GetProperty("nominal_srate").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            ProtocolVersion = (int)Math.Round(double.Parse(streamInfo.GetProperty("version").GetString()!, System.Globalization.CultureInfo.InvariantCulture) * 100),
        };
        var headerLines = new List<string>();
        var headerSource = layout.TryGetProperty("header_lines", out var h) ? h : entry.TryGetProperty("header_lines", out var h2) ? h2 : default;
        if (headerSource.ValueKind == JsonValueKind.Array)
            foreach (var line in headerSource.EnumerateArray()) headerLines.Add(line.GetString()!);
        int headerEnd = layout.TryGetProperty("header_end_offset", out var he) ? he.GetInt32() : entry.TryGetProperty("header_end_offset", out var he2) ? he2.GetInt32() : 0;
        int protocol = headerLines.Count == 0 ? 100 : headerLines.Exists(l => l == "Data-Protocol-Version: 100") ? 100 : 110;

        var timestamps = new List<double>();
        var values = new List<JsonElement[]>();
        // Expected timestamps come from what the outlet pushed (the deduced ones reconstructed as liblsl does):
        // the manifest's own decoding of raw/int8's "big-endian" feed reads its timestamps in the wrong byte order,
        // while that feed is little-endian (Byte-Order: 1234; one-byte values are never converted).
        var pushed = session.GetProperty("timestamps_pushed").EnumerateArray().ToArray();
        double previous = 0;
        int index = 0;
        foreach (var sample in layout.GetProperty("samples").EnumerateArray())
        {
            var ts = pushed[index++];
            double t = ts.ValueKind == JsonValueKind.Number ? ts.GetDouble() : previous + (info.NominalRate > 0 ? 1.0 / info.NominalRate : 0);
            timestamps.Add(t);
            previous = t;
            values.Add(sample.GetProperty("values").EnumerateArray().ToArray());
        }

        return new VectorFeed
        {
            File = file, Info = info, HeaderLines = headerLines, HeaderEnd = headerEnd, DataProtocol = protocol,
            Timestamps = timestamps, Values = values, Bytes = Vectors.Bytes(file),
        };
    }

    /// <summary>Expected double of a numeric manifest value ("nan", "inf", "-inf" or a number).</summary>
    public static double Number(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : value.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, var s => throw new InvalidOperationException($"unexpected value {s}") };

    /// <summary>Expected text of a string manifest value (expanding the 300-character placeholder).</summary>
    public static string Text(JsonElement value)
    {
        string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetProperty("text").GetString()!;
        if (text.EndsWith("(300 chars)", StringComparison.Ordinal))
        {
            const int length = 300;
            var sb = new StringBuilder(length);
            for (int k = 0; k < length; k++) sb.Append((char)('A' + k % 26));
            return sb.ToString();
        }

        return text;
    }
}
