using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Readers;

/// <summary>What the readers need besides the file.</summary>
public sealed record ReadOptions
{
    /// <summary>The recording to take from a CHB-MIT summary (its file name).</summary>
    public string? RecordingName { get; init; }

    /// <summary>Texts marking seizure annotations in EDF+ files (default "seiz").</summary>
    public IReadOnlyList<string>? SeizureTexts { get; init; }

    /// <summary>Seconds an alarm without an offset line lasts (default: to the end of the recording).</summary>
    public double? OpenAlarmDuration { get; init; }

    /// <summary>End of the recording, s from its start, when known (for alarms without an offset line).</summary>
    public double? RecordingEnd { get; init; }

    /// <summary>Source time of the recording's start, subtracted from alarm-log times.</summary>
    public double TimeOrigin { get; init; }
}

/// <summary>Picks the reader by the file's name and first bytes.</summary>
public static class EventReaders
{
    /// <summary>Reads <paramref name="path"/> as EDF+ (.edf/.bdf), TSV (.tsv), a CHB-MIT summary (a text file with "File Name:" lines) or an alarm log (JSON lines).</summary>
    /// <exception cref="ScoringInputException">Unknown format, or the file is malformed (the message names file:line).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static EventFile Read(string path, ReadOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".edf" or ".bdf":
                return EdfAnnotationReader.Read(path, options.SeizureTexts);
            case ".tsv":
                return TsvEventReader.Read(path);
        }

        string head = ReadHead(path);
        // A run that raised no alarm leaves an empty log (the plugin creates it at start): no events, not an error.
        bool emptyLog = head.Trim().Length == 0 && extension is ".jsonl" or ".json" or ".log";
        if (emptyLog || head.TrimStart().StartsWith('{'))
            return AlarmLogReader.Read(path, options.OpenAlarmDuration, options.RecordingEnd, options.TimeOrigin);
        if (head.Contains("File Name:", StringComparison.Ordinal) || head.Contains("Data Sampling Rate", StringComparison.Ordinal))
            return ChbMitSummaryReader.Read(path, options.RecordingName);
        throw new ScoringInputException($"{path}: not a format neurort score reads (EDF+ .edf/.bdf, BIDS-style .tsv, CHB-MIT *-summary.txt, seizure-alarm log of JSON lines)");
    }

    private static string ReadHead(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[4096];
        int n = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n);
    }
}
