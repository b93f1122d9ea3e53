using System.Globalization;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Text;
using NeuroRT.Host.Components;
using NeuroRT.Host.Files;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Loading;

/// <summary>
/// Turns a <see cref="ComponentEntry"/> into a component instance: finds its type, then sets each
/// parameter from its YAML value with type and unit checks. Every problem is reported at the line
/// and column of the value (or key) at fault, naming what would be valid.
/// </summary>
internal sealed class ComponentBinder(PipelineDocument document, List<PipelineDiagnostic> errors)
{
    public object? Bind(ComponentEntry entry, ComponentRegistry registry)
    {
        var descriptor = registry.Find(entry.Kind, entry.TypeName);
        if (descriptor is null)
        {
            var names = registry.Names(entry.Kind);
            string kind = entry.Kind.ToString().ToLowerInvariant();
            Error(entry.TypeNode, $"unknown {kind} type '{entry.TypeName}'{NameSuggestions.DidYouMean(entry.TypeName, names)}; valid {kind} types: {string.Join(", ", names)}");
            return null;
        }
        object instance = descriptor.Create();
        BindParameters(instance, descriptor, entry.Parameters, entry.Describe(), entry.TypeNode);
        return instance;
    }

    /// <summary>Sets <paramref name="instance"/>'s parameters from <paramref name="parameters"/>.</summary>
    public void BindParameters(object instance, ComponentDescriptor descriptor, IEnumerable<(YamlScalarNode Key, YamlNode Value)> parameters, string what, YamlNode anchor)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in parameters)
        {
            string key = keyNode.Value ?? "";
            var p = descriptor.Find(key);
            if (p is null)
            {
                var valid = descriptor.Parameters.Select(x => x.Name).ToList();
                string? meant = NameSuggestions.Closest(key, valid);
                Error(keyNode, $"{what} has no parameter '{key}'{(meant is null ? "" : $" (did you mean '{meant}'?)")}; valid parameters: {descriptor.DescribeParameters()}");
                // A misspelt required parameter is one mistake: do not also report it as missing.
                if (meant is not null) seen.Add(meant);
                continue;
            }
            seen.Add(key);
            if (TryConvert(valueNode, p, what, out object? value))
                p.Property.SetValue(instance, value);
        }
        foreach (var p in descriptor.Parameters)
        {
            if (p.Attribute.Required && !seen.Contains(p.Name))
                Error(anchor, $"{what} needs parameter '{p.Name}' ({p.Describe()}){(p.Attribute.Help.Length > 0 ? ": " + p.Attribute.Help : "")}");
        }
    }

    private bool TryConvert(YamlNode node, ParameterDescriptor p, string what, out object? value)
    {
        Type t = p.Property.PropertyType;
        string context = $"{what}, parameter '{p.Name}'";
        value = null;
        if (t == typeof(string[]))
        {
            if (node is not YamlSequenceNode seq) return Fail(node, context, p);
            var items = new string[seq.Children.Count];
            for (int i = 0; i < items.Length; i++)
            {
                if (seq.Children[i] is not YamlScalarNode { Value: { } s }) return Fail(seq.Children[i], context, p);
                items[i] = s;
            }
            value = items;
            return true;
        }
        if (t == typeof(KeyValuePair<string, string[]>[]))
        {
            // Kept as an array so the file's order survives (e.g. the class order of a decoder's output).
            if (node is not YamlMappingNode map) return Fail(node, context, p);
            var entries = new List<KeyValuePair<string, string[]>>();
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { } name } || v is not YamlSequenceNode list) return Fail(k is YamlScalarNode ? v : k, context, p);
                var names = new string[list.Children.Count];
                for (int i = 0; i < names.Length; i++)
                {
                    if (list.Children[i] is not YamlScalarNode { Value: { } s }) return Fail(list.Children[i], context, p);
                    names[i] = s;
                }
                entries.Add(new(name, names));
            }
            value = entries.ToArray();
            return true;
        }
        if (t == typeof(int[]))
        {
            if (node is not YamlSequenceNode ints) return Fail(node, context, p);
            var items = new int[ints.Children.Count];
            for (int i = 0; i < items.Length; i++)
                if (ints.Children[i] is not YamlScalarNode { Value: { } s } || !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out items[i]))
                    return Fail(ints.Children[i], context, p);
            value = items;
            return true;
        }
        if (t == typeof(double[]))
        {
            if (!TryNumbers(node, p.Attribute.Quantity, context, p, out double[]? row)) return false;
            value = row;
            return true;
        }
        if (t == typeof(double[][]))
        {
            if (node is not YamlSequenceNode rows) return Fail(node, context, p);
            var matrix = new double[rows.Children.Count][];
            for (int r = 0; r < matrix.Length; r++)
                if (!TryNumbers(rows.Children[r], p.Attribute.Quantity, context, p, out matrix[r]!)) return false;
            value = matrix;
            return true;
        }
        if (node is not YamlScalarNode { Value: { } text }) return Fail(node, context, p);
        if (t == typeof(string))
        {
            if (p.Attribute.InputFile) return TryInputFile(node, text, context, out value);
            value = text;
            return true;
        }
        if (t == typeof(bool))
        {
            switch (text.ToLowerInvariant())
            {
                case "true" or "yes" or "on": value = true; return true;
                case "false" or "no" or "off": value = false; return true;
                default: return Fail(node, context, p);
            }
        }
        if (t == typeof(int) || t == typeof(long))
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || (t == typeof(int) && (n < int.MinValue || n > int.MaxValue)))
                return Fail(node, context, p);
            value = t == typeof(int) ? (object)(int)n : n;
            return true;
        }
        if (t == typeof(double))
        {
            if (!Quantities.TryParse(text, p.Attribute.Quantity, out double x, out string why))
            {
                Error(node, $"{context}: {why}");
                return false;
            }
            value = x;
            return true;
        }
        if (t.IsEnum)
        {
            foreach (string name in Enum.GetNames(t))
            {
                if (ValueKinds.KebabCase(name) == text || name == text)
                {
                    value = Enum.Parse(t, name);
                    return true;
                }
            }
            Error(node, $"{context}: '{text}' is not one of {string.Join(", ", ValueKinds.EnumNames(t))}{NameSuggestions.DidYouMean(text, ValueKinds.EnumNames(t))}");
            return false;
        }
        return Fail(node, context, p);
    }

    private bool TryNumbers(YamlNode node, Quantity quantity, string context, ParameterDescriptor p, out double[]? row)
    {
        row = null;
        if (node is not YamlSequenceNode seq) return Fail(node, context, p);
        row = new double[seq.Children.Count];
        for (int i = 0; i < row.Length; i++)
        {
            if (seq.Children[i] is not YamlScalarNode { Value: { } text }) return Fail(seq.Children[i], context, p);
            if (!Quantities.TryParse(text, quantity, out row[i], out string why))
            {
                Error(seq.Children[i], $"{context}, item {i + 1}: {why}");
                return false;
            }
        }
        return true;
    }

    private bool TryInputFile(YamlNode node, string text, string context, out object? value)
    {
        string full = Path.GetFullPath(Path.Combine(document.Directory, text));
        value = full;
        if (File.Exists(full)) return true;
        string? folder = Path.GetDirectoryName(full);
        string hint = folder is not null && Directory.Exists(folder)
            ? NameSuggestions.DidYouMean(Path.GetFileName(full), Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>())
            : $" (folder '{folder}' does not exist either)";
        Error(node, $"{context}: file not found: '{text}' (looked for {full}){hint}; paths are relative to the pipeline file");
        return false;
    }

    private bool Fail(YamlNode node, string context, ParameterDescriptor p)
    {
        string got = node switch
        {
            YamlScalarNode s => $"'{s.Value}'",
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => "something else",
        };
        Error(node, $"{context}: expected {p.Describe()}, got {got}");
        return false;
    }

    private void Error(YamlNode node, string message) => errors.Add(new PipelineDiagnostic(document.PositionOf(node), message));
}
