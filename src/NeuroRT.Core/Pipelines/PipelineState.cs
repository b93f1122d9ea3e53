namespace NeuroRT.Core.Pipelines;

/// <summary>Where a run stands.</summary>
public enum PipelineState
{
    /// <summary>Built, not started.</summary>
    Ready,
    /// <summary>Processing.</summary>
    Running,
    /// <summary>Stop requested; draining outputs.</summary>
    Stopping,
    /// <summary>The source ended and everything was processed and delivered.</summary>
    Completed,
    /// <summary>Stopped on request.</summary>
    Stopped,
    /// <summary>A stage or the source failed; see <see cref="PipelineRunner.Failure"/>.</summary>
    Failed,
}
