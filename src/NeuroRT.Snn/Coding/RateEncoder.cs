namespace NeuroRT.Snn.Coding;

/// <summary>
/// Rate code: each input value becomes a number of events to its input address, spread evenly over the run.
/// Exact rules (the training script reproduces them with Python floats, i.e. IEEE doubles):
/// <list type="bullet">
/// <item>f = (x − min) / (max − min) in double (x widened from float32), clamped to [0, 1]; NaN gives 0 events;</item>
/// <item>n = ⌊f · maxEvents + 0.5⌋ events (round half up);</item>
/// <item>event j (0…n−1) of input i is wanted at timestep 1 + ⌊(2j + 1) · T / (2n)⌋ (the centres of n equal parts);</item>
/// <item>events are taken in order of wanted timestep, then input index; each lands at its wanted timestep or just after
/// the previous event (one input per timestep), then a backward pass pulls the tail back inside T. Since
/// inputs · maxEvents ≤ T (checked at construction) no event is ever dropped.</item>
/// </list>
/// </summary>
public sealed class RateEncoder
{
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly int[] _address;
    private readonly int[] _count;
    private readonly int[] _next;

    /// <summary>An encoder of <paramref name="addresses"/>.Length inputs over <paramref name="timesteps"/> timesteps.</summary>
    public RateEncoder(ReadOnlySpan<int> addresses, ReadOnlySpan<double> min, ReadOnlySpan<double> max, int maxEvents, int timesteps)
    {
        int n = addresses.Length;
        if (min.Length != n || max.Length != n)
        {
            throw new ArgumentException($"rate encoder: {n} inputs but {min.Length} minima and {max.Length} maxima; give one of each per input");
        }

        if (maxEvents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEvents), maxEvents, "rate encoder: max-events must be at least 1");
        }

        if ((long)n * maxEvents > timesteps)
        {
            throw new ArgumentException($"rate encoder: {n} inputs x {maxEvents} events = {(long)n * maxEvents} events, more than the {timesteps} timesteps of a run (the board takes one input per timestep); lower max-events or raise timesteps");
        }

        for (int i = 0; i < n; i++)
        {
            if (!(max[i] > min[i]))
            {
                throw new ArgumentException($"rate encoder: input {i}: max ({max[i]}) must be greater than min ({min[i]})");
            }
        }

        _address = addresses.ToArray();
        _min = min.ToArray();
        _max = max.ToArray();
        _count = new int[n];
        _next = new int[n];
        MaxEvents = maxEvents;
        Timesteps = timesteps;
    }

    /// <summary>Events for a value at max (or above).</summary>
    public int MaxEvents { get; }

    /// <summary>T.</summary>
    public int Timesteps { get; }

    /// <summary>Inputs.</summary>
    public int Inputs => _address.Length;

    /// <summary>Events input <paramref name="i"/> gets for <paramref name="value"/>.</summary>
    public int EventsFor(int i, float value)
    {
        double f = ((double)value - _min[i]) / (_max[i] - _min[i]);
        if (double.IsNaN(f) || f <= 0)
        {
            return 0;
        }

        if (f >= 1)
        {
            return MaxEvents;
        }

        return (int)Math.Floor(f * MaxEvents + 0.5);
    }

    /// <summary>Clears <paramref name="schedule"/> and fills it with the events of <paramref name="values"/> (one per input).</summary>
    public void Encode(ReadOnlySpan<float> values, SpikeSchedule schedule)
    {
        if (values.Length != _address.Length)
        {
            throw new ArgumentException($"rate encoder: {values.Length} values for {_address.Length} inputs");
        }

        if (schedule.TimestepCount != Timesteps)
        {
            throw new ArgumentException($"rate encoder: schedule of {schedule.TimestepCount} timesteps for an encoder of {Timesteps}");
        }

        schedule.Clear();
        int n = _address.Length;
        for (int i = 0; i < n; i++)
        {
            _count[i] = EventsFor(i, values[i]);
            _next[i] = 0;
        }

        // Wanted timesteps of one input are strictly increasing (gaps of T/n ≥ 1), so a cursor per input visits them in
        // order and a sweep over t yields (wanted timestep, input index) order without sorting.
        for (int t = 0; t < Timesteps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                int c = _count[i];
                int j = _next[i];
                if (j < c && Wanted(j, c, Timesteps) == t)
                {
                    schedule.AddUnbounded(t + 1, _address[i]);
                    _next[i] = j + 1;
                }
            }
        }

        schedule.PackBelow(Timesteps);
    }

    // 0-based wanted timestep of event j of n: ⌊(2j + 1)·T / (2n)⌋.
    internal static int Wanted(int j, int n, int timesteps) => (int)((2L * j + 1) * timesteps / (2L * n));
}
