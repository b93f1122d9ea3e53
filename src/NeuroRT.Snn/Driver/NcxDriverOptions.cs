namespace NeuroRT.Snn.Driver;

/// <summary>Settings of an <see cref="NcxDriver"/>.</summary>
public sealed class NcxDriverOptions
{
    /// <summary>
    /// Timesteps of silent input run before every batch run that follows another one since the last load (0: none).
    /// State leaks between runs (refractory counters, the last timestep's spike counts and recurrent sums, STDP traces,
    /// spec §5.5); a flush lets it decay so that samples are independent.
    /// </summary>
    public int FlushBetweenRuns { get; init; }

    /// <summary>
    /// Events the driver keeps queued in the board's 1 024-entry FIFO at most (it drops overflow silently, spec §4.3);
    /// a little below 1 024 because the FIFO's exact usable depth is not known (spec §12).
    /// </summary>
    public int FifoLimit { get; init; } = 1000;

    /// <summary>Refill the FIFO when the driver's count of queued events falls to this.</summary>
    public int FifoLowWater { get; init; } = 500;
}
