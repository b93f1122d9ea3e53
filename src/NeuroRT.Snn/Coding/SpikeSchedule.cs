namespace NeuroRT.Snn.Coding;

/// <summary>
/// The input events of one run, as the board needs them: at most one per timestep, timesteps 1…T strictly increasing
/// (spec §5.3). Encoders add events at an ideal timestep; <see cref="Add"/> serialises collisions by moving an event to
/// the next free timestep (so the order of addition decides who goes first) and counts the events that no longer fit
/// in T as <see cref="Dropped"/>. Preallocated for T events; nothing allocates after construction.
/// </summary>
public sealed class SpikeSchedule
{
    private readonly int[] _timesteps;
    private readonly int[] _addresses;

    /// <summary>A schedule of up to <paramref name="timesteps"/> events over timesteps 1…<paramref name="timesteps"/>.</summary>
    public SpikeSchedule(int timesteps)
    {
        if (timesteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, "a run needs at least one timestep");
        }

        TimestepCount = timesteps;
        _timesteps = new int[timesteps];
        _addresses = new int[timesteps];
    }

    /// <summary>T: the timesteps of one run.</summary>
    public int TimestepCount { get; }

    /// <summary>Events in the schedule.</summary>
    public int Count { get; private set; }

    /// <summary>Events that did not fit (every later timestep already taken) since the last <see cref="Clear"/>.</summary>
    public int Dropped { get; private set; }

    /// <summary>Timestep (1-based) of each event, strictly increasing.</summary>
    public ReadOnlySpan<int> Timesteps => _timesteps.AsSpan(0, Count);

    /// <summary>Input address (FF column) of each event.</summary>
    public ReadOnlySpan<int> Addresses => _addresses.AsSpan(0, Count);

    /// <summary>Empties the schedule and the drop count.</summary>
    public void Clear()
    {
        Count = 0;
        Dropped = 0;
    }

    /// <summary>
    /// Adds an event wanted at <paramref name="timestep"/> (1-based): it lands there, or at the first timestep after the
    /// last event if that one is at or past it. Returns false (and counts a drop) when that is beyond T.
    /// </summary>
    public bool Add(int timestep, int address)
    {
        int t = Count == 0 ? timestep : Math.Max(timestep, _timesteps[Count - 1] + 1);
        if (t < 1)
        {
            t = 1;
        }

        if (t > TimestepCount)
        {
            Dropped++;
            return false;
        }

        _timesteps[Count] = t;
        _addresses[Count] = address;
        Count++;
        return true;
    }

    /// <summary>Like <see cref="Add"/> but may go past T (room permitting); <see cref="PackBelow"/> must follow.</summary>
    internal void AddUnbounded(int timestep, int address)
    {
        int t = Count == 0 ? Math.Max(1, timestep) : Math.Max(timestep, _timesteps[Count - 1] + 1);
        _timesteps[Count] = t;
        _addresses[Count] = address;
        Count++;
    }

    /// <summary>
    /// Pulls events back so the last one is at T at the latest (each event at most one before the next): used by the
    /// rate encoder, whose event total never exceeds T, so that nothing is pushed out of the run.
    /// </summary>
    internal void PackBelow(int last)
    {
        int limit = last;
        for (int i = Count - 1; i >= 0; i--)
        {
            if (_timesteps[i] > limit)
            {
                _timesteps[i] = limit;
            }

            limit = _timesteps[i] - 1;
        }
    }

    /// <summary>
    /// Puts an event to <paramref name="filler"/> (an input whose FF column is zero) on every timestep 1…T that has none,
    /// keeping the order. Why: in a timestep without an input the board's FF current register is not cleared when
    /// another neuron spiked, so a neuron would integrate its neighbour's FF current (spec §7.3, the "keep" case); with
    /// an event in every timestep the FF current is always the neuron's own.
    /// </summary>
    public void FillGaps(int filler)
    {
        int n = Count;
        int write = TimestepCount - 1;
        // Walk backwards so the arrays can be expanded in place.
        for (int t = TimestepCount; t >= 1; t--)
        {
            if (n > 0 && _timesteps[n - 1] == t)
            {
                n--;
                _addresses[write] = _addresses[n];
            }
            else
            {
                _addresses[write] = filler;
            }

            _timesteps[write] = t;
            write--;
        }

        Count = TimestepCount;
    }
}
