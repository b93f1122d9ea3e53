namespace NeuroRT.Core.Streams;

/// <summary>
/// Finds channels by the names people write. Recordings pad labels (EEGMMIDB writes <c>C3..</c>,
/// <c>Fc5.</c>), vary case (<c>FP1</c>/<c>Fp1</c>) and add spaces; an exact match wins, otherwise
/// labels are compared with case, surrounding spaces and trailing dots ignored.
/// </summary>
public static class ChannelNames
{
    /// <summary>Label reduced for comparison: trimmed, trailing dots removed, upper case.</summary>
    public static string Normalize(string label) => label.Trim().TrimEnd('.').Trim().ToUpperInvariant();

    /// <summary>
    /// Index of <paramref name="wanted"/> in <paramref name="format"/>, or -1 if absent.
    /// Throws <see cref="ArgumentException"/> if the loose match is ambiguous.
    /// </summary>
    public static int Find(StreamFormat format, string wanted)
    {
        int exact = format.IndexOf(wanted);
        if (exact >= 0) return exact;
        string key = Normalize(wanted);
        int found = -1;
        for (int i = 0; i < format.ChannelCount; i++)
        {
            if (Normalize(format.Channels[i].Name) != key) continue;
            if (found >= 0)
                throw new ArgumentException($"'{wanted}' matches both '{format.Channels[found].Name}' and '{format.Channels[i].Name}'; write the label exactly");
            found = i;
        }
        return found;
    }

    /// <summary>" (did you mean 'C3..'?)" for a missing channel, comparing labels as <see cref="Find"/> does; or "".</summary>
    public static string DidYouMean(StreamFormat format, string wanted)
    {
        var normalized = new List<string>(format.ChannelCount);
        foreach (var ch in format.Channels) normalized.Add(Normalize(ch.Name));
        string? best = Text.NameSuggestions.Closest(Normalize(wanted), normalized);
        return best is null ? "" : $" (did you mean '{format.Channels[normalized.IndexOf(best)].Name}'?)";
    }
}
