namespace NeuroRT.Dashboard.Taps;

/// <summary>
/// A bounded ring of display points (one value per channel and a timestamp each), written by a tap's output thread
/// and read by the dashboard's frame thread. When the reader falls behind, the oldest points are overwritten and
/// counted. Everything is allocated at construction: the writer allocates nothing.
/// </summary>
internal sealed class TraceBuffer
{
    private readonly float[] _values;
    private readonly double[] _times;
    private readonly object _gate = new();
    private long _written;

    public TraceBuffer(int channels, int capacity)
    {
        Channels = channels;
        Capacity = capacity;
        _values = new float[channels * capacity];
        _times = new double[capacity];
    }

    public int Channels { get; }

    public int Capacity { get; }

    /// <summary>Points ever written.</summary>
    public long Written
    {
        get { lock (_gate) return _written; }
    }

    /// <summary>Writer: appends one point (<paramref name="values"/> has <see cref="Channels"/> values).</summary>
    public void Append(ReadOnlySpan<float> values, double time)
    {
        lock (_gate)
        {
            int slot = (int)(_written % Capacity);
            values.CopyTo(_values.AsSpan(slot * Channels, Channels));
            _times[slot] = time;
            _written++;
        }
    }

    /// <summary>
    /// Reader: copies the points from <paramref name="from"/> on (at most <paramref name="times"/>.Length) into
    /// channel-major <paramref name="values"/> (<c>values[c * times.Length + i]</c>); returns how many were copied.
    /// <paramref name="lost"/> counts the points overwritten before they were read; <paramref name="from"/> moves on.
    /// </summary>
    public int ReadSince(ref long from, Span<float> values, Span<double> times, out long lost)
    {
        lock (_gate)
        {
            long oldest = Math.Max(0, _written - Capacity);
            long available = Math.Max(from, oldest);
            // Newest points win when the reader asks for less than is waiting (the display shows the present).
            long start = Math.Max(available, _written - times.Length);
            lost = start - from;
            int n = (int)(_written - start);
            for (int i = 0; i < n; i++)
            {
                int slot = (int)((start + i) % Capacity);
                times[i] = _times[slot];
                for (int c = 0; c < Channels; c++) values[c * times.Length + i] = _values[slot * Channels + c];
            }

            from = _written;
            return n;
        }
    }
}
