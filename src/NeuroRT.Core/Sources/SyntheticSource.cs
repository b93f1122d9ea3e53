using NeuroRT.Core.Configuration;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Core.Time;

namespace NeuroRT.Core.Sources;

/// <summary>
/// A deterministic simulated amplifier: per channel a sum of sinusoids plus Gaussian noise, in µV.
/// Sample n of channel c depends only on (seed, n, c), so any run with the same parameters yields
/// the same samples whatever the chunking or speed. Optionally adds a channel that carries the
/// running sample index (exact in float32 up to 2^24), for tests that check completeness and order.
/// </summary>
[Component(ComponentKind.Source, "synthetic", Summary = "sinusoids + Gaussian noise, deterministic from a seed")]
public sealed class SyntheticSource : IReplaySource
{
    private StreamFormat? _format;
    private double[] _phase = [];

    /// <summary>EEG channels generated.</summary>
    [Parameter("channels", Help = "number of signal channels (default 8)")]
    public int Channels { get; set; } = 8;

    /// <summary>Sampling rate in Hz.</summary>
    [Parameter("rate", Quantity = Quantity.Frequency, Help = "sampling rate (default 250Hz)")]
    public double Rate { get; set; } = 250;

    /// <summary>Frequencies of the sinusoids in Hz, added on every channel.</summary>
    [Parameter("frequencies", Help = "sinusoid frequencies in Hz (default [10])")]
    public double[] Frequencies { get; set; } = [10];

    /// <summary>Amplitude of each sinusoid in µV.</summary>
    [Parameter("amplitude", Help = "amplitude of each sinusoid in uV (default 20)")]
    public double Amplitude { get; set; } = 20;

    /// <summary>Noise standard deviation in µV.</summary>
    [Parameter("noise", Help = "Gaussian noise rms in uV (default 5)")]
    public double Noise { get; set; } = 5;

    /// <summary>Seed of the noise and the channel phases.</summary>
    [Parameter("seed", Help = "seed of the noise (default 1)")]
    public long Seed { get; set; } = 1;

    /// <summary>Seconds of data to produce; 0 = endless.</summary>
    [Parameter("duration", Quantity = Quantity.Time, Help = "how much data to produce, e.g. 60s (default: endless)")]
    public double Duration { get; set; }

    /// <summary>Seconds of data pushed at once, like an amplifier's transfer size.</summary>
    [Parameter("chunk", Quantity = Quantity.Time, Help = "data pushed at once (default 10ms)")]
    public double Chunk { get; set; } = 0.010;

    /// <inheritdoc />
    [Parameter("speed", Help = "1 = real time, N = N x real time, 0 = as fast as possible (default 1)")]
    public double Speed { get; set; } = 1;

    /// <summary>Adds a last channel <c>sample-index</c> holding each sample's running index.</summary>
    [Parameter("index-channel", Help = "add a channel carrying the running sample index (default false)")]
    public bool IndexChannel { get; set; }

    /// <inheritdoc />
    public bool IsRealTime => Speed > 0;

    /// <inheritdoc />
    public double? DurationSeconds => Duration > 0 ? Duration : null;

    /// <summary>Total samples to produce (long.MaxValue when endless).</summary>
    public long TotalSamples => Duration > 0 ? (long)Math.Round(Duration * Rate) : long.MaxValue;

    /// <inheritdoc />
    public StreamFormat Open()
    {
        if (Channels < 1 || Channels > 65536) throw new StageConfigurationException("channels", $"channels must be 1..65536, got {Channels}");
        if (!(Rate > 0) || Rate > 1e6) throw new StageConfigurationException("rate", $"rate must be above 0 and at most 1 MHz, got {Rate} Hz");
        foreach (double f in Frequencies)
            if (!(f >= 0) || f >= Rate / 2) throw new StageConfigurationException("frequencies", $"frequency {f} Hz must be >= 0 and below Nyquist ({Rate / 2} Hz)");
        if (!(Noise >= 0)) throw new StageConfigurationException("noise", $"noise must be >= 0 uV, got {Noise}");
        if (!(Duration >= 0)) throw new StageConfigurationException("duration", $"duration must be >= 0 s, got {Duration}");
        if (!(Chunk > 0)) throw new StageConfigurationException("chunk", $"chunk must be positive, got {Chunk} s");
        if (!(Speed >= 0)) throw new StageConfigurationException("speed", $"speed must be >= 0 (0 = as fast as possible), got {Speed}");
        if (IndexChannel && TotalSamples > (1 << 24) && Duration > 0)
            throw new StageConfigurationException("index-channel", $"the index channel is exact only up to 2^24 samples; {TotalSamples} were asked for");

        // A fixed phase per channel and sinusoid, so channels are not identical.
        _phase = new double[Channels * Frequencies.Length];
        for (int i = 0; i < _phase.Length; i++) _phase[i] = 2 * Math.PI * Uniform(Hash(Seed, -1, i));

        var channels = new List<ChannelInfo>(Channels + 1);
        for (int c = 0; c < Channels; c++) channels.Add(new ChannelInfo($"ch{c + 1}", "EEG", "uV"));
        if (IndexChannel) channels.Add(new ChannelInfo("sample-index", "misc", ""));
        _format = new StreamFormat("synthetic", channels, Rate, SampleValueType.Float32, type: "EEG");
        return _format;
    }

    /// <inheritdoc />
    public void Run(SampleRing ring, CancellationToken cancel)
    {
        StreamFormat format = _format ?? throw new InvalidOperationException("Open the source before running it");
        int width = format.ChannelCount;
        int chunk = Math.Max(1, (int)Math.Round(Chunk * Rate));
        var values = new float[chunk * width];
        var stamps = new double[chunk];
        long total = TotalSamples;
        var pacer = new ReplayPacer(Speed);
        pacer.Start();
        for (long n = 0; n < total && !cancel.IsCancellationRequested; n += chunk)
        {
            int count = (int)Math.Min(chunk, total - n);
            Generate(n, count, values, stamps);
            // A chunk is released when its last sample is due, as an amplifier sends it.
            if (!pacer.WaitUntil((n + count) / Rate, cancel)) return;
            long arrival = LocalClock.Ticks;
            if (IsRealTime) ring.Write(values.AsSpan(0, count * width), stamps.AsSpan(0, count), arrival);
            else if (!ring.WriteWaiting(values.AsSpan(0, count * width), stamps.AsSpan(0, count), arrival, cancel)) return;
        }
    }

    /// <summary>Computes samples <c>[first, first+count)</c>, interleaved, with their timestamps (seconds from the start).</summary>
    public void Generate(long first, int count, Span<float> values, Span<double> timestamps)
    {
        int width = Channels + (IndexChannel ? 1 : 0);
        double[] freqs = Frequencies;
        for (int i = 0; i < count; i++)
        {
            long n = first + i;
            double t = n / Rate;
            timestamps[i] = t;
            Span<float> row = values.Slice(i * width, width);
            for (int c = 0; c < Channels; c++)
            {
                double v = 0;
                for (int k = 0; k < freqs.Length; k++) v += Amplitude * Math.Sin(2 * Math.PI * freqs[k] * t + _phase[c * freqs.Length + k]);
                if (Noise > 0) v += Noise * Gaussian(n, c);
                row[c] = (float)v;
            }
            if (IndexChannel) row[Channels] = n;
        }
    }

    /// <summary>Releases nothing: the generator holds no resources.</summary>
    public void Dispose() { }

    // Box-Muller on two uniforms hashed from (seed, sample, channel): reproducible and order-free.
    private double Gaussian(long n, int c)
    {
        ulong h = Hash(Seed, n, c);
        double u1 = (h >> 11) * (1.0 / (1UL << 53));
        double u2 = Uniform(SplitMix(h));
        if (u1 < 1e-300) u1 = 1e-300;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Uniform(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    private static ulong Hash(long seed, long n, int c) =>
        SplitMix(SplitMix((ulong)seed ^ 0x9E3779B97F4A7C15UL) ^ (ulong)n * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)c * 0x94D049BB133111EBUL);

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
