using System.Text.Json;
using System.Xml.Linq;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Lsl.Tests.Outlet;

/// <summary>A NeuroRT outlet serving the same stream as a capture session, and the samples that session pushed.</summary>
public static class VectorOutlet
{
    /// <summary>The stream of a session (name, type, format, channels, rate, source_id, and the desc the capture tools wrote).</summary>
    public static LslStreamInfo InfoOf(string session)
    {
        var s = Vectors.Session(session).GetProperty("stream_info");
        var format = ChannelFormats.Parse(s.GetProperty("channel_format").GetString()!);
        string baseFormat = format.Name();
        var info = new LslStreamInfo
        {
            Name = s.GetProperty("name").GetString()!,
            Type = format == ChannelFormat.String ? "Markers" : "EEG",
            ChannelCount = int.Parse(s.GetProperty("channel_count").GetString()!),
            ChannelFormat = format,
            NominalRate = double.Parse(s.GetProperty("nominal_srate").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            SourceId = $"neurort-vec-{baseFormat}",
        };
        info.Desc.Add(new XElement("manufacturer", "NeuroRT"));
        var channels = new List<(string, string, string)>();
        for (int c = 0; c < info.ChannelCount; c++) channels.Add(($"Ch{c + 1}", "microvolts", format == ChannelFormat.String ? "Markers" : "EEG"));
        info.SetChannels(channels);
        return info;
    }

    /// <summary>Starts an outlet for the session on an isolated network (ports of its own; the session id of the captures).</summary>
    public static LslOutlet Start(string session, LslConfig config) =>
        new(InfoOf(session), new LslOutletOptions { Config = config with { SessionId = "default" }, Log = new CollectingLog() });

    /// <summary>Pushes the session's 8 samples as the capture did (odd samples deduced; one write each unless <paramref name="batched"/>).</summary>
    public static void PushSession(LslOutlet outlet, string session, bool batched = false)
    {
        var s = Vectors.Session(session);
        // The edge sessions describe their values in words; their feed's layout lists them.
        var values = s.GetProperty("values_pushed").ValueKind == JsonValueKind.Array
            ? s.GetProperty("values_pushed").EnumerateArray().ToArray()
            : Vectors.File_(session.Replace("/session", "/streamfeed_response.bin", StringComparison.Ordinal)).GetProperty("layout").GetProperty("samples")
                .EnumerateArray().Select(e => e.GetProperty("values")).ToArray();
        var stamps = s.GetProperty("timestamps_pushed").EnumerateArray().ToArray();
        var format = outlet.Info.ChannelFormat;
        for (int i = 0; i < values.Length; i++)
        {
            double t = stamps[i].ValueKind == JsonValueKind.Number ? stamps[i].GetDouble() : -1.0;
            bool pushthrough = !batched || i == values.Length - 1;
            var row = values[i].EnumerateArray().ToArray();
            switch (format)
            {
                case ChannelFormat.String:
                    outlet.PushSample(row.Select(VectorFeed.Text).ToArray(), t, pushthrough);
                    break;
                case ChannelFormat.Float32:
                    outlet.PushSample<float>(row.Select(v => Float(v)).ToArray(), t, pushthrough);
                    break;
                case ChannelFormat.Double64:
                    outlet.PushSample<double>(row.Select(v => Double(v)).ToArray(), t, pushthrough);
                    break;
                default:
                    outlet.PushSample<long>(row.Select(v => v.GetInt64()).ToArray(), t, pushthrough);
                    break;
            }
        }
    }

    // The capture's NaN is the quiet NaN with a clear sign bit (.NET's double.NaN has it set).
    private static float Float(JsonElement v) => v.ValueKind == JsonValueKind.String && v.GetString() == "nan" ? BitConverter.Int32BitsToSingle(0x7FC00000) : (float)VectorFeed.Number(v);

    private static double Double(JsonElement v) => v.ValueKind == JsonValueKind.String && v.GetString() == "nan" ? BitConverter.Int64BitsToDouble(0x7FF8000000000000) : VectorFeed.Number(v);
}
