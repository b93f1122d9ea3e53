using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>
/// The <c>commands</c> parameter: command name to what the device understands, written as entries
/// <c>name=code</c> or <c>name: code</c> (e.g. <c>[left=L, right=R, none=S]</c>). Empty when not given.
/// </summary>
internal static class CommandTable
{
    public const string Parameter = "commands";

    /// <summary>The entries as (name, code text), in file order; duplicate names are refused.</summary>
    public static List<KeyValuePair<string, string>> Parse(string[]? entries)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (entries == null) return result;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Length; i++)
        {
            string entry = entries[i] ?? "";
            int cut = entry.IndexOfAny(['=', ':']);
            if (cut <= 0 || cut == entry.Length - 1)
                throw new PluginConfigurationException(Parameter, $"{Parameter}[{i}]: '{entry}' is not 'name=code' (e.g. left=L)");
            string name = entry[..cut].Trim();
            string code = entry[(cut + 1)..].Trim();
            if (name.Length == 0 || code.Length == 0)
                throw new PluginConfigurationException(Parameter, $"{Parameter}[{i}]: '{entry}' has an empty name or code");
            if (!seen.Add(name))
                throw new PluginConfigurationException(Parameter, $"{Parameter}[{i}]: command '{name}' is given twice");
            result.Add(new(name, code));
        }
        return result;
    }
}
