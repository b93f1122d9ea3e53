using System.Globalization;
using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>
/// The line protocol: a text template per command, e.g. <c>"{name} {value0:0.000}\n"</c>. Placeholders:
/// <c>{name}</c> (the command's name, through the commands table when one is given), <c>{valueN}</c> (value by
/// index), <c>{VALUENAME}</c> (value by its name, e.g. <c>{left}</c>), <c>{confidence}</c>, <c>{seq}</c>; numbers
/// take an optional .NET format after a colon (<c>{value0:0.000}</c>, <c>{seq:D6}</c>), always in the invariant
/// culture. <c>{{</c> and <c>}}</c> are literal braces; \n \r \t \0 \\ \xNN are escapes. The template is parsed
/// once at Open into segments; encoding writes UTF-8 straight into the caller's buffer.
/// </summary>
internal sealed class LineEncoder : ICommandEncoder
{
    public const string TemplateParameter = "template";
    private const int BufferLength = 4096;

    private enum Kind { Literal, Name, Value, Confidence, Sequence }

    private readonly record struct Segment(Kind Kind, byte[]? Literal, int Index, string Format);

    private readonly Segment[] _segments;
    private readonly Dictionary<string, byte[]>? _table;

    public LineEncoder(string template, IReadOnlyList<string> valueNames, List<KeyValuePair<string, string>> table)
    {
        if (table.Count > 0)
        {
            _table = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (name, code) in table) _table[name] = EscapedText.Decode(code, CommandTable.Parameter);
        }
        _segments = Parse(template, valueNames);
        MaxValueIndex = -1;
        foreach (var s in _segments)
            if (s.Kind == Kind.Value) MaxValueIndex = Math.Max(MaxValueIndex, s.Index);
    }

    public int MaxLength => BufferLength;

    public int LastSaturated => 0;

    /// <summary>The highest value index the template uses, -1 for none.</summary>
    public int MaxValueIndex { get; }

    public bool Knows(string name) => _table == null || _table.ContainsKey(name);

    public int Encode(string name, ReadOnlySpan<float> values, float confidence, long sequence, Span<byte> destination)
    {
        int at = 0;
        foreach (ref readonly Segment s in _segments.AsSpan())
        {
            Span<byte> free = destination[at..];
            int written;
            switch (s.Kind)
            {
                case Kind.Literal:
                    if (!s.Literal!.AsSpan().TryCopyTo(free)) return EncodeResult.TooLong;
                    written = s.Literal!.Length;
                    break;
                case Kind.Name:
                    if (_table != null)
                    {
                        if (!_table.TryGetValue(name, out byte[]? code)) return EncodeResult.UnknownName;
                        if (!code.AsSpan().TryCopyTo(free)) return EncodeResult.TooLong;
                        written = code.Length;
                    }
                    else if (!System.Text.Encoding.UTF8.TryGetBytes(name, free, out written)) return EncodeResult.TooLong;
                    break;
                case Kind.Value:
                    if (s.Index >= values.Length) return EncodeResult.MissingValue;
                    if (!values[s.Index].TryFormat(free, out written, s.Format, CultureInfo.InvariantCulture)) return EncodeResult.TooLong;
                    break;
                case Kind.Confidence:
                    if (!confidence.TryFormat(free, out written, s.Format, CultureInfo.InvariantCulture)) return EncodeResult.TooLong;
                    break;
                default:
                    if (!sequence.TryFormat(free, out written, s.Format, CultureInfo.InvariantCulture)) return EncodeResult.TooLong;
                    break;
            }
            at += written;
        }
        return at;
    }

    private static Segment[] Parse(string template, IReadOnlyList<string> valueNames)
    {
        if (string.IsNullOrEmpty(template))
            throw new PluginConfigurationException(TemplateParameter, $"{TemplateParameter}: empty (e.g. \"{{name}} {{value0:0.000}}\\n\")");
        var segments = new List<Segment>();
        var literal = new System.Text.StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            segments.Add(new Segment(Kind.Literal, EscapedText.Decode(literal.ToString(), TemplateParameter), 0, ""));
            literal.Clear();
        }
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
                throw new PluginConfigurationException(TemplateParameter, $"{TemplateParameter}: '}}' at column {i + 1} of \"{template}\" closes nothing (write }}}} for a brace)");
            }
            if (c != '{') { literal.Append(c); continue; }
            if (i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            int end = template.IndexOf('}', i + 1);
            if (end < 0) throw new PluginConfigurationException(TemplateParameter, $"{TemplateParameter}: '{{' at column {i + 1} of \"{template}\" is not closed");
            FlushLiteral();
            segments.Add(Placeholder(template, template[(i + 1)..end], i + 1, valueNames));
            i = end;
        }
        FlushLiteral();
        return segments.ToArray();
    }

    private static Segment Placeholder(string template, string body, int column, IReadOnlyList<string> valueNames)
    {
        int colon = body.IndexOf(':');
        string key = (colon < 0 ? body : body[..colon]).Trim();
        string format = colon < 0 ? "" : body[(colon + 1)..];
        string where = $"{TemplateParameter}: placeholder '{{{body}}}' at column {column} of \"{template}\"";
        Segment s;
        if (key == "name")
        {
            if (format.Length > 0) throw new PluginConfigurationException(TemplateParameter, $"{where}: {{name}} takes no format");
            return new Segment(Kind.Name, null, 0, "");
        }
        if (key == "confidence") s = new Segment(Kind.Confidence, null, 0, format);
        else if (key == "seq") s = new Segment(Kind.Sequence, null, 0, format);
        else if (key.StartsWith("value", StringComparison.Ordinal) && key.Length > 5
                 && int.TryParse(key.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (valueNames.Count > 0 && index >= valueNames.Count)
                throw new PluginConfigurationException(TemplateParameter, $"{where}: the commands have {valueNames.Count} values (value0..value{valueNames.Count - 1})");
            s = new Segment(Kind.Value, null, index, format);
        }
        else
        {
            int named = -1;
            for (int k = 0; k < valueNames.Count; k++)
                if (valueNames[k] == key) { named = k; break; }
            if (named < 0)
                throw new PluginConfigurationException(TemplateParameter,
                    $"{where}: unknown; known: name, confidence, seq, value0..value{Math.Max(0, valueNames.Count - 1)}" +
                    (valueNames.Count > 0 ? ", " + string.Join(", ", valueNames) : ""));
            s = new Segment(Kind.Value, null, named, format);
        }
        // Check the format once here, so a bad one is reported at Open and not on the first command.
        Span<byte> probe = stackalloc byte[64];
        try
        {
            if (s.Kind == Kind.Sequence) 123L.TryFormat(probe, out _, s.Format, CultureInfo.InvariantCulture);
            else 0.5f.TryFormat(probe, out _, s.Format, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new PluginConfigurationException(TemplateParameter, $"{where}: '{format}' is not a .NET number format (e.g. 0.000, F2, D6)");
        }
        return s;
    }
}
