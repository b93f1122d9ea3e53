namespace NeuroRT.Core.Text;

/// <summary>"Did you mean ...?" for error messages: the closest valid name by edit distance.</summary>
public static class NameSuggestions
{
    /// <summary>The candidate closest to <paramref name="wrong"/> (case-insensitive), or null if none is plausibly meant.</summary>
    public static string? Closest(string wrong, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(wrong.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        // Plausible: at most a third of the letters differ (and at least one may).
        return best is not null && bestDistance <= Math.Max(1, Math.Max(wrong.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string DidYouMean(string wrong, IEnumerable<string> candidates) =>
        Closest(wrong, candidates) is { } s ? $" (did you mean '{s}'?)" : "";

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
