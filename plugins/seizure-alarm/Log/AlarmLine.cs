using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuroRT.Plugins.SeizureAlarm.Log;

/// <summary>The JSON-lines format of the alarm log (specified in the plugin's README).</summary>
public static class AlarmLine
{
    /// <summary>The line of an alarm or offset.</summary>
    public static string Format(AlarmEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", e.KindName);
            w.WriteNumber("seq", e.Sequence);
            w.WriteNumber("onset", e.Onset);
            w.WriteNumber("confirmed", e.Confirmed);
            if (e.Kind == AlarmEventKind.Offset)
            {
                w.WriteNumber("offset", e.Offset);
                w.WriteNumber("duration", e.Offset - e.Onset);
            }

            w.WriteNumber("peak", e.Peak);
            w.WriteString("wall", Wall(e.Wall));
            w.WriteString("output", e.Output);
            w.WriteString("source", e.Source);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The line recording that an announcer gave up on an alarm or offset.</summary>
    public static string FormatFailure(AlarmEvent e, string announcer, int attempts, string error, DateTime wall)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", "announce-failed");
            w.WriteNumber("seq", e.Sequence);
            w.WriteString("of", e.KindName);
            w.WriteString("announcer", announcer);
            w.WriteNumber("attempts", attempts);
            w.WriteString("error", error);
            w.WriteString("wall", Wall(wall));
            w.WriteString("output", e.Output);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>ISO-8601 UTC with 7 fractional digits, e.g. 2026-12-02T04:30:00.1234567Z.</summary>
    public static string Wall(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
