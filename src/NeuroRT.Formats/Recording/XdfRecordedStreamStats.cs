namespace NeuroRT.Formats.Recording;

/// <summary>
/// What a recorder took for one stream: samples and chunks accepted into the queue (written unless the recording
/// fails), chunks and samples dropped because the queue was full (or a waiting producer was cancelled), and the
/// first and last time stamp accepted (NaN before the first sample).
/// </summary>
public readonly record struct XdfRecordedStreamStats(
    long Samples, long Chunks, long DroppedChunks, long DroppedSamples, double FirstTimestamp, double LastTimestamp);
