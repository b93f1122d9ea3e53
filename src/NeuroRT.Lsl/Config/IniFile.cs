namespace NeuroRT.Lsl.Config;

/// <summary>
/// The INI dialect of <c>lsl_api.cfg</c>: <c>[section]</c> headers, <c>key = value</c> lines, keys
/// case-sensitive and addressed as <c>section.key</c>, <c>;</c> comment lines, duplicate keys an error.
/// </summary>
public static class IniFile
{
    /// <summary>Parses <paramref name="content"/>; <paramref name="source"/> names it in errors.</summary>
    public static Dictionary<string, string> Parse(string content, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string section = "";
        int lineNumber = 0;
        foreach (string raw in content.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == ';' || line[0] == '#') continue;
            if (line[0] == '[')
            {
                int close = line.IndexOf(']');
                if (close < 0) throw new LslConfigException($"{source}:{lineNumber}: section header without ']': {line}");
                section = line[1..close].Trim();
                continue;
            }

            int eq = line.IndexOf('=');
            if (eq < 0) throw new LslConfigException($"{source}:{lineNumber}: expected 'key = value', got: {line}");
            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            string full = section.Length > 0 ? $"{section}.{key}" : key;
            if (!values.TryAdd(full, value)) throw new LslConfigException($"{source}:{lineNumber}: duplicate key {full}");
        }

        return values;
    }

    /// <summary>Parses a set value <c>{a, b, c}</c> (a bare value is a one-element set; <c>{}</c> is empty).</summary>
    public static string[] ParseSet(string value)
    {
        value = value.Trim();
        if (value.StartsWith('{') && value.EndsWith('}')) value = value[1..^1];
        var items = new List<string>();
        foreach (string part in value.Split(','))
        {
            string item = part.Trim();
            if (item.Length > 0) items.Add(item);
        }

        return items.ToArray();
    }
}

/// <summary>A bad LSL configuration (file, key or value), with the place named.</summary>
public sealed class LslConfigException(string message) : Exception(message);
