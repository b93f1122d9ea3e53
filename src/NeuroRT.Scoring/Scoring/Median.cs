namespace NeuroRT.Scoring.Scoring;

/// <summary>The median of detection delays (one scored recording, or a pooled dataset).</summary>
internal static class Median
{
    /// <summary>The median of <paramref name="values"/> (sorted in place); NaN when empty.</summary>
    public static double Of(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
