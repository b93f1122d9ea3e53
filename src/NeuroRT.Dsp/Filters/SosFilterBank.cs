using System.Numerics;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// Runs a cascade of second-order sections (direct form II transposed, as SciPy's <c>sosfilt</c>) over
/// interleaved multichannel float32 blocks, keeping each channel's state between calls, so any cutting of a
/// signal into blocks gives bit-identical output to one long call.
/// <para>State and arithmetic are double precision: float32 states drift audibly for narrow or low bands
/// (a 0.5 Hz high-pass at 1 kHz has poles within 0.003 of the unit circle), while float32 samples in and out
/// keep the pipeline's memory traffic. Channels are processed <see cref="Vector{T}"/>-wide (8 floats widened to
/// two vectors of doubles on AVX2), the remainder one by one with the same operations in the same order, so
/// results do not depend on where a channel falls. Allocation-free after construction.</para>
/// </summary>
public sealed class SosFilterBank
{
    private readonly int _channels;
    private readonly int _sections;
    private readonly double[] _coefficients; // per section: b0, b1, b2, a1, a2
    private readonly double[] _state;        // [(section * 2 + k) * channels + channel]

    /// <summary>Creates the bank for <paramref name="channels"/> channels, states at zero.</summary>
    public SosFilterBank(SecondOrderSections sections, int channels)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        _channels = channels;
        _sections = sections.Count;
        _coefficients = new double[_sections * 5];
        for (int s = 0; s < _sections; s++)
        {
            var r = sections.Rows[s];
            _coefficients[s * 5] = r[0];
            _coefficients[s * 5 + 1] = r[1];
            _coefficients[s * 5 + 2] = r[2];
            _coefficients[s * 5 + 3] = r[4];
            _coefficients[s * 5 + 4] = r[5];
        }

        _state = new double[_sections * 2 * channels];
    }

    /// <summary>Channels filtered.</summary>
    public int Channels => _channels;

    /// <summary>Sets every state to zero (as a fresh filter).</summary>
    public void Reset() => Array.Clear(_state);

    /// <summary>Filters <paramref name="input"/> (samples x channels, interleaved) into <paramref name="output"/> (may be the same memory).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length % _channels != 0) throw new ArgumentException($"{input.Length} values are not whole samples of {_channels} channels", nameof(input));
        if (output.Length < input.Length) throw new ArgumentException("output is shorter than input", nameof(output));
        int samples = input.Length / _channels;
        int width = Vector<float>.Count;
        int c = 0;
        if (Vector.IsHardwareAccelerated && Vector<double>.Count * 2 == width)
        {
            for (; c + width <= _channels; c += width) ProcessVectors(input, output, samples, c);
        }

        for (; c < _channels; c++) ProcessScalar(input, output, samples, c);
    }

    private void ProcessVectors(ReadOnlySpan<float> input, Span<float> output, int samples, int channel)
    {
        int n = _channels;
        int half = Vector<double>.Count;
        Span<double> state = _state;
        ReadOnlySpan<double> k = _coefficients;
        for (int t = 0; t < samples; t++)
        {
            var x = new Vector<float>(input.Slice(t * n + channel, Vector<float>.Count));
            Vector.Widen(x, out Vector<double> lo, out Vector<double> hi);
            for (int s = 0; s < _sections; s++)
            {
                var b0 = new Vector<double>(k[s * 5]);
                var b1 = new Vector<double>(k[s * 5 + 1]);
                var b2 = new Vector<double>(k[s * 5 + 2]);
                var a1 = new Vector<double>(k[s * 5 + 3]);
                var a2 = new Vector<double>(k[s * 5 + 4]);
                int z1 = (s * 2) * n + channel;
                int z2 = (s * 2 + 1) * n + channel;
                lo = Step(lo, state, z1, z2, b0, b1, b2, a1, a2);
                hi = Step(hi, state, z1 + half, z2 + half, b0, b1, b2, a1, a2);
            }

            Vector.Narrow(lo, hi).CopyTo(output.Slice(t * n + channel, Vector<float>.Count));
        }
    }

    private static Vector<double> Step(Vector<double> x, Span<double> state, int z1At, int z2At,
        Vector<double> b0, Vector<double> b1, Vector<double> b2, Vector<double> a1, Vector<double> a2)
    {
        var z1 = new Vector<double>(state.Slice(z1At, Vector<double>.Count));
        var z2 = new Vector<double>(state.Slice(z2At, Vector<double>.Count));
        var y = b0 * x + z1;
        (b1 * x - a1 * y + z2).CopyTo(state.Slice(z1At, Vector<double>.Count));
        (b2 * x - a2 * y).CopyTo(state.Slice(z2At, Vector<double>.Count));
        return y;
    }

    // The same operations as the vector path, in the same order, for the channels left over.
    private void ProcessScalar(ReadOnlySpan<float> input, Span<float> output, int samples, int channel)
    {
        int n = _channels;
        double[] state = _state;
        double[] k = _coefficients;
        for (int t = 0; t < samples; t++)
        {
            double x = input[t * n + channel];
            for (int s = 0; s < _sections; s++)
            {
                int z1 = (s * 2) * n + channel;
                int z2 = z1 + n;
                double y = k[s * 5] * x + state[z1];
                state[z1] = k[s * 5 + 1] * x - k[s * 5 + 3] * y + state[z2];
                state[z2] = k[s * 5 + 2] * x - k[s * 5 + 4] * y;
                x = y;
            }

            output[t * n + channel] = (float)x;
        }
    }
}
