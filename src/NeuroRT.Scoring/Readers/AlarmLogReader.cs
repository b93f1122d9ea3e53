using System.Text;
using System.Text.Json;
using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Readers;

/// <summary>
/// Alarms from a NeuroRT seizure-alarm log (JSON lines, plugins/seizure-alarm/README.md "Alarm log"). An
/// <c>alarm</c> line opens alarm <c>seq</c> at its <c>onset</c>; the <c>offset</c> line of the same <c>seq</c> closes it
/// at its <c>offset</c>. Times are source timestamps; the time origin (the source time of the recording's
/// start; 0 for recordings replayed by NeuroRT) is subtracted. An alarm without an offset line lasted to the end of its
/// run: it ends after the stated default duration when one is given, else at the end of the recording.
/// <c>announce-failed</c> and other lines are not alarms and are skipped; a torn last line (no newline: the writer
/// died inside it) is skipped with a warning; any other line that is not a JSON object with an <c>event</c> is refused.
/// </summary>
public static class AlarmLogReader
{
    /// <summary>Reads the alarms of <paramref name="path"/>.</summary>
    /// <param name="path">The alarm log.</param>
    /// <param name="openAlarmDuration">Seconds an alarm without an offset lasts; null: to <paramref name="recordingEnd"/>.</param>
    /// <param name="recordingEnd">End of the recording in seconds from its start; null when unknown (then an alarm without offset needs <paramref name="openAlarmDuration"/>).</param>
    /// <param name="timeOrigin">Source time of the recording's start, subtracted from every time.</param>
    public static EventFile Read(string path, double? openAlarmDuration, double? recordingEnd, double timeOrigin = 0)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        string[] lines = text.Split('\n');
        bool tornLast = lines.Length > 0 && lines[^1].Length > 0; // text after the last newline
        var warnings = new List<string>();
        var open = new Dictionary<long, (double Onset, int Line)>();
        var closed = new HashSet<long>();
        var events = new List<SeizureEvent>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            string where = $"{path}:{i + 1}";
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e) when (tornLast && i == lines.Length - 1)
            {
                warnings.Add($"{where}: torn last line skipped (no newline, not JSON: {e.Message})");
                continue;
            }
            catch (JsonException e)
            {
                throw new ScoringInputException($"{where}: not a JSON object ({e.Message}); is this a seizure-alarm log?");
            }

            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out JsonElement kind) || kind.ValueKind != JsonValueKind.String)
                    throw new ScoringInputException($"{where}: not a JSON object with an \"event\"; is this a seizure-alarm log?");
                string name = kind.GetString()!;
                if (name == "alarm")
                {
                    long seq = Seq(root, where);
                    if (open.ContainsKey(seq) || closed.Contains(seq)) throw new ScoringInputException($"{where}: a second alarm line for seq {seq}");
                    open[seq] = (Time(root, "onset", where) - timeOrigin, i + 1);
                }
                else if (name == "offset")
                {
                    long seq = Seq(root, where);
                    if (!open.Remove(seq, out var alarm))
                        throw new ScoringInputException($"{where}: offset of alarm seq {seq}, but no alarm line for it before (or a second offset)");
                    double offset = Time(root, "offset", where) - timeOrigin;
                    if (offset < alarm.Onset) throw new ScoringInputException($"{where}: offset {offset} s is before the alarm's onset {alarm.Onset} s (line {alarm.Line})");
                    events.Add(new SeizureEvent(alarm.Onset, offset, $"{path}:{alarm.Line} (alarm {seq})"));
                    closed.Add(seq);
                }
            }
        }

        foreach (var (seq, alarm) in open)
        {
            double end = openAlarmDuration is { } d ? alarm.Onset + d
                : recordingEnd ?? throw new ScoringInputException($"{path}:{alarm.Line}: alarm {seq} has no offset line; give a default alarm duration (--alarm-duration) or the recording's duration");
            events.Add(new SeizureEvent(alarm.Onset, Math.Max(end, alarm.Onset), $"{path}:{alarm.Line} (alarm {seq}, no offset)"));
        }

        events.Sort(static (a, b) => a.Onset.CompareTo(b.Onset));
        return new EventFile(path, "seizure-alarm log", events, null, warnings);
    }

    private static long Seq(JsonElement root, string where) =>
        root.TryGetProperty("seq", out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long seq)
            ? seq
            : throw new ScoringInputException($"{where}: no integer \"seq\"");

    private static double Time(JsonElement root, string field, string where) =>
        root.TryGetProperty(field, out JsonElement t) && t.ValueKind == JsonValueKind.Number && double.IsFinite(t.GetDouble())
            ? t.GetDouble()
            : throw new ScoringInputException($"{where}: no number \"{field}\" (seconds)");
}
