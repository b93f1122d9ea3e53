namespace NeuroRT.Core.Outputs;

/// <summary>
/// An output that may be written on the pipeline thread itself, right after the stages, instead of on a thread of its
/// own behind the output channel. Handing a packet to another thread costs one wake-up of that thread: tens of
/// microseconds at the median and milliseconds in the tail when the scheduler is busy, which is most of the latency
/// NeuroRT adds to a command (docs/performance.md). An output qualifies only when its <see cref="IPipelineOutput.Write"/>
/// never blocks, takes a bounded few microseconds and allocates nothing in the steady state (an LSL outlet that only
/// queues the encoded sample for its sender threads). Plugins never qualify: their code is not NeuroRT's.
/// </summary>
public interface IInlineOutput : IPipelineOutput
{
    /// <summary>True to be written on the pipeline thread; read once, after <see cref="IPipelineOutput.Open"/>.</summary>
    bool Inline { get; }
}
