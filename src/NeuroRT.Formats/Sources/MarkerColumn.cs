namespace NeuroRT.Formats.Sources;

/// <summary>
/// The codes a recording source's marker channel carries, in sample order (one per sample), and how they go into the
/// marker column of interleaved rows as the replay reads them. The edf, brainvision and xdf marker channels place
/// their markers differently and share this.
/// </summary>
internal sealed class MarkerColumn
{
    private readonly long[] _samples;
    private readonly float[] _codes;

    private MarkerColumn(long[] samples, float[] codes)
    {
        _samples = samples;
        _codes = codes;
    }

    /// <summary>The column of <paramref name="placed"/> (sorted by sample, one per sample).</summary>
    public static MarkerColumn Of<T>(IReadOnlyList<T> placed, Func<T, long> sample, Func<T, float> code)
    {
        var samples = new long[placed.Count];
        var codes = new float[placed.Count];
        for (int i = 0; i < placed.Count; i++)
        {
            samples[i] = sample(placed[i]);
            codes[i] = code(placed[i]);
        }

        return new MarkerColumn(samples, codes);
    }

    /// <summary>
    /// Writes the codes of the markers on the <paramref name="count"/> samples from <paramref name="first"/> into
    /// column <paramref name="column"/> of <paramref name="rows"/> (<paramref name="width"/> wide); the other samples'
    /// cells are left as they are (the caller has zeroed them). <paramref name="next"/> is the first marker not yet
    /// written (0 at the start of a pass); returns it for the next call. Does not allocate.
    /// </summary>
    public int Write(long first, int count, Span<float> rows, int width, int column, int next)
    {
        for (; next < _samples.Length && _samples[next] < first + count; next++)
            if (_samples[next] >= first) rows[(int)(_samples[next] - first) * width + column] = _codes[next];
        return next;
    }
}
