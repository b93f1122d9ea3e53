namespace NeuroRT.Snn.Coding;

/// <summary>
/// Delta (level-crossing) code of a window of samples per channel: every time a channel's level ⌊x / step⌋
/// (<see cref="Quantizer"/>) differs from the level at its last event, it emits one UP event per level crossed upwards
/// (or one DOWN per level downwards) and takes the new level as reference. The first sample of the window only sets the
/// reference. Sample n of W lands at timestep 1 + ⌊n·T / W⌋; events are added in order of sample, then channel (as
/// configured), then crossing, one per timestep (collisions move to the next free timestep); events past T are dropped
/// and counted in the schedule's <see cref="SpikeSchedule.Dropped"/>.
/// </summary>
public sealed class DeltaEncoder
{
    private readonly int[] _channel;
    private readonly int[] _up;
    private readonly int[] _down;
    private readonly long[] _reference;
    private readonly bool[] _started;

    /// <summary>
    /// An encoder reading channels <paramref name="channels"/> (indices into each sample of the window) with UP/DOWN
    /// addresses per channel, level <paramref name="step"/> (in the signal's units), over <paramref name="timesteps"/>.
    /// </summary>
    public DeltaEncoder(ReadOnlySpan<int> channels, ReadOnlySpan<int> up, ReadOnlySpan<int> down, double step, int timesteps)
    {
        if (up.Length != channels.Length || down.Length != channels.Length)
        {
            throw new ArgumentException($"delta encoder: {channels.Length} channels need as many UP and DOWN addresses (got {up.Length}, {down.Length})");
        }

        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "delta encoder: step must be a positive number");
        }

        _channel = channels.ToArray();
        _up = up.ToArray();
        _down = down.ToArray();
        _reference = new long[channels.Length];
        _started = new bool[channels.Length];
        Step = step;
        Timesteps = timesteps;
    }

    /// <summary>Level step.</summary>
    public double Step { get; }

    /// <summary>T.</summary>
    public int Timesteps { get; }

    /// <summary>
    /// Encodes a window (sample-major: <paramref name="stride"/> values per sample) into <paramref name="schedule"/>
    /// (cleared first). Each window is coded on its own: the reference restarts at its first sample.
    /// </summary>
    public void Encode(ReadOnlySpan<float> window, int stride, SpikeSchedule schedule)
    {
        int samples = window.Length / stride;
        schedule.Clear();
        Array.Clear(_started);
        for (int n = 0; n < samples; n++)
        {
            int t = Quantizer.TimestepOf(n, samples, Timesteps);
            for (int c = 0; c < _channel.Length; c++)
            {
                if (!Quantizer.TryLevel(window[n * stride + _channel[c]], Step, out long level))
                {
                    continue;
                }

                if (!_started[c])
                {
                    _started[c] = true;
                    _reference[c] = level;
                    continue;
                }

                long d = level - _reference[c];
                _reference[c] = level;
                int address = d > 0 ? _up[c] : _down[c];
                for (long k = Math.Abs(d); k > 0; k--)
                {
                    schedule.Add(t, address);
                }
            }
        }
    }
}
