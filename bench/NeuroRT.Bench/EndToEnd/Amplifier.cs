using System.Diagnostics;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// The simulated amplifier: an LSL outlet of float32 channels pushed in chunks paced with absolute sleeps.
/// Every channel carries small deterministic noise; the event channel also carries a square pulse
/// (<see cref="PulseSeconds"/> long, amplitude 200) every 250-500 ms at random phases. Sample i has the
/// timestamp <c>BaseTimestamp + i / rate</c>, so a command's timestamp (the source timestamp of the sample
/// that produced it) gives back the sample's index, and <see cref="PushTicks"/> its push time.
/// </summary>
public sealed class Amplifier : IDisposable
{
    /// <summary>Length of each event pulse.</summary>
    public const double PulseSeconds = 0.02;
    private const int NoisePeriod = 997; // prime, so the noise pattern does not line up with the pulses

    private readonly int _channels;
    private readonly int _eventChannel;
    private readonly float[] _noise;
    private readonly float[] _chunk;
    private readonly double[] _stamps;
    private readonly bool[] _inPulse;

    /// <summary>Creates the outlet (it is visible on the network at once) and draws the pulse train for <paramref name="totalSamples"/>.</summary>
    public Amplifier(LslConfig config, string name, IReadOnlyList<string> channelNames, double rate, int chunkSamples, int totalSamples, int seed)
    {
        _channels = channelNames.Count;
        _eventChannel = _channels - 1;
        Rate = rate;
        ChunkSamples = chunkSamples;
        TotalSamples = totalSamples;
        PushTicks = new long[totalSamples];
        var info = new LslStreamInfo { Name = name, Type = "EEG", ChannelCount = _channels, ChannelFormat = ChannelFormat.Float32, NominalRate = rate, SourceId = name };
        info.SetChannels(channelNames.Select(c => (c, "microvolts", "EEG")).ToList());
        Outlet = new LslOutlet(info, new LslOutletOptions { Config = config });
        var random = new Random(seed);
        _noise = new float[NoisePeriod * _channels];
        for (int i = 0; i < _noise.Length; i++) _noise[i] = (float)(random.NextDouble() * 2 - 1);
        _chunk = new float[chunkSamples * _channels];
        _stamps = new double[chunkSamples];
        _inPulse = new bool[totalSamples];
        var onsets = new List<int>();
        int pulse = Math.Max(1, (int)Math.Round(PulseSeconds * rate));
        for (int at = (int)(rate * (0.25 + 0.25 * random.NextDouble())); at + pulse < totalSamples; at += (int)(rate * (0.25 + 0.25 * random.NextDouble())))
        {
            onsets.Add(at);
            for (int k = 0; k < pulse; k++) _inPulse[at + k] = true;
        }

        Onsets = onsets.ToArray();
    }

    /// <summary>The outlet.</summary>
    public LslOutlet Outlet { get; }

    /// <summary>Sampling rate (Hz).</summary>
    public double Rate { get; }

    /// <summary>Samples per push.</summary>
    public int ChunkSamples { get; }

    /// <summary>Samples the run pushes.</summary>
    public int TotalSamples { get; }

    /// <summary>Timestamp of sample 0 (LSL clock, seconds), set when <see cref="Run"/> starts.</summary>
    public double BaseTimestamp { get; private set; }

    /// <summary>Push time (Stopwatch ticks, taken just before the push call) of each sample; 0 until pushed.</summary>
    public long[] PushTicks { get; }

    /// <summary>First sample of each event pulse.</summary>
    public int[] Onsets { get; }

    /// <summary>Samples pushed so far.</summary>
    public long Pushed => Volatile.Read(ref _pushed);

    private long _pushed;

    /// <summary>The sample index a timestamp stands for; -1 when outside the run.</summary>
    public int IndexOf(double timestamp)
    {
        double i = Math.Round((timestamp - BaseTimestamp) * Rate);
        return i >= 0 && i < TotalSamples ? (int)i : -1;
    }

    /// <summary>Pushes the whole run, paced in real time (on the calling thread); stops early on <paramref name="cancel"/>.</summary>
    public void Run(CancellationToken cancel)
    {
        long start = Stopwatch.GetTimestamp();
        BaseTimestamp = start / (double)Stopwatch.Frequency;
        double ticksPerSample = Stopwatch.Frequency / Rate;
        for (int first = 0; first + ChunkSamples <= TotalSamples && !cancel.IsCancellationRequested; first += ChunkSamples)
        {
            // A chunk leaves when its last sample has been "acquired".
            Pacer.SleepUntil(start + (long)((first + ChunkSamples - 1) * ticksPerSample));
            for (int s = 0; s < ChunkSamples; s++)
            {
                int i = first + s;
                _noise.AsSpan(i % NoisePeriod * _channels, _channels).CopyTo(_chunk.AsSpan(s * _channels, _channels));
                if (_inPulse[i]) _chunk[s * _channels + _eventChannel] += 200;
                _stamps[s] = BaseTimestamp + i / Rate;
            }

            long now = Stopwatch.GetTimestamp();
            for (int s = 0; s < ChunkSamples; s++) PushTicks[first + s] = now;
            if (ChunkSamples == 1) Outlet.PushSample<float>(_chunk, _stamps[0]);
            else Outlet.PushChunk<float>(_chunk, _stamps);
            Volatile.Write(ref _pushed, first + ChunkSamples);
        }
    }

    /// <summary>Closes the outlet.</summary>
    public void Dispose() => Outlet.Dispose();
}
