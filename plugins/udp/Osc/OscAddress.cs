namespace NeuroRT.Plugins.Udp.Osc;

/// <summary>OSC 1.0 address rules: a pattern starts with '/', and its parts contain no space nor any of <c>#*,?[]{}</c>.</summary>
public static class OscAddress
{
    /// <summary>The placeholder replaced by each command's name.</summary>
    public const string NamePlaceholder = "{name}";

    /// <summary>Characters OSC 1.0 reserves (pattern matching, type tags, bundles) or forbids in addresses.</summary>
    public static bool IsReserved(char c) => c is ' ' or '#' or '*' or ',' or '?' or '[' or ']' or '{' or '}' || char.IsControl(c);

    /// <summary>Checks a configured address (with optional <see cref="NamePlaceholder"/>); returns the problem, or null when valid.</summary>
    public static string? Problem(string address)
    {
        if (address.Length == 0 || address[0] != '/') return $"an OSC address starts with '/', got '{address}'";
        int first = address.IndexOf(NamePlaceholder, StringComparison.Ordinal);
        if (first >= 0 && address.IndexOf(NamePlaceholder, first + 1, StringComparison.Ordinal) >= 0)
            return $"OSC address '{address}' has {NamePlaceholder} more than once";
        string configured = address.Replace(NamePlaceholder, "", StringComparison.Ordinal);
        for (int i = 0; i < configured.Length; i++)
        {
            char c = configured[i];
            if (IsReserved(c))
                return $"OSC address '{address}' contains '{(c == ' ' ? "space" : char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}', which OSC 1.0 does not allow in addresses (spaces, control characters and #*,?[]{{}} are reserved; {NamePlaceholder} stands for the command's name)";
        }

        if (address.Replace(NamePlaceholder, "x", StringComparison.Ordinal).Contains("//", StringComparison.Ordinal)) return $"OSC address '{address}' has an empty part ('//')";
        return null;
    }

    /// <summary>Whether a command name can be put in an address as it is (else its reserved characters and '/' become '_').</summary>
    public static bool IsCleanPart(string name)
    {
        if (name.Length == 0) return false;
        foreach (char c in name)
            if (IsReserved(c) || c == '/') return false;
        return true;
    }
}
