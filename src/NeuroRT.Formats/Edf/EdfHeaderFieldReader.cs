using System.Globalization;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// Reads the ASCII fields of an EDF / BDF header and turns every malformed value into an
/// <see cref="EdfFormatException"/> that names the file, the field (spec name), the signal and the byte range.
/// </summary>
internal sealed class EdfHeaderFieldReader
{
    private readonly string _path;
    private readonly byte[] _header;
    private readonly string _family;

    /// <param name="path">File path as given by the caller, for messages.</param>
    /// <param name="header">Header bytes read so far (at least the bytes of every field that will be read).</param>
    /// <param name="family">"EDF" or "BDF", for messages.</param>
    public EdfHeaderFieldReader(string path, byte[] header, string family)
    {
        _path = path;
        _header = header;
        _family = family;
    }

    /// <summary>File path as given by the caller.</summary>
    public string Path => _path;

    /// <summary>Closing sentence of messages about corrupt values.</summary>
    public string CorruptHint => $"The file is not a valid {_family} file or its header is corrupt.";

    public string Text(EdfFixedField field) => Text(field.Name, field.Offset, field.Width, null, null);

    public string Text(EdfSignalField field, int signal, int signalCount, string? label = null) =>
        Text(field.Name, field.OffsetOf(signal, signalCount), field.Width, signal, label);

    public int Integer(EdfFixedField field) => Integer(field.Name, field.Offset, field.Width, null, null);

    public int Integer(EdfSignalField field, int signal, int signalCount, string label) =>
        Integer(field.Name, field.OffsetOf(signal, signalCount), field.Width, signal, label);

    public double Number(EdfFixedField field) => Number(field.Name, field.Offset, field.Width, null, null);

    public double Number(EdfSignalField field, int signal, int signalCount, string label) =>
        Number(field.Name, field.OffsetOf(signal, signalCount), field.Width, signal, label);

    /// <summary>"header field 'digital maximum' of signal 3 'C3..' (bytes 2048-2055)": the "where" of a message.</summary>
    public static string Describe(string field, int offset, int width, int? signal, string? label)
    {
        string signalPart = signal is null ? "" : label is null ? $" of signal {signal}" : $" of signal {signal} '{label}'";
        return $"header field '{field}'{signalPart} (bytes {offset}-{offset + width - 1})";
    }

    public EdfFormatException Error(string field, int offset, int width, int? signal, string? label, string problem, string fix) =>
        new(_path, field, $"{_path}: {Describe(field, offset, width, signal, label)} {problem}. {fix}", offset, signal);

    private string Text(string field, int offset, int width, int? signal, string? label)
    {
        ReadOnlySpan<byte> raw = _header.AsSpan(offset, width);
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b < 32 || b > 126)
            {
                throw Error(field, offset, width, signal, label,
                    $"contains byte 0x{b:X2} at byte offset {offset + i}, but {_family} header fields must be printable ASCII (32..126)",
                    $"{CorruptHint} Replace the character with printable ASCII (a space pads unused bytes), or re-export the file with a conforming writer.");
            }
        }

        int end = raw.Length;
        while (end > 0 && raw[end - 1] == (byte)' ')
        {
            end--;
        }

        // The bytes are printable ASCII, so Latin-1 decoding is exact and needs no validation.
        return System.Text.Encoding.Latin1.GetString(raw[..end]);
    }

    private int Integer(string field, int offset, int width, int? signal, string? label)
    {
        string text = Text(field, offset, width, signal, label);
        if (!int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out int value))
        {
            throw Error(field, offset, width, signal, label, $"is '{text}', expected an integer", CorruptHint);
        }

        return value;
    }

    private double Number(string field, int offset, int width, int? signal, string? label)
    {
        string text = Text(field, offset, width, signal, label);

        // NumberStyles.Float admits "NaN" and "Infinity"; the spec only allows decimal numbers, hence IsFinite.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Error(field, offset, width, signal, label, $"is '{text}', expected a finite decimal number", CorruptHint);
        }

        return value;
    }
}
