using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// Causal filter-Hilbert envelope of several bands of a multichannel stream: per band, a band-pass cascade
/// (<see cref="SosFilterBank"/>, float32 out) then a FIR Hilbert transformer of odd length <c>K</c>
/// (<see cref="HilbertDesign"/>) giving the analytic signal <c>a[n] = y[n - M] + j (h * y)[n]</c>, <c>M = (K - 1) / 2</c>:
/// the real part is delayed by the transformer's own delay so both parts line up. The output is <c>|a[n]|^2</c> (or
/// <c>|a[n]|</c>), <c>[sample][channel x bands + band]</c>. All state (sections and the last K band-passed samples per
/// channel) runs across calls, so any cutting of the stream into calls gives bit-identical output; states start at
/// zero, as <c>sosfilt</c> and <c>np.convolve</c> of a signal that starts at sample 0.
/// Cost per sample, channel and band: the sections plus one multiply-add per nonzero kernel pair (about K / 4), in
/// double, SIMD across channels. Allocation-free after construction.
/// </summary>
public sealed class BandEnvelope
{
    private const int Chunk = 256; // samples band-passed at once: bounds the scratch whatever the call's length

    private readonly int _channels;
    private readonly bool _amplitude;
    private readonly SosFilterBank[] _banks;
    private readonly int[] _taps;
    private readonly double[][] _pairTaps;   // h[i] for the i < M with (M - i) odd; h[K - 1 - i] = -h[i]
    private readonly int[][] _pairOffsets;   // those i
    private readonly double[][] _history;    // per band: the last K samples twice (rows p and p + K), so they are one span
    private readonly int[] _position;
    private readonly float[] _filtered;      // one chunk of one band, band-passed
    private readonly double[] _power;        // one sample's |a|^2 for every channel

    /// <summary>Creates the envelope of the bands band-passed by <paramref name="sections"/>, each with a Hilbert transformer of <paramref name="taps"/>.</summary>
    public BandEnvelope(SecondOrderSections[] sections, int[] taps, int channels, bool amplitude)
    {
        if (sections.Length == 0 || sections.Length != taps.Length) throw new ArgumentException("one Hilbert length per band is needed", nameof(taps));
        _channels = channels;
        _amplitude = amplitude;
        _banks = new SosFilterBank[sections.Length];
        _taps = (int[])taps.Clone();
        _pairTaps = new double[sections.Length][];
        _pairOffsets = new int[sections.Length][];
        _history = new double[sections.Length][];
        _position = new int[sections.Length];
        for (int b = 0; b < sections.Length; b++)
        {
            _banks[b] = new SosFilterBank(sections[b], channels);
            var h = HilbertDesign.Kernel(taps[b]);
            int m = (taps[b] - 1) / 2;
            var offsets = new List<int>();
            for (int i = 0; i < m; i++)
                if ((m - i) % 2 != 0) offsets.Add(i);
            _pairOffsets[b] = offsets.ToArray();
            _pairTaps[b] = new double[offsets.Count];
            for (int p = 0; p < offsets.Count; p++) _pairTaps[b][p] = h[offsets[p]];
            _history[b] = new double[2 * taps[b] * channels];
        }

        _filtered = new float[Chunk * channels];
        _power = new double[channels];
    }

    /// <summary>Number of bands.</summary>
    public int Bands => _banks.Length;

    /// <summary>The Hilbert transformer's length of band <paramref name="band"/>.</summary>
    public int TapsOf(int band) => _taps[band];

    /// <summary>
    /// Filters <paramref name="samples"/> (samples x channels, interleaved) and writes each sample's squared envelope
    /// (or envelope) of every channel and band into <paramref name="output"/> (samples x channels x bands).
    /// </summary>
    public void Process(ReadOnlySpan<float> samples, Span<float> output)
    {
        int c = _channels, bands = _banks.Length;
        int count = samples.Length / c;
        if (samples.Length != count * c) throw new ArgumentException($"{samples.Length} values are not whole samples of {c} channels", nameof(samples));
        if (output.Length < count * c * bands) throw new ArgumentException("output is shorter than samples x channels x bands", nameof(output));
        for (int first = 0; first < count; first += Chunk)
        {
            int n = Math.Min(Chunk, count - first);
            for (int b = 0; b < bands; b++)
            {
                _banks[b].Process(samples.Slice(first * c, n * c), _filtered);
                for (int t = 0; t < n; t++)
                {
                    Envelope(b, _filtered.AsSpan(t * c, c));
                    var to = output.Slice((first + t) * c * bands);
                    for (int ch = 0; ch < c; ch++)
                    {
                        double p = _power[ch];
                        to[ch * bands + b] = (float)(_amplitude ? Math.Sqrt(p) : p);
                    }
                }
            }
        }
    }

    // Pushes one band-passed sample into band b's history and leaves |a|^2 of every channel in _power.
    private void Envelope(int b, ReadOnlySpan<float> sample)
    {
        int c = _channels, k = _taps[b], m = (k - 1) / 2;
        var history = _history[b];
        int p = _position[b];
        for (int ch = 0; ch < c; ch++)
        {
            double y = sample[ch];
            history[p * c + ch] = y;
            history[(p + k) * c + ch] = y;
        }

        if (++p == k) p = 0;
        _position[b] = p;

        // Oldest first from row p: y[n - i] sits at row p + K - 1 - i; the real part y[n - M] at row p + M.
        ReadOnlySpan<double> taps = _pairTaps[b];
        ReadOnlySpan<int> offsets = _pairOffsets[b];
        ref double rows = ref MemoryMarshal.GetArrayDataReference(history);
        int newest = p + k - 1;
        int lanes = Vector<double>.Count;
        int ch0 = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; ch0 + lanes <= c; ch0 += lanes)
            {
                var im = Vector<double>.Zero;
                for (int j = 0; j < taps.Length; j++)
                {
                    var recent = Vector.LoadUnsafe(ref rows, (nuint)((newest - offsets[j]) * c + ch0));
                    var old = Vector.LoadUnsafe(ref rows, (nuint)((p + offsets[j]) * c + ch0));
                    im = Vector.FusedMultiplyAdd(new Vector<double>(taps[j]), recent - old, im);
                }

                var re = Vector.LoadUnsafe(ref rows, (nuint)((p + m) * c + ch0));
                Vector.FusedMultiplyAdd(re, re, im * im).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_power), (nuint)ch0);
            }
        }

        // The same operations in the same order for the channels left over: a channel's result never depends on its lane.
        for (int ch = ch0; ch < c; ch++)
        {
            double im = 0;
            for (int j = 0; j < taps.Length; j++)
                im = Math.FusedMultiplyAdd(taps[j], history[(newest - offsets[j]) * c + ch] - history[(p + offsets[j]) * c + ch], im);
            double re = history[(p + m) * c + ch];
            _power[ch] = Math.FusedMultiplyAdd(re, re, im * im);
        }
    }
}
