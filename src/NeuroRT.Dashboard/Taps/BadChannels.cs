namespace NeuroRT.Dashboard.Taps;

/// <summary>
/// Flags channels that are flat (the same value for a whole second) or saturated (pinned at their extreme: the
/// window's largest or smallest value repeats in more than 5 % of its samples, as a clipping amplifier does; a live
/// signal reaches its extreme once or twice). Runs on a tap's output thread, per raw sample, without allocating.
/// </summary>
internal sealed class BadChannels
{
    public const int Good = 0, Flat = 1, Saturated = 2;

    private readonly int _window;
    private readonly float[] _min, _max;
    private readonly int[] _atMin, _atMax;
    private readonly int[] _flags;
    private int _seen;

    public BadChannels(int channels, int window)
    {
        _window = Math.Max(8, window);
        _min = new float[channels];
        _max = new float[channels];
        _atMin = new int[channels];
        _atMax = new int[channels];
        _flags = new int[channels];
    }

    /// <summary>The flags of the last complete window (read under the tap's lock).</summary>
    public ReadOnlySpan<int> Flags => _flags;

    /// <summary>One sample: channel c is <paramref name="values"/>[<paramref name="map"/>[c]].</summary>
    public void Add(ReadOnlySpan<float> values, ReadOnlySpan<int> map)
    {
        bool first = _seen == 0;
        for (int c = 0; c < map.Length; c++)
        {
            float v = values[map[c]];
            if (first) { _min[c] = _max[c] = v; _atMin[c] = _atMax[c] = 1; continue; }
            if (v > _max[c]) { _max[c] = v; _atMax[c] = 1; }
            else if (v == _max[c]) _atMax[c]++;
            if (v < _min[c]) { _min[c] = v; _atMin[c] = 1; }
            else if (v == _min[c]) _atMin[c]++;
        }

        if (++_seen < _window) return;
        int limit = Math.Max(3, _window / 20);
        for (int c = 0; c < map.Length; c++)
            _flags[c] = _max[c] == _min[c] ? Flat : _atMax[c] > limit || _atMin[c] > limit ? Saturated : Good;
        _seen = 0;
    }
}
