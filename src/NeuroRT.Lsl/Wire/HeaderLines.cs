using System.Globalization;
using System.Text;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// The header block of a feed request or response, read with liblsl's rules: lines end at LF, the
/// block ends at the first line starting with CR, lines without ':' are skipped, ';' starts a comment,
/// the whole line (value included) is lowercased, key and value are trimmed, booleans are true only
/// for the exact text <c>1</c>.
/// </summary>
public sealed class HeaderLines
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Parses header lines; <paramref name="lines"/> are the lines after the request/status line, up to the blank one.</summary>
    public static HeaderLines Parse(IEnumerable<string> lines)
    {
        var headers = new HeaderLines();
        foreach (string raw in lines)
        {
            string line = raw.ToLowerInvariant();
            int comment = line.IndexOf(';');
            if (comment >= 0) line = line[..comment];
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            headers._values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    /// <summary>The (lowercased) value of a header, or null.</summary>
    public string? this[string key] => _values.TryGetValue(key.ToLowerInvariant(), out var v) ? v : null;

    /// <summary>An integer header, or <paramref name="fallback"/> when absent; a non-integer is a protocol error.</summary>
    public long Integer(string key, long fallback)
    {
        string? text = this[key];
        if (text is null) return fallback;
        // C's strtol reads a leading integer and ignores the rest.
        int end = 0;
        if (end < text.Length && (text[end] == '-' || text[end] == '+')) end++;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (!long.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw new LslProtocolException($"header {key}: '{text}' is not an integer");
        return value;
    }

    /// <summary>A number header (Endian-Performance is printed like C %g).</summary>
    public double Number(string key, double fallback)
    {
        string? text = this[key];
        if (text is null) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : fallback;
    }

    /// <summary>A boolean header: true only for the text <c>1</c>.</summary>
    public bool Flag(string key, bool fallback)
    {
        string? text = this[key];
        return text is null ? fallback : text == "1";
    }

    /// <summary>Splits a header block (ASCII) into its lines, without line ends, stopping at the blank line.</summary>
    public static List<string> SplitLines(ReadOnlySpan<byte> block)
    {
        var lines = new List<string>();
        while (block.Length > 0)
        {
            int lf = block.IndexOf((byte)'\n');
            var line = lf < 0 ? block : block[..lf];
            if (line.Length > 0 && line[0] == '\r') break;
            if (line.Length == 0 && lf >= 0) break;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            lines.Add(Encoding.UTF8.GetString(line));
            if (lf < 0) break;
            block = block[(lf + 1)..];
        }

        return lines;
    }
}
