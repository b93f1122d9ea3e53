using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Safety;

/// <summary>
/// The <c>clamp</c> parameter: <c>[min, max]</c> for every value, or one pair per value
/// <c>[min0, max0, min1, max1, ...]</c>. Applied to a copy of the values before encoding.
/// </summary>
internal sealed class ValueClamp
{
    public const string Parameter = "clamp";

    private readonly float[] _min;
    private readonly float[] _max;

    private ValueClamp(float[] min, float[] max)
    {
        _min = min;
        _max = max;
    }

    /// <summary>No clamping when <paramref name="pairs"/> is empty.</summary>
    public static ValueClamp? Create(double[]? pairs, int valueCount)
    {
        if (pairs == null || pairs.Length == 0) return null;
        if (pairs.Length % 2 != 0)
            throw new PluginConfigurationException(Parameter, $"{Parameter}: {pairs.Length} numbers; give [min, max] or one min, max pair per value");
        int n = pairs.Length / 2;
        if (n != 1 && n != valueCount)
            throw new PluginConfigurationException(Parameter, $"{Parameter}: {n} pairs for {valueCount} values; give one pair for all or one per value");
        var min = new float[n];
        var max = new float[n];
        for (int i = 0; i < n; i++)
        {
            min[i] = (float)pairs[2 * i];
            max[i] = (float)pairs[2 * i + 1];
            if (!(min[i] <= max[i]) || !float.IsFinite(min[i]) || !float.IsFinite(max[i]))
                throw new PluginConfigurationException(Parameter, $"{Parameter}: pair {i} [{pairs[2 * i]}, {pairs[2 * i + 1]}] is not finite min <= max");
        }
        return new ValueClamp(min, max);
    }

    /// <summary>Whether <paramref name="value"/> at <paramref name="index"/> lies inside the range.</summary>
    public bool Contains(int index, float value)
    {
        int k = _min.Length == 1 ? 0 : index;
        return k >= _min.Length || (value >= _min[k] && value <= _max[k]);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> clamped; returns how many values changed.</summary>
    public int Apply(ReadOnlySpan<float> source, Span<float> target)
    {
        int changed = 0;
        bool one = _min.Length == 1;
        for (int i = 0; i < source.Length; i++)
        {
            int k = one ? 0 : i;
            float v = source[i];
            if (k < _min.Length)
            {
                if (v < _min[k]) { v = _min[k]; changed++; }
                else if (v > _max[k]) { v = _max[k]; changed++; }
            }
            target[i] = v;
        }
        return changed;
    }
}
