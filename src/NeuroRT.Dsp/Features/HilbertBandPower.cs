using System.Numerics;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Filter-Hilbert band power from the window stage's frames: half the mean over each window of the squared envelope
/// <c>|a[n]|^2</c> of a <see cref="BandEnvelope"/> that runs on the continuous signal, not per window. Half, because a
/// sinusoid of amplitude A has envelope A but power A^2 / 2: so the figure is the band's power, in the same units
/// as the Welch and Goertzel methods give.
/// <para>Windows that tile or overlap (step &lt;= length) hold every sample of the stream exactly once as "new":
/// the first window all <c>length</c> samples (it ends at the stream's <c>length</c>-th sample), every later one
/// its last <c>step</c>. Only those are filtered, so the filters see the stream itself, causally, and the result
/// depends only on the sample count, never on block sizes. The squared envelopes of the last <c>length</c> samples
/// are kept (float32) and summed in double for each window.</para>
/// </summary>
internal sealed class HilbertBandPower
{
    private readonly BandEnvelope _envelope;
    private readonly int _channels;
    private readonly int _length;
    private readonly int _step;
    private readonly int _width;     // channels x bands
    private readonly float[] _ring;  // [slot * width + channel * bands + band], slot = sample index mod length
    private readonly double[] _sum;
    private int _position;
    private bool _started;

    public HilbertBandPower(BandEnvelope envelope, int channels, int length, int step)
    {
        _envelope = envelope;
        _channels = channels;
        _length = length;
        _step = step;
        _width = channels * envelope.Bands;
        _ring = new float[length * _width];
        _sum = new double[_width];
    }

    /// <summary>Filters the window's new samples and writes each channel and band's power (half the mean squared envelope) into <paramref name="power"/>.</summary>
    public void Compute(ReadOnlySpan<float> window, Span<double> power)
    {
        int fresh = _started ? _step : _length;
        _started = true;
        var samples = window.Slice((_length - fresh) * _channels, fresh * _channels);
        int head = Math.Min(fresh, _length - _position);
        _envelope.Process(samples.Slice(0, head * _channels), _ring.AsSpan(_position * _width, head * _width));
        if (fresh > head) _envelope.Process(samples.Slice(head * _channels), _ring.AsSpan(0, (fresh - head) * _width));
        _position = (_position + fresh) % _length;

        Span<double> sum = _sum;
        sum.Clear();
        int lanes = Vector<float>.Count, half = Vector<double>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated && lanes == 2 * half ? _width - _width % lanes : 0;
        for (int t = 0; t < _length; t++)
        {
            var row = _ring.AsSpan(t * _width, _width);
            int i = 0;
            for (; i < vectorEnd; i += lanes)
            {
                Vector.Widen(new Vector<float>(row.Slice(i)), out var low, out var high);
                (new Vector<double>(sum.Slice(i)) + low).CopyTo(sum.Slice(i));
                (new Vector<double>(sum.Slice(i + half)) + high).CopyTo(sum.Slice(i + half));
            }

            for (; i < _width; i++) sum[i] += row[i]; // the same additions, one by one
        }

        for (int i = 0; i < _width; i++) power[i] = sum[i] / (2.0 * _length);
    }
}
