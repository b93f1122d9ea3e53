namespace NeuroRT.Core.Outputs;

/// <summary>
/// An output the pipeline thread never waits for, not even in an as-fast-as-possible replay (where other outputs are
/// lossless): when it falls behind, its oldest queued packets are dropped and counted. Plugins are such outputs, since
/// their code is not NeuroRT's and may block.
/// </summary>
public interface IDropOldestOutput : IPipelineOutput
{
    /// <summary>
    /// True while the output is stuck in a call past its deadline. The end of the run then abandons its queue at once
    /// instead of waiting for the drain timeout, and does not fail the run for it (the output reports it itself).
    /// </summary>
    bool IsStuck { get; }
}
