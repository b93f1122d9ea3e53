namespace NeuroRT.Formats.Sources.Replay;

/// <summary>How a replay cuts the recording into the chunks it hands on.</summary>
public enum ReplayChunking
{
    /// <summary>Every chunk is <c>chunk</c> long (the last of a pass may be shorter).</summary>
    Fixed,

    /// <summary>Chunk sizes drawn uniformly from 1 .. 2 x <c>chunk</c> samples (seeded by <c>fault-seed</c>).</summary>
    Random,
}
