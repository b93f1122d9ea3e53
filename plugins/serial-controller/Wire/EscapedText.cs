using System.Globalization;
using System.Text;
using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>
/// Text and byte literals of the parameters: C-style escapes in text (\n \r \t \0 \\ \xNN), so that a template
/// written in single quotes or unquoted in YAML still ends with a real newline; and hex byte lists ("AA 53 00").
/// </summary>
internal static class EscapedText
{
    /// <summary>The UTF-8 bytes of <paramref name="text"/> with its escapes decoded.</summary>
    public static byte[] Decode(string text, string parameter)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                int n = System.Text.Encoding.UTF8.GetBytes(text.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1), utf8);
                if (n > 0 && char.IsHighSurrogate(c)) i++;
                for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                continue;
            }
            if (i + 1 >= text.Length) throw new PluginConfigurationException(parameter, $"{parameter}: a lone '\\' at the end of \"{text}\" (write \\\\ for a backslash)");
            char e = text[++i];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '0': bytes.Add(0); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x':
                    if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                        throw new PluginConfigurationException(parameter, $"{parameter}: '\\x' at column {i} of \"{text}\" needs two hex digits (e.g. \\x0D)");
                    bytes.Add(b);
                    i += 2;
                    break;
                default:
                    throw new PluginConfigurationException(parameter, $"{parameter}: unknown escape '\\{e}' at column {i} of \"{text}\" (known: \\n \\r \\t \\0 \\\\ \\xNN)");
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Bytes written as hex pairs separated by spaces or commas, with or without 0x: "AA 53 00", "0xAA,0x53".</summary>
    public static byte[] ParseHex(string text, string parameter)
    {
        var bytes = new List<byte>();
        foreach (string raw in text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            string t = raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? raw[2..] : raw;
            if (t.Length is < 1 or > 2 || !byte.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                throw new PluginConfigurationException(parameter, $"{parameter}: '{raw}' in \"{text}\" is not a hex byte (write e.g. hex:AA 53 00)");
            bytes.Add(b);
        }
        if (bytes.Count == 0) throw new PluginConfigurationException(parameter, $"{parameter}: no bytes in \"{text}\"");
        return bytes.ToArray();
    }

    /// <summary>A byte given as a number (170, 0xAA) or as one non-digit character (L = 76).</summary>
    public static byte ParseByte(string text, string parameter, string what)
    {
        string t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? byte.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b)
                : byte.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out b))
            return b;
        if (t.Length == 1 && !char.IsAsciiDigit(t[0]) && t[0] < 128) return (byte)t[0];
        throw new PluginConfigurationException(parameter, $"{parameter}: {what} '{text}' is not a byte (a number 0..255, 0x00..0xFF, or one ASCII character)");
    }

    /// <summary>Bytes shown for a log line: printable ASCII as is, others as \xNN.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b == '\n') sb.Append("\\n");
            else if (b == '\r') sb.Append("\\r");
            else if (b >= 32 && b < 127 && b != '\\') sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
