namespace NeuroRT.Core.Outputs;

/// <summary>
/// An output whose code is not NeuroRT's and may block (a plugin). In real time the pipeline thread never waits for
/// any output: when one falls behind, its oldest queued packets are dropped and counted. In an as-fast-as-possible
/// replay other outputs are lossless (the pipeline waits for them); such an output is waited for only while it is
/// not stuck in a call past its deadline (<see cref="IsStuck"/>), so a healthy plugin sees every command of a replay
/// and a blocked one cannot hold the replay up: its oldest packets are then dropped and counted.
/// </summary>
public interface IDropOldestOutput : IPipelineOutput
{
    /// <summary>
    /// True while the output is stuck in a call past its deadline. The end of the run then abandons its queue at once
    /// instead of waiting for the drain timeout, and does not fail the run for it (the output reports it itself).
    /// </summary>
    bool IsStuck { get; }
}
