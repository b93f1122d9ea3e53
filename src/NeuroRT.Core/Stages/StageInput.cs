using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Stages;

/// <summary>What a stage will receive: the stream format and the most frames in one block.</summary>
public readonly record struct StageInput(StreamFormat Format, int MaxFramesPerBlock);

/// <summary>What a stage will emit: the stream format and the most frames it writes for one input block.</summary>
public readonly record struct StageOutput(StreamFormat Format, int MaxFramesPerBlock);
