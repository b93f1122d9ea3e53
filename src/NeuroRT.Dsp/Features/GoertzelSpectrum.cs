using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// The same density as <see cref="WelchSpectrum"/> (constant detrend, periodic Hann or boxcar taper, density scaling,
/// one-sided, averaged over segments) at chosen bins, from Goertzel recursions instead of DFT tables: O(N) per bin
/// and segment, three numbers per recursion (2 cos w, cos w, sin w), no per-sample tables.
/// <para>The Hann taper is applied in the frequency domain, exactly: <c>w[n] = 1/2 - e^{j2pi n/N}/4 - e^{-j2pi n/N}/4</c>,
/// so the tapered DFT is <c>Xw[k] = Y[k]/2 - (Y[k-1] + Y[k+1])/4</c> of the detrended segment's DFT <c>Y</c>; a band of
/// m bins costs m + 2 recursions (bins outside 0..N/2 are conjugates of bins inside: <c>Y[-j] = conj Y[j]</c>).</para>
/// <para>Goertzel at <c>w = 2 pi r / N</c>: <c>s[n] = x[n] + 2 cos w s[n-1] - s[n-2]</c>; after N samples
/// <c>Y[r] = e^{jw} s[N-1] - s[N-2]</c>. Double precision, SIMD across channels. Allocation-free after construction.</para>
/// </summary>
internal sealed class GoertzelSpectrum
{
    private readonly int _segment;
    private readonly int _step;
    private readonly int _segments;
    private readonly int _channels;
    private readonly double[] _coefficient; // per recursion: 2 cos w
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _termRecursion;  // per bin, 3 terms (Hann) or 1 (boxcar): which recursion,
    private readonly double[] _termWeight;  // its weight,
    private readonly double[] _termSign;    // and the sign of its imaginary part (-1: conjugate)
    private readonly int _terms;
    private readonly double[] _oneSidedScale;
    private readonly double[] _detrended;   // one segment of one channel group, [sample * lanes + lane]
    private readonly double[] _re;          // [recursion * channels + channel]
    private readonly double[] _im;

    /// <summary>Prepares <paramref name="bins"/> for windows of <paramref name="length"/> samples of <paramref name="channels"/> channels.</summary>
    public GoertzelSpectrum(int length, int segment, int overlap, double fs, int[] bins, bool hann, int channels)
    {
        _segment = segment;
        _step = segment - overlap;
        _segments = (length - segment) / _step + 1;
        _channels = channels;
        Bins = bins;
        BinWidth = fs / segment;
        double sumSquares = 0;
        for (int n = 0; n < segment; n++)
        {
            double w = hann ? 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / segment) : 1; // periodic Hann, as WelchSpectrum
            sumSquares += w * w;
        }

        _terms = hann ? 3 : 1;
        var recursions = new List<int>();
        _termRecursion = new int[bins.Length * _terms];
        _termWeight = new double[bins.Length * _terms];
        _termSign = new double[bins.Length * _terms];
        _oneSidedScale = new double[bins.Length];
        for (int i = 0; i < bins.Length; i++)
        {
            for (int t = 0; t < _terms; t++)
            {
                int j = hann ? bins[i] - 1 + t : bins[i];
                int folded = ((j % segment) + segment) % segment;
                bool conjugate = folded > segment / 2;
                if (conjugate) folded = segment - folded;
                int r = recursions.IndexOf(folded);
                if (r < 0)
                {
                    r = recursions.Count;
                    recursions.Add(folded);
                }

                _termRecursion[i * _terms + t] = r;
                _termWeight[i * _terms + t] = !hann ? 1 : t == 1 ? 0.5 : -0.25;
                _termSign[i * _terms + t] = conjugate ? -1 : 1;
            }

            bool nyquist = segment % 2 == 0 && bins[i] == segment / 2;
            _oneSidedScale[i] = (bins[i] == 0 || nyquist ? 1 : 2) / (fs * sumSquares);
        }

        _coefficient = new double[recursions.Count];
        _cos = new double[recursions.Count];
        _sin = new double[recursions.Count];
        for (int r = 0; r < recursions.Count; r++)
        {
            double angle = 2 * Math.PI * recursions[r] / segment;
            _cos[r] = Math.Cos(angle);
            _sin[r] = Math.Sin(angle);
            _coefficient[r] = 2 * _cos[r];
        }

        _detrended = new double[segment * Vector<double>.Count];
        _re = new double[recursions.Count * channels];
        _im = new double[recursions.Count * channels];
    }

    /// <summary>The bins computed (index k is frequency k x <see cref="BinWidth"/>).</summary>
    public int[] Bins { get; }

    /// <summary>Frequency step between bins in Hz.</summary>
    public double BinWidth { get; }

    /// <summary>Writes the density of every bin of every channel of an interleaved window into <paramref name="density"/> (<c>[channel * bins + bin]</c>).</summary>
    public void Compute(ReadOnlySpan<float> window, Span<double> density)
    {
        density.Clear();
        int bins = Bins.Length;
        for (int s = 0; s < _segments; s++)
        {
            var segment = window.Slice(s * _step * _channels, _segment * _channels);
            int lanes = Vector.IsHardwareAccelerated ? Vector<double>.Count : 1;
            int c = 0;
            if (lanes > 1)
                for (; c + lanes <= _channels; c += lanes) RecurseLanes(segment, c);
            for (; c < _channels; c++) RecurseOne(segment, c);

            for (int ch = 0; ch < _channels; ch++)
            {
                for (int i = 0; i < bins; i++)
                {
                    double re = 0, im = 0;
                    for (int t = 0; t < _terms; t++)
                    {
                        int at = i * _terms + t;
                        int r = _termRecursion[at] * _channels + ch;
                        re += _termWeight[at] * _re[r];
                        im += _termWeight[at] * _termSign[at] * _im[r];
                    }

                    density[ch * bins + i] += (re * re + im * im) * _oneSidedScale[i];
                }
            }
        }

        if (_segments > 1)
            for (int i = 0; i < density.Length; i++) density[i] /= _segments;
    }

    // Detrends channels c..c+lanes-1 of a segment and runs every recursion over them, one channel per lane.
    private void RecurseLanes(ReadOnlySpan<float> segment, int c)
    {
        int lanes = Vector<double>.Count, n = _segment, channels = _channels;
        Span<double> mean = stackalloc double[lanes];
        for (int t = 0; t < n; t++)
            for (int l = 0; l < lanes; l++) mean[l] += segment[t * channels + c + l];
        for (int l = 0; l < lanes; l++) mean[l] /= n;
        for (int t = 0; t < n; t++)
            for (int l = 0; l < lanes; l++) _detrended[t * lanes + l] = segment[t * channels + c + l] - mean[l];

        ref double x = ref MemoryMarshal.GetArrayDataReference(_detrended);
        for (int r = 0; r < _coefficient.Length; r++)
        {
            var k = new Vector<double>(_coefficient[r]);
            var s1 = Vector<double>.Zero;
            var s2 = Vector<double>.Zero;
            for (int t = 0; t < n; t++)
            {
                var s0 = Vector.FusedMultiplyAdd(k, s1, Vector.LoadUnsafe(ref x, (nuint)(t * lanes)) - s2);
                s2 = s1;
                s1 = s0;
            }

            for (int l = 0; l < lanes; l++)
            {
                _re[r * channels + c + l] = Math.FusedMultiplyAdd(_cos[r], s1[l], -s2[l]);
                _im[r * channels + c + l] = _sin[r] * s1[l];
            }
        }
    }

    // The same operations for one channel (those left over after the full vectors).
    private void RecurseOne(ReadOnlySpan<float> segment, int c)
    {
        int n = _segment, channels = _channels;
        double mean = 0;
        for (int t = 0; t < n; t++) mean += segment[t * channels + c];
        mean /= n;
        for (int t = 0; t < n; t++) _detrended[t] = segment[t * channels + c] - mean;
        for (int r = 0; r < _coefficient.Length; r++)
        {
            double k = _coefficient[r], s1 = 0, s2 = 0;
            for (int t = 0; t < n; t++)
            {
                double s0 = Math.FusedMultiplyAdd(k, s1, _detrended[t] - s2);
                s2 = s1;
                s1 = s0;
            }

            _re[r * channels + c] = Math.FusedMultiplyAdd(_cos[r], s1, -s2);
            _im[r * channels + c] = _sin[r] * s1;
        }
    }
}
