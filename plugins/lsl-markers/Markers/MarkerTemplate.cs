using System.Globalization;

namespace NeuroRT.Plugins.LslMarkers.Markers;

/// <summary>
/// The text of each marker: literal text with fields <c>{name}</c>, <c>{confidence}</c>, <c>{confidence:FORMAT}</c>
/// (a .NET numeric format such as <c>0.00</c>, invariant culture), <c>{sequence}</c> and <c>{{</c>/<c>}}</c> for
/// braces. Parsed once; the plain <c>{name}</c> template sends the command's own name string and allocates nothing,
/// any other builds one string per command.
/// </summary>
public sealed class MarkerTemplate
{
    private enum Field { Literal, Name, Confidence, Sequence }

    private readonly (Field Field, string Text)[] _parts;
    private readonly char[] _scratch = new char[1024];

    private MarkerTemplate((Field, string)[] parts, bool nameOnly)
    {
        _parts = parts;
        IsNameOnly = nameOnly;
    }

    /// <summary>Whether the template is just <c>{name}</c>.</summary>
    public bool IsNameOnly { get; }

    /// <summary>Parses <paramref name="template"/>; throws <see cref="PluginConfigurationException"/> (key <c>marker</c>) naming the bad field and its position.</summary>
    public static MarkerTemplate Parse(string template)
    {
        if (template.Length == 0) throw new PluginConfigurationException("marker", "marker is empty: use a template such as {name} or {name}:{confidence:0.00}");
        var parts = new List<(Field, string)>();
        var literal = new System.Text.StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') throw new PluginConfigurationException("marker", $"marker '{template}': unmatched '}}' at position {i + 1} (write '}}}}' for a brace)");
            if (c != '{') { literal.Append(c); continue; }

            int close = template.IndexOf('}', i + 1);
            if (close < 0) throw new PluginConfigurationException("marker", $"marker '{template}': '{{' at position {i + 1} is not closed");
            if (literal.Length > 0) { parts.Add((Field.Literal, literal.ToString())); literal.Clear(); }
            string body = template[(i + 1)..close];
            int colon = body.IndexOf(':');
            string key = colon < 0 ? body : body[..colon];
            string format = colon < 0 ? "" : body[(colon + 1)..];
            var field = key switch
            {
                "name" => Field.Name,
                "confidence" => Field.Confidence,
                "sequence" => Field.Sequence,
                _ => throw new PluginConfigurationException("marker", $"marker '{template}': unknown field {{{key}}} at position {i + 1}: use {{name}}, {{confidence}}, {{confidence:0.00}} or {{sequence}}"),
            };
            if (field == Field.Name && format.Length > 0) throw new PluginConfigurationException("marker", $"marker '{template}': {{name}} takes no format");
            if (format.Length > 0) CheckFormat(template, field, format);
            parts.Add((field, format));
            i = close;
        }

        if (literal.Length > 0) parts.Add((Field.Literal, literal.ToString()));
        bool nameOnly = parts.Count == 1 && parts[0].Item1 == Field.Name;
        return new MarkerTemplate(parts.ToArray(), nameOnly);
    }

    /// <summary>The marker text of a command.</summary>
    public string Format(in Command command)
    {
        string name = command.Name ?? "";
        if (IsNameOnly) return name;
        Span<char> text = _scratch;
        int pos = 0;
        foreach (var (field, format) in _parts)
        {
            int written;
            bool ok;
            switch (field)
            {
                case Field.Literal:
                    ok = format.AsSpan().TryCopyTo(text[pos..]);
                    written = format.Length;
                    break;
                case Field.Name:
                    ok = name.AsSpan().TryCopyTo(text[pos..]);
                    written = name.Length;
                    break;
                case Field.Confidence:
                    ok = command.Confidence.TryFormat(text[pos..], out written, format, CultureInfo.InvariantCulture);
                    break;
                default:
                    ok = command.Sequence.TryFormat(text[pos..], out written, format, CultureInfo.InvariantCulture);
                    break;
            }

            // Longer than the scratch buffer (a very long name): the marker is cut, marked with an ellipsis.
            if (!ok) return new string(text[..pos]) + "...";
            pos += written;
        }

        return new string(text[..pos]);
    }

    private static void CheckFormat(string template, Field field, string format)
    {
        try
        {
            _ = field == Field.Confidence ? 0.5f.ToString(format, CultureInfo.InvariantCulture) : 7L.ToString(format, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new PluginConfigurationException("marker", $"marker '{template}': '{format}' is not a number format (e.g. 0.00, F3, D6)");
        }
    }
}
