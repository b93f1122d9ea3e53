using System.Globalization;
using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Readers;

/// <summary>
/// Events from a BIDS-style events TSV as SzCORE defines it: a header row naming the tab-separated columns
/// <c>onset</c>, <c>duration</c> (seconds) and <c>eventType</c> (others, such as <c>confidence</c>, <c>channels</c>,
/// <c>dateTime</c>, are ignored). A row is a seizure when its eventType starts with "sz" (sz, sz_foc_a, sz_gen_m ...,
/// the HED-SCORE seizure types); "bckg" and anything else is not. The optional <c>recordingDuration</c> column gives
/// the recording's duration (the first numeric value; "n/a" is skipped).
/// </summary>
public static class TsvEventReader
{
    /// <summary>The prefix of seizure event types.</summary>
    public const string SeizurePrefix = "sz";

    /// <summary>Reads the seizure rows of <paramref name="path"/>.</summary>
    public static EventFile Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        int headerIndex = Array.FindIndex(lines, static l => l.Trim().Length > 0);
        if (headerIndex < 0) throw new ScoringInputException($"{path}: empty file (a TSV needs a header row: onset, duration, eventType)");
        string[] header = lines[headerIndex].Split('\t');
        int onset = Column(header, "onset", path, headerIndex + 1);
        int duration = Column(header, "duration", path, headerIndex + 1);
        int eventType = Column(header, "eventType", path, headerIndex + 1);
        int recordingDuration = Array.FindIndex(header, static h => string.Equals(h.Trim(), "recordingDuration", StringComparison.OrdinalIgnoreCase));

        var events = new List<SeizureEvent>();
        double? total = null;
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            string where = $"{path}:{i + 1}";
            string[] cells = lines[i].Split('\t');
            if (cells.Length != header.Length)
                throw new ScoringInputException($"{where}: {cells.Length} tab-separated cells, but the header has {header.Length} columns");
            if (recordingDuration >= 0 && total is null && Number(cells[recordingDuration], where, "recordingDuration", allowMissing: true) is { } d) total = d;
            if (!cells[eventType].Trim().StartsWith(SeizurePrefix, StringComparison.OrdinalIgnoreCase)) continue;
            double start = Number(cells[onset], where, "onset", allowMissing: false)!.Value;
            double length = Number(cells[duration], where, "duration", allowMissing: false)!.Value;
            if (length < 0) throw new ScoringInputException($"{where}: duration {length} is negative");
            events.Add(new SeizureEvent(start, start + length, where));
        }

        events.Sort(static (a, b) => a.Onset.CompareTo(b.Onset));
        return new EventFile(path, "TSV events", events, total, []);
    }

    private static int Column(string[] header, string name, string path, int line)
    {
        int index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new ScoringInputException($"{path}:{line}: the header has no '{name}' column (needs onset, duration, eventType; has {string.Join(", ", header)})");
        return index;
    }

    private static double? Number(string cell, string where, string column, bool allowMissing)
    {
        string text = cell.Trim();
        if (allowMissing && (text.Length == 0 || text.Equals("n/a", StringComparison.OrdinalIgnoreCase))) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new ScoringInputException($"{where}: {column} '{text}' is not a number of seconds");
        return value;
    }
}
