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
/// <para>A band-pass has as many zeros at +1 as at -1; its numerators are regrouped as [1, 0, -1] in every
/// section (the cascade is a product, so any section may carry any numerator; the poles stay as designed), which
/// costs three operations per section and sample instead of five.</para>
/// <para>Channels go in blocks of eight vectors (32 channels on AVX2) over stretches of up to 64 samples: each
/// section runs over the whole stretch with the block's states in registers. Channels left over run sample by
/// sample, vector-wide then one by one. Every path computes the same operations in the same order, so results do
/// not depend on where a channel falls or how the signal is cut into blocks. Allocation-free after construction.</para>
/// </summary>
public sealed class SosFilterBank : IBlockFilter
{
    private readonly int _channels;
    private readonly int _sections;
    private readonly double _gain;                  // the product of the b0 taken out of the sections
    private readonly SectionKind[] _kinds;
    private readonly double[] _coefficients;        // per section: b0, b1, b2, -a1, -a2 (b0 = 1 unless General; a1, a2 for ZerosAtBothEnds)
    private readonly SectionVectors[] _broadcast;   // the same, one vector per coefficient
    private readonly double[] _state;               // [(section * 2 + k) * channels + channel]
    private readonly double[] _sample;              // the sample being filtered, in double, one value per channel
    private readonly double[] _column;              // a stretch of samples of one channel block, in double

    // Samples per stretch: 64 x 32 channels of double is 16 KiB, which stays in L1 with the states.
    private const int ColumnSamples = 64;

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
        var rows = new double[_sections][];
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
            rows[s] = [b0, b1, b2, -r[4], -r[5]];
        }

        PairZeros(_kinds, rows);
        for (int s = 0; s < _sections; s++)
        {
            var r = rows[s];
            if (_kinds[s] == SectionKind.ZerosAtBothEnds) (r[3], r[4]) = (-r[3], -r[4]); // its kernel takes a1, a2 themselves
            r.CopyTo(_coefficients, s * 5);
            _broadcast[s] = new SectionVectors(r[0], r[1], r[2], r[3], r[4]);
        }

        _gain = gain;
        _state = new double[_sections * 2 * channels];
        _sample = new double[channels];
        _column = new double[ColumnSamples * 8 * Vector<double>.Count];
    }

    /// <summary>Channels filtered.</summary>
    public int Channels => _channels;

    /// <summary>Sets every state to zero (as a fresh filter).</summary>
    public void Reset() => Array.Clear(_state);

    // A band-pass puts as many zeros at +1 as at -1, two per section: [1, 2, 1] and [1, -2, 1] sections. The cascade
    // is a product, so its numerators may be handed to any sections: regrouped as [1, 0, -1] each they cost three
    // operations per step instead of five. The poles stay where the design put them.
    private static void PairZeros(SectionKind[] kinds, double[][] rows)
    {
        int minus = 0, plus = 0;
        foreach (var kind in kinds)
        {
            if (kind == SectionKind.ZerosAtMinusOne) minus++;
            else if (kind == SectionKind.ZerosAtPlusOne) plus++;
        }

        int pairs = Math.Min(minus, plus);
        int regrouped = 0;
        for (int s = 0; s < kinds.Length && regrouped < 2 * pairs; s++)
        {
            if (kinds[s] is not (SectionKind.ZerosAtMinusOne or SectionKind.ZerosAtPlusOne)) continue;
            kinds[s] = SectionKind.ZerosAtBothEnds;
            rows[s][1] = 0;
            rows[s][2] = -1;
            regrouped++;
        }
    }

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
        if (blockEnd > 0) FilterBlocks(input, output, samples, blockEnd);
        if (blockEnd == n) return;
        for (int t = 0; t < samples; t++)
        {
            var row = input.Slice(t * n, n);
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

    // Channels in blocks of eight vectors (32 on AVX2), a stretch of samples at a time: the stretch is widened into
    // a column buffer, then each section runs over the whole stretch with the eight vectors' states in registers,
    // so per step only the sample goes through memory (the column stays in L1). The eight independent recursions
    // hide each section's latency.
    private void FilterBlocks(ReadOnlySpan<float> input, Span<float> output, int samples, int blockEnd)
    {
        int n = _channels;
        int lanes = Vector<double>.Count;
        int width = 8 * lanes;
        var gain = new Vector<double>(_gain);
        ref double state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref var column = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(_column));
        ref float src = ref MemoryMarshal.GetReference(input);
        ref float dst = ref MemoryMarshal.GetReference(output);
        for (int first = 0; first < samples; first += ColumnSamples)
        {
            int count = Math.Min(ColumnSamples, samples - first);
            for (int c = 0; c < blockEnd; c += width)
            {
                for (int t = 0; t < count; t++)
                {
                    ref float row = ref Unsafe.Add(ref src, (first + t) * n + c);
                    ref var to = ref Unsafe.Add(ref column, t * 8);
                    for (int v = 0; v < 8; v += 2)
                    {
                        Vector.Widen(Vector.LoadUnsafe(ref row, (nuint)(v * lanes)), out var low, out var high);
                        Unsafe.Add(ref to, v) = low * gain;
                        Unsafe.Add(ref to, v + 1) = high * gain;
                    }
                }

                for (int s = 0; s < _sections; s++)
                {
                    ref var z1 = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref state, s * 2 * n + c));
                    ref var z2 = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref state, (s * 2 + 1) * n + c));
                    switch (_kinds[s])
                    {
                        case SectionKind.ZerosAtMinusOne: Stretch<ZerosAtMinusOneKernel>(ref column, count, ref z1, ref z2, _broadcast[s]); break;
                        case SectionKind.ZerosAtPlusOne: Stretch<ZerosAtPlusOneKernel>(ref column, count, ref z1, ref z2, _broadcast[s]); break;
                        case SectionKind.ZerosAtBothEnds: Stretch<ZerosAtBothEndsKernel>(ref column, count, ref z1, ref z2, _broadcast[s]); break;
                        case SectionKind.Monic: Stretch<MonicKernel>(ref column, count, ref z1, ref z2, _broadcast[s]); break;
                        default: Stretch<GeneralKernel>(ref column, count, ref z1, ref z2, _broadcast[s]); break;
                    }
                }

                for (int t = 0; t < count; t++)
                {
                    ref float row = ref Unsafe.Add(ref dst, (first + t) * n + c);
                    ref var from = ref Unsafe.Add(ref column, t * 8);
                    for (int v = 0; v < 8; v += 2)
                        Vector.Narrow(Unsafe.Add(ref from, v), Unsafe.Add(ref from, v + 1)).StoreUnsafe(ref row, (nuint)(v * lanes));
                }
            }
        }
    }

    // One section over a stretch of samples for eight vectors of channels, states held in locals (registers).
    private static void Stretch<TKernel>(ref Vector<double> column, int count, ref Vector<double> z1, ref Vector<double> z2, SectionVectors k)
        where TKernel : ISectionKernel
    {
        var p0 = z1; var p1 = Unsafe.Add(ref z1, 1); var p2 = Unsafe.Add(ref z1, 2); var p3 = Unsafe.Add(ref z1, 3);
        var p4 = Unsafe.Add(ref z1, 4); var p5 = Unsafe.Add(ref z1, 5); var p6 = Unsafe.Add(ref z1, 6); var p7 = Unsafe.Add(ref z1, 7);
        var q0 = z2; var q1 = Unsafe.Add(ref z2, 1); var q2 = Unsafe.Add(ref z2, 2); var q3 = Unsafe.Add(ref z2, 3);
        var q4 = Unsafe.Add(ref z2, 4); var q5 = Unsafe.Add(ref z2, 5); var q6 = Unsafe.Add(ref z2, 6); var q7 = Unsafe.Add(ref z2, 7);
        for (int t = 0; t < count; t++)
        {
            ref var x = ref Unsafe.Add(ref column, t * 8);
            x = TKernel.Step(x, ref p0, ref q0, k);
            Unsafe.Add(ref x, 1) = TKernel.Step(Unsafe.Add(ref x, 1), ref p1, ref q1, k);
            Unsafe.Add(ref x, 2) = TKernel.Step(Unsafe.Add(ref x, 2), ref p2, ref q2, k);
            Unsafe.Add(ref x, 3) = TKernel.Step(Unsafe.Add(ref x, 3), ref p3, ref q3, k);
            Unsafe.Add(ref x, 4) = TKernel.Step(Unsafe.Add(ref x, 4), ref p4, ref q4, k);
            Unsafe.Add(ref x, 5) = TKernel.Step(Unsafe.Add(ref x, 5), ref p5, ref q5, k);
            Unsafe.Add(ref x, 6) = TKernel.Step(Unsafe.Add(ref x, 6), ref p6, ref q6, k);
            Unsafe.Add(ref x, 7) = TKernel.Step(Unsafe.Add(ref x, 7), ref p7, ref q7, k);
        }

        z1 = p0; Unsafe.Add(ref z1, 1) = p1; Unsafe.Add(ref z1, 2) = p2; Unsafe.Add(ref z1, 3) = p3;
        Unsafe.Add(ref z1, 4) = p4; Unsafe.Add(ref z1, 5) = p5; Unsafe.Add(ref z1, 6) = p6; Unsafe.Add(ref z1, 7) = p7;
        z2 = q0; Unsafe.Add(ref z2, 1) = q1; Unsafe.Add(ref z2, 2) = q2; Unsafe.Add(ref z2, 3) = q3;
        Unsafe.Add(ref z2, 4) = q4; Unsafe.Add(ref z2, 5) = q5; Unsafe.Add(ref z2, 6) = q6; Unsafe.Add(ref z2, 7) = q7;
    }
}
