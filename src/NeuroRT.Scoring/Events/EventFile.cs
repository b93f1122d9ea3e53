namespace NeuroRT.Scoring.Events;

/// <summary>What a reader found in one annotation or alarm file.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Format">The format it was read as (e.g. "CHB-MIT summary", "EDF+ annotations").</param>
/// <param name="Events">The seizure or alarm intervals, sorted by onset.</param>
/// <param name="Warnings">What the reader skipped and why (e.g. a torn last line of an alarm log); never silent.</param>
/// <param name="RecordingDuration">
/// The recording's duration when the file states it (an EDF file's records, a CHB-MIT summary's start and end times,
/// a TSV's <c>recordingDuration</c> column); null otherwise.
/// </param>
public sealed record EventFile(string Path, string Format, IReadOnlyList<SeizureEvent> Events, double? RecordingDuration, IReadOnlyList<string> Warnings);
