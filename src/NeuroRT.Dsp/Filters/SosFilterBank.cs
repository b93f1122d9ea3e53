using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// Runs a cascade of second-order sections (direct form II transposed, as SciPy's <c>sosfilt</c>) over
/// interleaved multichannel float32 blocks, keeping each channel's state between calls, so any cutting of a
/// signal into blocks gives bit-identical output to one long call.
/// <para>State and arithmetic are double precision: float32 states drift audibly for narrow or low bands
/// (a 0.5 Hz high-pass at 1 kHz has poles within 0.003 of the unit circle), while float32 samples in and out
/// keep the pipeline's memory traffic. Each sample is widened to double, then run through the sections one at a
/// time over all channels, <see cref="Vector{T}"/>-wide (4 doubles on AVX2), the remainder one by one with the same
/// operations in the same order, so results do not depend on where a channel falls: every path uses fused
/// multiply-adds (<c>y = b0 x + z1</c>, <c>z1 = -a1 y + (b1 x + z2)</c>, <c>z2 = -a2 y + b2 x</c>: y enters last, which keeps
/// the recursion's dependency chain short), in hardware where the CPU has FMA. Channels in blocks of 32 (eight vectors) stay in registers through all sections. Allocation-free after construction.</para>
/// </summary>
public sealed class SosFilterBank
{
    private readonly int _channels;
    private readonly int _sections;
    private readonly double[] _coefficients; // per section: b0, b1, b2, -a1, -a2
    private readonly double[] _state;        // [(section * 2 + k) * channels + channel]
    private readonly double[] _sample;       // the sample being filtered, in double, one value per channel

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
            _coefficients[s * 5 + 3] = -r[4];
            _coefficients[s * 5 + 4] = -r[5];
        }

        _state = new double[_sections * 2 * channels];
        _sample = new double[channels];
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
        int n = _channels;
        int samples = input.Length / n;
        Span<double> x = _sample;
        Span<double> state = _state;
        ReadOnlySpan<double> k = _coefficients;
        int lanes = Vector.IsHardwareAccelerated ? Vector<double>.Count : int.MaxValue;
        int vectorEnd = Vector.IsHardwareAccelerated ? n - n % lanes : 0;
        int blockEnd = Vector.IsHardwareAccelerated && Vector<float>.Count == 2 * lanes ? n - n % (8 * lanes) : 0;
        for (int t = 0; t < samples; t++)
        {
            var row = input.Slice(t * n, n);
            if (blockEnd > 0) FilterBlocks(row, output.Slice(t * n, n), blockEnd);
            for (int c = blockEnd; c < n; c++) x[c] = row[c];

            // Section by section over all channels of this sample: the channels are independent chains, so the
            // inner loop runs at the CPU's throughput instead of waiting on each section's latency.
            for (int s = 0; s < _sections; s++)
            {
                double b0 = k[s * 5], b1 = k[s * 5 + 1], b2 = k[s * 5 + 2], a1 = k[s * 5 + 3], a2 = k[s * 5 + 4]; // a1, a2 negated
                var z1s = state.Slice(s * 2 * n, n);
                var z2s = state.Slice((s * 2 + 1) * n, n);
                int c = blockEnd;
                if (vectorEnd > c)
                {
                    var vb0 = new Vector<double>(b0);
                    var vb1 = new Vector<double>(b1);
                    var vb2 = new Vector<double>(b2);
                    var va1 = new Vector<double>(a1);
                    var va2 = new Vector<double>(a2);
                    // Unchecked loads and stores: c + lanes <= vectorEnd <= n, the length of all three spans.
                    ref double xr = ref MemoryMarshal.GetReference(x);
                    ref double z1r = ref MemoryMarshal.GetReference(z1s);
                    ref double z2r = ref MemoryMarshal.GetReference(z2s);
                    for (; c < vectorEnd; c += lanes)
                    {
                        nuint at = (nuint)c;
                        var xv = Vector.LoadUnsafe(ref xr, at);
                        var y = Vector.FusedMultiplyAdd(vb0, xv, Vector.LoadUnsafe(ref z1r, at));
                        Vector.FusedMultiplyAdd(va1, y, Vector.FusedMultiplyAdd(vb1, xv, Vector.LoadUnsafe(ref z2r, at))).StoreUnsafe(ref z1r, at);
                        Vector.FusedMultiplyAdd(va2, y, vb2 * xv).StoreUnsafe(ref z2r, at);
                        y.StoreUnsafe(ref xr, at);
                    }
                }

                // The same operations, in the same order, for the channels left over: results never depend on
                // where a channel falls.
                for (; c < n; c++)
                {
                    double xi = x[c];
                    double y = Math.FusedMultiplyAdd(b0, xi, z1s[c]);
                    z1s[c] = Math.FusedMultiplyAdd(a1, y, Math.FusedMultiplyAdd(b1, xi, z2s[c]));
                    z2s[c] = Math.FusedMultiplyAdd(a2, y, b2 * xi);
                    x[c] = y;
                }
            }

            var to = output.Slice(t * n, n);
            for (int c = blockEnd; c < n; c++) to[c] = (float)x[c];
        }
    }

    // Channels in blocks of eight vectors (32 on AVX2) kept in registers through every section: eight independent
    // recursions per instruction stream hide each section's latency, and only the states go to memory. The same
    // operations in the same order as the per-section loop, so each channel's result is identical whichever path runs it.
    private void FilterBlocks(ReadOnlySpan<float> row, Span<float> to, int blockEnd)
    {
        int n = _channels;
        int lanes = Vector<double>.Count;
        ref double k = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        ref double state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref float input = ref MemoryMarshal.GetReference(row);
        ref float output = ref MemoryMarshal.GetReference(to);
        for (int c = 0; c < blockEnd; c += 8 * lanes)
        {
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)c), out var x0, out var x1);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 2 * lanes)), out var x2, out var x3);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 4 * lanes)), out var x4, out var x5);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 6 * lanes)), out var x6, out var x7);
            for (int s = 0; s < _sections; s++)
            {
                var b0 = new Vector<double>(Unsafe.Add(ref k, s * 5));
                var b1 = new Vector<double>(Unsafe.Add(ref k, s * 5 + 1));
                var b2 = new Vector<double>(Unsafe.Add(ref k, s * 5 + 2));
                var a1 = new Vector<double>(Unsafe.Add(ref k, s * 5 + 3));
                var a2 = new Vector<double>(Unsafe.Add(ref k, s * 5 + 4));
                ref double z1 = ref Unsafe.Add(ref state, s * 2 * n + c);
                ref double z2 = ref Unsafe.Add(ref state, (s * 2 + 1) * n + c);
                x0 = Step(x0, ref z1, ref z2, 0, b0, b1, b2, a1, a2);
                x1 = Step(x1, ref z1, ref z2, (nuint)lanes, b0, b1, b2, a1, a2);
                x2 = Step(x2, ref z1, ref z2, (nuint)(2 * lanes), b0, b1, b2, a1, a2);
                x3 = Step(x3, ref z1, ref z2, (nuint)(3 * lanes), b0, b1, b2, a1, a2);
                x4 = Step(x4, ref z1, ref z2, (nuint)(4 * lanes), b0, b1, b2, a1, a2);
                x5 = Step(x5, ref z1, ref z2, (nuint)(5 * lanes), b0, b1, b2, a1, a2);
                x6 = Step(x6, ref z1, ref z2, (nuint)(6 * lanes), b0, b1, b2, a1, a2);
                x7 = Step(x7, ref z1, ref z2, (nuint)(7 * lanes), b0, b1, b2, a1, a2);
            }

            Vector.Narrow(x0, x1).StoreUnsafe(ref output, (nuint)c);
            Vector.Narrow(x2, x3).StoreUnsafe(ref output, (nuint)(c + 2 * lanes));
            Vector.Narrow(x4, x5).StoreUnsafe(ref output, (nuint)(c + 4 * lanes));
            Vector.Narrow(x6, x7).StoreUnsafe(ref output, (nuint)(c + 6 * lanes));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Step(Vector<double> x, ref double z1, ref double z2, nuint at,
        Vector<double> b0, Vector<double> b1, Vector<double> b2, Vector<double> a1, Vector<double> a2)
    {
        var y = Vector.FusedMultiplyAdd(b0, x, Vector.LoadUnsafe(ref z1, at));
        Vector.FusedMultiplyAdd(a1, y, Vector.FusedMultiplyAdd(b1, x, Vector.LoadUnsafe(ref z2, at))).StoreUnsafe(ref z1, at);
        Vector.FusedMultiplyAdd(a2, y, b2 * x).StoreUnsafe(ref z2, at);
        return y;
    }
}
