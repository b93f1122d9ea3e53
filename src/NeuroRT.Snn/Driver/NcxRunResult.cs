using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

/// <summary>
/// What a batch run produced, in buffers the caller allocates once and reuses (a run allocates nothing): the spike
/// raster, the events actually sent and how the inputs were fitted to the board's one-input-per-timestep scheduler.
/// </summary>
public sealed class NcxRunResult
{
    private readonly ulong[] _spikes;
    private readonly NcxEvent[] _events;

    /// <summary>Holds runs of up to <paramref name="maxTimesteps"/> meaningful timesteps and <paramref name="maxEvents"/> events.</summary>
    public NcxRunResult(int maxTimesteps, int maxEvents = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTimesteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        _spikes = new ulong[2 * maxTimesteps];
        _events = new NcxEvent[maxEvents];
    }

    /// <summary>Meaningful timesteps the result can hold.</summary>
    public int TimestepCapacity => _spikes.Length / 2;

    /// <summary>Events the result can hold.</summary>
    public int EventCapacity => _events.Length;

    /// <summary>Meaningful timesteps of the run (τₙ − 1): frames 1…Timesteps are valid.</summary>
    public int Timesteps { get; internal set; }

    /// <summary>Timestep in which the run's last event (the trailing dummy) was consumed (τₙ).</summary>
    public int LastEventTimestep { get; internal set; }

    /// <summary>Inputs moved to a later timestep because an earlier input already held theirs (spec §5.3).</summary>
    public int Collisions { get; internal set; }

    /// <summary>The largest such move, in timesteps.</summary>
    public int MaxCollisionDelay { get; internal set; }

    /// <summary>Events to the silent address inserted to bridge gaps of more than 256 timesteps (dt is 8 bits).</summary>
    public int FillerEvents { get; internal set; }

    /// <summary>Spikes over the meaningful timesteps.</summary>
    public int SpikeCount { get; internal set; }

    /// <summary>
    /// The raster: two words per timestep, timestep t (1-based) at [2(t−1)] (neurons 0…63, bit k = neuron k) and
    /// [2(t−1)+1] (neurons 64…89 in bits 0…25).
    /// </summary>
    public ReadOnlySpan<ulong> Spikes => _spikes.AsSpan(0, 2 * Timesteps);

    /// <summary>The events sent, in order, the trailing dummy included.</summary>
    public ReadOnlySpan<NcxEvent> Events => _events.AsSpan(0, EventCount);

    /// <summary>Number of events sent.</summary>
    public int EventCount { get; internal set; }

    /// <summary>Whether neuron k spiked in timestep t (1-based).</summary>
    public bool Spiked(int timestep, int neuron) => Frame(timestep).Spiked(neuron);

    /// <summary>The frame of timestep t (1…<see cref="Timesteps"/>).</summary>
    public NcxSpikeFrame Frame(int timestep)
    {
        if ((uint)(timestep - 1) >= (uint)Timesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(timestep), timestep, $"the run has timesteps 1…{Timesteps}");
        }

        return new NcxSpikeFrame(timestep, _spikes[2 * (timestep - 1)], _spikes[2 * (timestep - 1) + 1]);
    }

    internal ulong[] Raster => _spikes;

    internal NcxEvent[] EventBuffer => _events;

    internal void Reset()
    {
        Timesteps = 0;
        LastEventTimestep = 0;
        Collisions = 0;
        MaxCollisionDelay = 0;
        FillerEvents = 0;
        SpikeCount = 0;
        EventCount = 0;
    }
}
