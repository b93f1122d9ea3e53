namespace NeuroRT.Formats.Sources.Replay;

/// <summary>How a recording is replayed: pace, chunking, passes and the faults injected (see <see cref="RecordingSource"/>).</summary>
internal readonly record struct ReplayOptions(
    double Speed, double ChunkSeconds, int Loop, double JitterPercent, double HitchesPerMinute, double HitchSeconds,
    double DropPercent, ReplayChunking Chunking, long Seed);
