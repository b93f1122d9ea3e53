using System.CommandLine;
using NeuroRT.Formats.Edf;
using NeuroRT.Scoring.Events;
using NeuroRT.Scoring.Readers;
using NeuroRT.Scoring.Report;

namespace NeuroRT.Cli.Commands.Score;

/// <summary>
/// <c>neurort score --reference FILE --hypothesis FILE</c>: SzCORE event-based and sample-based scoring of alarms
/// against annotated seizures (docs/scoring.md), printed as a table of seizures and totals, optionally written as JSON.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var reference = new Option<FileInfo>("--reference") { Description = "the seizures: EDF+/BDF+ annotations, a CHB-MIT *-summary.txt, or a BIDS-style .tsv (onset, duration, eventType)", Required = true, HelpName = "FILE" };
        var hypothesis = new Option<FileInfo>("--hypothesis") { Description = "the alarms: a seizure-alarm log (JSON lines) or a .tsv of the same columns", Required = true, HelpName = "FILE" };
        var duration = new Option<double?>("--duration") { Description = "the recording's duration in seconds (default: from --recording, or from the reference file when it states it)", HelpName = "SECONDS" };
        var recording = new Option<FileInfo?>("--recording") { Description = "the EDF/BDF recording scored: gives the duration and the recording name for a CHB-MIT summary", HelpName = "EDF" };
        var recordingName = new Option<string?>("--recording-name") { Description = "the recording to take from a CHB-MIT summary, e.g. chb01_03.edf (default: the --recording file's name)", HelpName = "NAME" };
        var json = new Option<FileInfo?>("--json") { Description = "also write the report as JSON to this file (overwritten)", HelpName = "OUT" };
        var seizureText = new Option<string[]>("--seizure-text") { Description = $"text marking a seizure annotation in EDF+ files, matched case-insensitively anywhere in the text (repeatable; default \"{EdfAnnotationReader.DefaultSeizureText}\")", HelpName = "TEXT", AllowMultipleArgumentsPerToken = false };
        var alarmDuration = new Option<double?>("--alarm-duration") { Description = "seconds an alarm without an offset line lasts (default: to the end of the recording)", HelpName = "SECONDS" };
        var timeOrigin = new Option<double>("--time-origin") { Description = "source time of the recording's start, subtracted from alarm-log times (0 for recordings replayed by NeuroRT; the first sample's LSL time for a live stream)", DefaultValueFactory = _ => 0, HelpName = "SECONDS" };

        var command = new Command("score", "score seizure alarms against annotated seizures the SzCORE way: event-based (30 s / 60 s tolerance, merge < 90 s, split > 300 s) and sample-based (1 Hz)")
        {
            reference, hypothesis, duration, recording, recordingName, json, seizureText, alarmDuration, timeOrigin,
        };
        command.SetAction(r => Run(
            new ScoreArguments(
                r.GetValue(reference)!.FullName,
                r.GetValue(hypothesis)!.FullName,
                r.GetValue(duration),
                r.GetValue(recording)?.FullName,
                r.GetValue(recordingName),
                r.GetValue(json)?.FullName,
                r.GetValue(seizureText) ?? [],
                r.GetValue(alarmDuration),
                r.GetValue(timeOrigin)),
            Console.Error));
        return command;
    }

    /// <summary>The command's inputs.</summary>
    internal sealed record ScoreArguments(
        string Reference, string Hypothesis, double? Duration, string? Recording, string? RecordingName,
        string? Json, IReadOnlyList<string> SeizureTexts, double? AlarmDuration, double TimeOrigin);

    public static int Run(ScoreArguments a, TextWriter stderr)
    {
        ScoreReport report;
        try
        {
            report = Score(a);
        }
        catch (Exception e) when (e is ScoringInputException or FileNotFoundException or IOException or ArgumentOutOfRangeException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        ScoreTable.Print(report, Lsl.Consoles.Stdout());
        if (a.Json is not null)
        {
            try
            {
                File.WriteAllText(a.Json, ScoreReportJson.Format(report));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: --json {a.Json}: {e.Message}");
                return ExitCodes.InvalidInput;
            }
        }

        return ExitCodes.Ok;
    }

    private static ScoreReport Score(ScoreArguments a)
    {
        if (a.Duration is { } d && (!(d > 0) || !double.IsFinite(d))) throw new ScoringInputException($"--duration {d}: must be a positive number of seconds");
        if (a.Duration is not null && a.Recording is not null) throw new ScoringInputException("--duration and --recording both give the duration: use one");
        if (a.AlarmDuration is { } ad && (!(ad >= 0) || !double.IsFinite(ad))) throw new ScoringInputException($"--alarm-duration {ad}: must be a number of seconds >= 0");
        if (!double.IsFinite(a.TimeOrigin)) throw new ScoringInputException($"--time-origin {a.TimeOrigin}: must be a number of seconds");

        double? duration = a.Duration;
        string durationSource = "--duration";
        if (a.Recording is not null)
        {
            duration = RecordingDuration(a.Recording);
            durationSource = $"--recording {Path.GetFileName(a.Recording)}";
        }

        var options = new ReadOptions
        {
            RecordingName = a.RecordingName ?? (a.Recording is null ? null : Path.GetFileName(a.Recording)),
            SeizureTexts = a.SeizureTexts,
            OpenAlarmDuration = a.AlarmDuration,
            RecordingEnd = duration,
            TimeOrigin = a.TimeOrigin,
        };
        EventFile reference = EventReaders.Read(a.Reference, options);
        if (duration is null && reference.RecordingDuration is { } fromReference)
        {
            duration = fromReference;
            durationSource = $"reference ({reference.Format})";
        }

        EventFile hypothesis = EventReaders.Read(a.Hypothesis, options with { RecordingEnd = duration });
        if (duration is null && hypothesis.RecordingDuration is { } fromHypothesis)
        {
            duration = fromHypothesis;
            durationSource = $"hypothesis ({hypothesis.Format})";
        }

        if (duration is null)
            throw new ScoringInputException($"the recording's duration is unknown ({reference.Format} and {hypothesis.Format} do not state it): give --duration SECONDS or --recording EDF");
        return ScoreReport.Create(reference, hypothesis, duration.Value, durationSource);
    }

    private static double RecordingDuration(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--recording {path}: no such file", path);
        try
        {
            using EdfFile file = EdfFile.Open(path);
            if (file.RecordCount == 0) throw new ScoringInputException($"--recording {path}: no data record, so no duration");
            return file.RecordOnset(file.RecordCount - 1) + file.RecordDuration;
        }
        catch (EdfFormatException e)
        {
            throw new ScoringInputException($"--recording: {e.Message}");
        }
    }
}
