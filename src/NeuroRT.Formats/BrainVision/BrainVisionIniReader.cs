using System.Text;

namespace NeuroRT.Formats.BrainVision;

/// <summary>One <c>key=value</c> entry of a BrainVision text file, with the section it is in and its line number.</summary>
internal readonly record struct BrainVisionIniEntry(string Section, string Key, string Value, int Line);

/// <summary>
/// Reads the INI-like text of .vhdr and .vmrk files: a first identification line, <c>[Section]</c> headers,
/// <c>key=value</c> entries and <c>;</c> comments. The free text of the <c>[Comment]</c> section is not parsed,
/// because amplifier software writes arbitrary tables there.
/// </summary>
internal static class BrainVisionIniReader
{
    /// <summary>Reads the file, checks its identification line starts with <paramref name="expectedFirstLine"/> and returns its entries in order.</summary>
    public static (string FirstLine, List<BrainVisionIniEntry> Entries) Read(string path, string expectedFirstLine)
    {
        if (!File.Exists(path))
        {
            throw BrainVisionFormatException.InFile(path, "file not found (a BrainVision recording needs its .vhdr, .vmrk and .eeg files side by side, with the names the header gives).");
        }

        string[] lines = Decode(File.ReadAllBytes(path)).Split('\n');
        string first = lines.Length > 0 ? lines[0].TrimEnd('\r').TrimStart('\uFEFF').Trim() : "";
        if (!first.StartsWith(expectedFirstLine, StringComparison.OrdinalIgnoreCase))
        {
            throw BrainVisionFormatException.AtLine(path, 1,
                $"expected the identification line \"{expectedFirstLine} ...\" but found \"{Shorten(first)}\"; is this a BrainVision file of the right kind?");
        }

        var entries = new List<BrainVisionIniEntry>();
        string section = "";
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == ';')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                if (trimmed[^1] != ']')
                {
                    throw BrainVisionFormatException.AtLine(path, i + 1, $"section header \"{Shorten(trimmed)}\" has no closing ']'.");
                }

                section = trimmed[1..^1].Trim();
                continue;
            }

            if (section.Equals("Comment", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int eq = line.IndexOf('=');
            if (eq <= 0)
            {
                throw BrainVisionFormatException.AtLine(path, i + 1,
                    $"expected \"key=value\" in section [{section}] but found \"{Shorten(trimmed)}\".");
            }

            entries.Add(new BrainVisionIniEntry(section, line[..eq].Trim(), line[(eq + 1)..].Trim(), i + 1));
        }

        return (first, entries);
    }

    /// <summary>
    /// Codepage=UTF-8 files are UTF-8; the older default is the Windows ANSI code page, read here as Latin-1 (equal
    /// to Windows-1252 for every character a channel name or unit such as "µV" uses).
    /// </summary>
    private static string Decode(byte[] bytes)
    {
        string latin = Encoding.Latin1.GetString(bytes);
        bool utf8 = latin.Contains("Codepage=UTF-8", StringComparison.OrdinalIgnoreCase)
            || (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        return utf8 ? Encoding.UTF8.GetString(bytes) : latin;
    }

    /// <summary>Splits a comma-separated value; "\1" inside a field stands for a literal comma.</summary>
    public static string[] SplitFields(string value)
    {
        string[] fields = value.Split(',');
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = fields[i].Replace("\\1", ",", StringComparison.Ordinal);
        }

        return fields;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
