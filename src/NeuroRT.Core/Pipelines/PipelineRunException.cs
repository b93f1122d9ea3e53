namespace NeuroRT.Core.Pipelines;

/// <summary>A running pipeline failed: a stage threw, the source broke, an output would not finish.</summary>
public sealed class PipelineRunException(string message, Exception? inner = null) : Exception(message, inner);
