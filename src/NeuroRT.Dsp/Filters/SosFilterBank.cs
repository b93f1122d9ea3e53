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
/// keep the pipeline's memory traffic. Each section's leading coefficient b0 is taken out and the product of them
/// applied once to the input, so every numerator starts with 1; the numerators of Butterworth and Chebyshev I
/// designs then are exactly [1, ±2, 1] or [1, 0, -1] and their multiplications become additions
/// (<see cref="SectionKind"/>). This changes SciPy's roundings, not its arithmetic: results agree with
/// <c>sosfilt</c> to double precision.</para>
/// <para>Each sample is widened to double, then run through the sections one at a time over all channels,
/// <see cref="Vector{T}"/>-wide, the remainder one by one with the same operations in the same order, so results
/// do not depend on where a channel falls. Channels in blocks of eight vectors (32 on AVX2) stay in registers
/// through all sections. Allocation-free after construction.</para>
/// </summary>
public sealed class SosFilterBank
{
    private readonly int _channels;
    private readonly int _sections;
    private readonly double _gain;                  // the product of the b0 taken out of the sections
    private readonly SectionKind[] _kinds;
    private readonly double[] _coefficients;        // per section: b0, b1, b2, -a1, -a2 (b0 = 1 unless General)
    private readonly SectionVectors[] _broadcast;   // the same, one vector per coefficient
    private readonly double[] _state;               // [(section * 2 + k) * channels + channel]
    private readonly double[] _sample;              // the sample being filtered, in double, one value per channel

    /// <summary>Creates the bank for <paramref name="channels"/> channels, states at zero.</summary>
    public SosFilterBank(SecondOrderSections sections, int channels)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        _channels = channels;
        _sections = sections.Count;
        _kinds = new SectionKind[_sections];
        _coefficients = new double[_sections * 5];
        _broadcast = new SectionVectors[_sections];
        double gain = 1;
        for (int s = 0; s < _sections; s++)
        {
            var r = sections.Rows[s];
            double b0 = r[0], b1 = r[1], b2 = r[2];
            var kind = SectionKind.General;
            if (b0 != 0)
            {
                gain *= b0;
                b1 /= b0;
                b2 /= b0;
                b0 = 1;
                kind = Classify(b1, b2);
            }

            _kinds[s] = kind;
            _coefficients[s * 5] = b0;
            _coefficients[s * 5 + 1] = b1;
            _coefficients[s * 5 + 2] = b2;
            _coefficients[s * 5 + 3] = -r[4];
            _coefficients[s * 5 + 4] = -r[5];
            _broadcast[s] = new SectionVectors(b0, b1, b2, -r[4], -r[5]);
        }

        _gain = gain;
        _state = new double[_sections * 2 * channels];
        _sample = new double[channels];
    }

    /// <summary>Channels filtered.</summary>
    public int Channels => _channels;

    /// <summary>Sets every state to zero (as a fresh filter).</summary>
    public void Reset() => Array.Clear(_state);

    private static SectionKind Classify(double b1, double b2) => (b1, b2) switch
    {
        (2, 1) => SectionKind.ZerosAtMinusOne,
        (-2, 1) => SectionKind.ZerosAtPlusOne,
        (0, -1) => SectionKind.ZerosAtBothEnds,
        _ => SectionKind.Monic,
    };

    /// <summary>Filters <paramref name="input"/> (samples x channels, interleaved) into <paramref name="output"/> (may be the same memory).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length % _channels != 0) throw new ArgumentException($"{input.Length} values are not whole samples of {_channels} channels", nameof(input));
        if (output.Length < input.Length) throw new ArgumentException("output is shorter than input", nameof(output));
        int n = _channels;
        int samples = input.Length / n;
        Span<double> x = _sample;
        int lanes = Vector.IsHardwareAccelerated ? Vector<double>.Count : int.MaxValue;
        int vectorEnd = Vector.IsHardwareAccelerated ? n - n % lanes : 0;
        int blockEnd = Vector.IsHardwareAccelerated && Vector<float>.Count == 2 * lanes ? n - n % (8 * lanes) : 0;
        for (int t = 0; t < samples; t++)
        {
            var row = input.Slice(t * n, n);
            if (blockEnd > 0) FilterBlocks(row, output.Slice(t * n, n), blockEnd);
            if (blockEnd == n) continue;
            for (int c = blockEnd; c < n; c++) x[c] = row[c] * _gain;

            // Section by section over the channels left: the channels are independent chains, so the inner loop
            // runs at the CPU's throughput instead of waiting on each section's latency.
            for (int s = 0; s < _sections; s++)
            {
                switch (_kinds[s])
                {
                    case SectionKind.ZerosAtMinusOne: FilterRemainder<ZerosAtMinusOneKernel>(s, blockEnd, vectorEnd); break;
                    case SectionKind.ZerosAtPlusOne: FilterRemainder<ZerosAtPlusOneKernel>(s, blockEnd, vectorEnd); break;
                    case SectionKind.ZerosAtBothEnds: FilterRemainder<ZerosAtBothEndsKernel>(s, blockEnd, vectorEnd); break;
                    case SectionKind.Monic: FilterRemainder<MonicKernel>(s, blockEnd, vectorEnd); break;
                    default: FilterRemainder<GeneralKernel>(s, blockEnd, vectorEnd); break;
                }
            }

            var to = output.Slice(t * n, n);
            for (int c = blockEnd; c < n; c++) to[c] = (float)x[c];
        }
    }

    // One section over channels from..n of the current sample: whole vectors, then one by one.
    private void FilterRemainder<TKernel>(int s, int from, int vectorEnd) where TKernel : ISectionKernel
    {
        int n = _channels;
        // Unchecked: c + lanes <= vectorEnd <= n for the vectors, c < n for the rest, and every span is n long.
        ref double x = ref MemoryMarshal.GetArrayDataReference(_sample);
        ref double z1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_state), s * 2 * n);
        ref double z2 = ref Unsafe.Add(ref z1, n);
        int c = from;
        if (vectorEnd > c)
        {
            ref readonly var k = ref _broadcast[s];
            for (; c < vectorEnd; c += Vector<double>.Count)
            {
                ref var xv = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref x, c));
                xv = TKernel.Step(xv, ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref z1, c)), ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref z2, c)), k);
            }
        }

        if (c == n) return;
        double b0 = _coefficients[s * 5], b1 = _coefficients[s * 5 + 1], b2 = _coefficients[s * 5 + 2];
        double a1 = _coefficients[s * 5 + 3], a2 = _coefficients[s * 5 + 4];
        for (; c < n; c++)
            Unsafe.Add(ref x, c) = TKernel.Step(Unsafe.Add(ref x, c), ref Unsafe.Add(ref z1, c), ref Unsafe.Add(ref z2, c), b0, b1, b2, a1, a2);
    }

    // Channels in blocks of eight vectors (32 on AVX2) kept in registers through every section: eight independent
    // recursions per instruction stream hide each section's latency, and only the states go to memory.
    private void FilterBlocks(ReadOnlySpan<float> row, Span<float> to, int blockEnd)
    {
        int n = _channels;
        int lanes = Vector<double>.Count;
        var gain = new Vector<double>(_gain);
        ref double state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref float input = ref MemoryMarshal.GetReference(row);
        ref float output = ref MemoryMarshal.GetReference(to);
        for (int c = 0; c < blockEnd; c += 8 * lanes)
        {
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)c), out var x0, out var x1);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 2 * lanes)), out var x2, out var x3);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 4 * lanes)), out var x4, out var x5);
            Vector.Widen(Vector.LoadUnsafe(ref input, (nuint)(c + 6 * lanes)), out var x6, out var x7);
            x0 *= gain; x1 *= gain; x2 *= gain; x3 *= gain; x4 *= gain; x5 *= gain; x6 *= gain; x7 *= gain;
            for (int s = 0; s < _sections; s++)
            {
                ref var z1 = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref state, s * 2 * n + c));
                ref var z2 = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref state, (s * 2 + 1) * n + c));
                var k = _broadcast[s];
                switch (_kinds[s])
                {
                    case SectionKind.ZerosAtMinusOne: Block<ZerosAtMinusOneKernel>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref z1, ref z2, k); break;
                    case SectionKind.ZerosAtPlusOne: Block<ZerosAtPlusOneKernel>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref z1, ref z2, k); break;
                    case SectionKind.ZerosAtBothEnds: Block<ZerosAtBothEndsKernel>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref z1, ref z2, k); break;
                    case SectionKind.Monic: Block<MonicKernel>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref z1, ref z2, k); break;
                    default: Block<GeneralKernel>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref z1, ref z2, k); break;
                }
            }

            Vector.Narrow(x0, x1).StoreUnsafe(ref output, (nuint)c);
            Vector.Narrow(x2, x3).StoreUnsafe(ref output, (nuint)(c + 2 * lanes));
            Vector.Narrow(x4, x5).StoreUnsafe(ref output, (nuint)(c + 4 * lanes));
            Vector.Narrow(x6, x7).StoreUnsafe(ref output, (nuint)(c + 6 * lanes));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TKernel>(ref Vector<double> x0, ref Vector<double> x1, ref Vector<double> x2, ref Vector<double> x3,
        ref Vector<double> x4, ref Vector<double> x5, ref Vector<double> x6, ref Vector<double> x7,
        ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k) where TKernel : ISectionKernel
    {
        x0 = TKernel.Step(x0, ref z1, ref z2, k);
        x1 = TKernel.Step(x1, ref Unsafe.Add(ref z1, 1), ref Unsafe.Add(ref z2, 1), k);
        x2 = TKernel.Step(x2, ref Unsafe.Add(ref z1, 2), ref Unsafe.Add(ref z2, 2), k);
        x3 = TKernel.Step(x3, ref Unsafe.Add(ref z1, 3), ref Unsafe.Add(ref z2, 3), k);
        x4 = TKernel.Step(x4, ref Unsafe.Add(ref z1, 4), ref Unsafe.Add(ref z2, 4), k);
        x5 = TKernel.Step(x5, ref Unsafe.Add(ref z1, 5), ref Unsafe.Add(ref z2, 5), k);
        x6 = TKernel.Step(x6, ref Unsafe.Add(ref z1, 6), ref Unsafe.Add(ref z2, 6), k);
        x7 = TKernel.Step(x7, ref Unsafe.Add(ref z1, 7), ref Unsafe.Add(ref z2, 7), k);
    }
}
