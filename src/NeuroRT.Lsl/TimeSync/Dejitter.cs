namespace NeuroRT.Lsl.TimeSync;

/// <summary>
/// Smooths the timestamps of a regular stream: an exponentially weighted least-squares line of timestamp
/// against sample index (half-time in seconds of data), each timestamp replaced by the line's value.
/// Origins are shifted as the index grows so the sums stay well conditioned. Allocation-free.
/// </summary>
public sealed class Dejitter
{
    private readonly double _lambda;
    private double _s0, _si, _sii, _st, _sit;
    private double _index;
    private double _timeOrigin = double.NaN;

    /// <summary>Creates a filter for a stream of <paramref name="nominalRate"/> Hz.</summary>
    public Dejitter(double nominalRate, double halftimeSeconds)
    {
        if (!(nominalRate > 0)) throw new ArgumentOutOfRangeException(nameof(nominalRate), nominalRate, "dejitter needs a regular stream");
        _lambda = Math.Pow(2, -1 / Math.Max(1, halftimeSeconds * nominalRate));
    }

    /// <summary>Forgets the past (after a clock reset or a reconnection).</summary>
    public void Reset()
    {
        _s0 = _si = _sii = _st = _sit = 0;
        _index = 0;
        _timeOrigin = double.NaN;
    }

    /// <summary>Takes the next raw timestamp and returns the smoothed one.</summary>
    public double Next(double timestamp)
    {
        if (double.IsNaN(_timeOrigin)) _timeOrigin = timestamp;
        double t = timestamp - _timeOrigin;
        double i = _index++;
        _s0 = _lambda * _s0 + 1;
        _si = _lambda * _si + i;
        _sii = _lambda * _sii + i * i;
        _st = _lambda * _st + t;
        _sit = _lambda * _sit + i * t;
        double det = _s0 * _sii - _si * _si;
        double smoothed = timestamp;
        if (_s0 > 2 && det > 1e-9 * _s0 * _sii)
        {
            double slope = (_s0 * _sit - _si * _st) / det;
            double intercept = (_st - slope * _si) / _s0;
            smoothed = _timeOrigin + intercept + slope * i;
        }

        if (_index > 1 << 20) Shift(slope: 0);
        return smoothed;
    }

    // Moves the index origin to the newest sample (and the time origin with it): exact algebra on the sums.
    private void Shift(double slope)
    {
        double d = _index;
        _sii = _sii - 2 * d * _si + d * d * _s0;
        _sit -= d * _st;
        _si -= d * _s0;
        _index = 0;
        double t = (_s0 > 0 ? _st / _s0 : 0) + slope;
        _sit -= t * _si;
        _st -= t * _s0;
        _timeOrigin += t;
    }
}
