namespace NeuroRT.Snn.Coding;

/// <summary>
/// Asynchronous delta modulation, the front end of neuromorphic EEG/ECoG chips: a tracking reference per channel; when
/// the level ⌊x / step⌋ (<see cref="Quantizer"/>) is at least <c>threshold</c> levels above the reference an UP event is
/// emitted (at least <c>threshold</c> below: DOWN), the reference jumps to the current level and the channel is deaf for
/// <c>refractory</c> samples (the reference is frozen meanwhile). At most one event per channel per sample. The first
/// sample of a window sets the reference. Timestep placement, collisions and drops as <see cref="DeltaEncoder"/>.
/// </summary>
public sealed class AdmEncoder
{
    private readonly int[] _channel;
    private readonly int[] _up;
    private readonly int[] _down;
    private readonly long[] _reference;
    private readonly int[] _deaf;
    private readonly bool[] _started;

    /// <summary>An encoder of <paramref name="channels"/> with UP/DOWN addresses, level step, threshold (levels) and refractory (samples).</summary>
    public AdmEncoder(ReadOnlySpan<int> channels, ReadOnlySpan<int> up, ReadOnlySpan<int> down, double step, int threshold, int refractory, int timesteps)
    {
        if (up.Length != channels.Length || down.Length != channels.Length)
        {
            throw new ArgumentException($"adm encoder: {channels.Length} channels need as many UP and DOWN addresses (got {up.Length}, {down.Length})");
        }

        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "adm encoder: step must be a positive number");
        }

        if (threshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "adm encoder: threshold must be at least 1 level");
        }

        if (refractory < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(refractory), refractory, "adm encoder: refractory must be 0 or more samples");
        }

        _channel = channels.ToArray();
        _up = up.ToArray();
        _down = down.ToArray();
        _reference = new long[channels.Length];
        _deaf = new int[channels.Length];
        _started = new bool[channels.Length];
        Step = step;
        Threshold = threshold;
        Refractory = refractory;
        Timesteps = timesteps;
    }

    /// <summary>Level step.</summary>
    public double Step { get; }

    /// <summary>Levels between reference and signal that make an event.</summary>
    public int Threshold { get; }

    /// <summary>Samples a channel ignores after an event.</summary>
    public int Refractory { get; }

    /// <summary>T.</summary>
    public int Timesteps { get; }

    /// <summary>Encodes one window (sample-major, <paramref name="stride"/> values per sample) into <paramref name="schedule"/> (cleared first).</summary>
    public void Encode(ReadOnlySpan<float> window, int stride, SpikeSchedule schedule)
    {
        int samples = window.Length / stride;
        schedule.Clear();
        Array.Clear(_started);
        Array.Clear(_deaf);
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

                if (_deaf[c] > 0)
                {
                    _deaf[c]--;
                    continue;
                }

                long d = level - _reference[c];
                if (d >= Threshold || d <= -Threshold)
                {
                    schedule.Add(t, d > 0 ? _up[c] : _down[c]);
                    _reference[c] = level;
                    _deaf[c] = Refractory;
                }
            }
        }
    }
}
