using System.Numerics;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>Signals <c>neurort lsl send</c> can generate.</summary>
internal enum SignalKind
{
    /// <summary>10 Hz, amplitude 50 (µV), channel k shifted by k x 360°/channels.</summary>
    Sine,
    /// <summary>Sample index + channel index (0-based): a receiver can check that nothing is missing or out of order.</summary>
    Ramp,
    /// <summary>Gaussian noise, standard deviation 10 (µV), from a fixed seed (every run sends the same values).</summary>
    Noise,
}

/// <summary>
/// The test signal of <c>neurort lsl send</c> as values of the stream's type: sample <c>i</c>, channel <c>c</c>.
/// Integer streams get the sine and noise rounded, and the ramp wrapped around like a counter (int16 after 32767 comes -32768).
/// </summary>
internal sealed class TestSignal(SignalKind kind, int channels)
{
    public const double SineHz = 10;
    public const double SineAmplitude = 50;
    public const double NoiseSd = 10;
    public const int NoiseSeed = 20240601;

    private readonly Random _noise = new(NoiseSeed);

    /// <summary>
    /// Fills <paramref name="interleaved"/> with <paramref name="count"/> samples starting at sample <paramref name="first"/>;
    /// <paramref name="seconds"/>: the time of each since the start (the sine's phase). Noise comes in the order of calls.
    /// </summary>
    public void Fill<T>(Span<T> interleaved, long first, int count, ReadOnlySpan<double> seconds) where T : INumberBase<T>
    {
        bool integer = typeof(T) != typeof(float) && typeof(T) != typeof(double);
        for (int i = 0; i < count; i++)
        {
            long index = first + i;
            for (int c = 0; c < channels; c++)
            {
                ref T slot = ref interleaved[i * channels + c];
                if (kind == SignalKind.Ramp)
                {
                    slot = T.CreateTruncating(index + c);
                    continue;
                }

                double value = kind == SignalKind.Sine ? Sine(seconds[i], c) : Gaussian() * NoiseSd;
                slot = integer ? T.CreateSaturating(Math.Round(value)) : T.CreateTruncating(value);
            }
        }
    }

    /// <summary>The marker text of sample <paramref name="index"/>, channel <paramref name="channel"/>: <c>s&lt;i&gt;</c> (other channels: <c>s&lt;i&gt; ch&lt;k&gt;</c>).</summary>
    public static string Marker(long index, int channel) => channel == 0 ? $"s{index}" : $"s{index} ch{channel + 1}";

    private double Sine(double t, int channel) => SineAmplitude * Math.Sin(2 * Math.PI * (SineHz * t + (double)channel / channels));

    // Box-Muller.
    private double Gaussian()
    {
        double u1 = 1.0 - _noise.NextDouble();
        double u2 = _noise.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
