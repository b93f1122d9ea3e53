using System.Globalization;
using System.Text.RegularExpressions;
using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Readers;

/// <summary>
/// Seizures of one recording from a CHB-MIT <c>chbNN-summary.txt</c>. A recording's block starts at
/// <c>File Name: chb01_03.edf</c> and holds <c>File Start Time</c> / <c>File End Time</c> (clock times; hours may pass
/// 24), <c>Number of Seizures in File: N</c> and N pairs of <c>Seizure Start Time: S seconds</c> /
/// <c>Seizure End Time: E seconds</c>, or in the numbered form <c>Seizure 1 Start Time: S seconds</c>. The recording's
/// duration is end minus start time (1 s resolution). The number of pairs must equal N.
/// </summary>
public static partial class ChbMitSummaryReader
{
    /// <summary>One recording listed in a summary.</summary>
    /// <param name="FileName">As in its <c>File Name:</c> line.</param>
    /// <param name="Line">Line of the <c>File Name:</c> line (1-based).</param>
    /// <param name="Seizures">Its seizures.</param>
    /// <param name="Duration">End minus start time, s; null when the summary lacks them.</param>
    public sealed record Recording(string FileName, int Line, IReadOnlyList<SeizureEvent> Seizures, double? Duration);

    /// <summary>Reads the seizures of <paramref name="recordingName"/> (a file name, with or without ".edf", case-insensitive).</summary>
    /// <param name="path">The summary file.</param>
    /// <param name="recordingName">The recording; may be null when the summary lists only one.</param>
    public static EventFile Read(string path, string? recordingName)
    {
        List<Recording> recordings = ReadAll(path);
        if (recordings.Count == 0) throw new ScoringInputException($"{path}: no 'File Name:' line, so no recording (is this a CHB-MIT summary?)");
        Recording chosen;
        if (recordingName is null)
        {
            if (recordings.Count > 1)
                throw new ScoringInputException($"{path} lists {recordings.Count} recordings ({recordings[0].FileName} ... {recordings[^1].FileName}): choose one with --recording-name (or --recording)");
            chosen = recordings[0];
        }
        else
        {
            string wanted = Path.GetFileName(recordingName);
            chosen = recordings.Find(r => SameRecording(r.FileName, wanted))
                ?? throw new ScoringInputException($"{path}: no recording named '{wanted}' (it lists {recordings.Count}: {recordings[0].FileName} ... {recordings[^1].FileName})");
        }

        return new EventFile(path, $"CHB-MIT summary, {chosen.FileName}", chosen.Seizures, chosen.Duration, []);
    }

    /// <summary>Every recording of the summary, in file order.</summary>
    public static List<Recording> ReadAll(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var recordings = new List<Recording>();
        Block? block = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int lineNumber = i + 1;
            string where = $"{path}:{lineNumber}";
            Match m;
            if ((m = FileNameLine().Match(line)).Success)
            {
                if (block is not null) recordings.Add(block.Finish(path));
                block = new Block(m.Groups[1].Value.Trim(), lineNumber);
            }
            else if ((m = ClockLine().Match(line)).Success)
            {
                Block b = block ?? throw new ScoringInputException($"{where}: '{line}' before any 'File Name:' line");
                double t = Clock(m.Groups[2].Value, where);
                if (m.Groups[1].Value == "Start") b.Start = t;
                else b.End = t;
            }
            else if ((m = CountLine().Match(line)).Success)
            {
                Block b = block ?? throw new ScoringInputException($"{where}: '{line}' before any 'File Name:' line");
                b.Declared = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), lineNumber);
            }
            else if ((m = SeizureLine().Match(line)).Success)
            {
                Block b = block ?? throw new ScoringInputException($"{where}: '{line}' before any 'File Name:' line");
                double seconds = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                if (m.Groups[2].Value == "Start")
                {
                    if (b.PendingStart is not null) throw new ScoringInputException($"{where}: a seizure start, but the one at line {b.PendingStart.Value.Line} has no end time");
                    b.PendingStart = (seconds, lineNumber);
                }
                else
                {
                    var (start, startLine) = b.PendingStart ?? throw new ScoringInputException($"{where}: a seizure end time without a start time before it");
                    if (seconds < start) throw new ScoringInputException($"{where}: seizure ends at {seconds} s, before its start at {start} s (line {startLine})");
                    b.Seizures.Add(new SeizureEvent(start, seconds, $"{path}:{startLine}"));
                    b.PendingStart = null;
                }
            }
            else if (line.StartsWith("Seizure", StringComparison.OrdinalIgnoreCase))
            {
                // A seizure line in neither known form would otherwise be lost without a word.
                throw new ScoringInputException($"{where}: '{line}' is not a seizure time line ('Seizure [N] Start Time: S seconds' or 'Seizure [N] End Time: E seconds')");
            }
        }

        if (block is not null) recordings.Add(block.Finish(path));
        return recordings;
    }

    private static bool SameRecording(string listed, string wanted) =>
        string.Equals(listed, wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.GetFileNameWithoutExtension(listed), wanted, StringComparison.OrdinalIgnoreCase);

    // "13:43:04", or "24:44:29" for a recording that started before midnight and ended after it.
    private static double Clock(string text, string where)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int min)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int s)
            || min > 59 || s > 59)
            throw new ScoringInputException($"{where}: '{text}' is not a clock time HH:MM:SS");
        return h * 3600 + min * 60 + s;
    }

    private sealed class Block(string fileName, int line)
    {
        public double? Start;
        public double? End;
        public (int Count, int Line)? Declared;
        public (double Seconds, int Line)? PendingStart;
        public readonly List<SeizureEvent> Seizures = [];

        public Recording Finish(string path)
        {
            if (PendingStart is { } p) throw new ScoringInputException($"{path}:{p.Line}: seizure start time without an end time");
            if (Declared is { } d && d.Count != Seizures.Count)
                throw new ScoringInputException($"{path}:{d.Line}: {fileName} declares {d.Count} seizure(s) but lists {Seizures.Count}");
            double? duration = null;
            if (Start is { } s && End is { } e)
            {
                double span = e - s;
                while (span <= 0) span += 24 * 3600; // the clock passed midnight and was written from 00:00 again
                duration = span;
            }

            return new Recording(fileName, line, Seizures, duration);
        }
    }

    [GeneratedRegex(@"^File Name:\s*(\S.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileNameLine();

    [GeneratedRegex(@"^File (Start|End) Time:\s*(\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockLine();

    [GeneratedRegex(@"^Number of Seizures in File:\s*(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CountLine();

    [GeneratedRegex(@"^Seizure(\s+\d+)?\s+(Start|End)\s+Time:\s*(\d+(?:\.\d+)?)\s*(?:seconds|secs?|s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SeizureLine();
}
