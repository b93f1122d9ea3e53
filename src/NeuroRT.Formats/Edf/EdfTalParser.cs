using System.Buffers.Text;
using System.Text;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// Parses the time-stamped annotation lists (TALs) in the bytes of one annotation signal of one data record
/// (EDF+ spec, Kemp &amp; Olivan 2003, sections 2.2.2-2.2.4). A TAL is
/// <c>+onset[0x15 duration]0x14 text 0x14 [text 0x14 ...] 0x00</c>; unused bytes after the last TAL are 0x00.
/// The first TAL of the first annotation signal of a record starts with an empty text: its onset is the record's
/// start (time keeping), and any further texts in that TAL are ordinary annotations.
/// </summary>
internal static class EdfTalParser
{
    private const byte DurationMark = 0x15;
    private const byte TextEnd = 0x14;
    private const byte TalEnd = 0x00;

    // Strict decoder: a broken byte sequence is an error to report, not a U+FFFD to hide.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Where the bytes come from, for messages.</summary>
    public readonly record struct Source(string Path, int Record, int SignalIndex, string Label, long FileOffset);

    /// <summary>
    /// Appends the annotations of <paramref name="bytes"/> to <paramref name="annotations"/> and returns the record's
    /// time-keeping onset, or NaN when <paramref name="expectTimeKeeping"/> is false or the first TAL has no empty first text.
    /// </summary>
    public static double Parse(ReadOnlySpan<byte> bytes, in Source source, bool expectTimeKeeping, List<EdfAnnotation> annotations)
    {
        double timeKeeping = double.NaN;
        bool firstTal = true;
        int pos = 0;
        while (pos < bytes.Length && bytes[pos] != TalEnd)
        {
            int talStart = pos;
            if (bytes[pos] != (byte)'+' && bytes[pos] != (byte)'-')
            {
                throw Error(source, pos, bytes[pos], "expected '+' or '-' starting the onset of a TAL");
            }

            int onsetStart = pos;
            pos++;
            while (pos < bytes.Length && bytes[pos] != TextEnd && bytes[pos] != DurationMark)
            {
                pos++;
            }

            if (pos >= bytes.Length)
            {
                throw Unterminated(source, talStart);
            }

            double onset = ParseSeconds(bytes[onsetStart..pos], source, onsetStart, signed: true);
            double duration = 0;
            if (bytes[pos] == DurationMark)
            {
                pos++;
                int durationStart = pos;
                while (pos < bytes.Length && bytes[pos] != TextEnd)
                {
                    pos++;
                }

                if (pos >= bytes.Length)
                {
                    throw Unterminated(source, talStart);
                }

                duration = ParseSeconds(bytes[durationStart..pos], source, durationStart, signed: false);
            }

            pos++; // the 0x14 closing onset[/duration]
            int textIndex = 0;
            while (true)
            {
                if (pos >= bytes.Length)
                {
                    throw Unterminated(source, talStart);
                }

                if (bytes[pos] == TalEnd)
                {
                    pos++;
                    break;
                }

                int textStart = pos;
                while (pos < bytes.Length && bytes[pos] != TextEnd && bytes[pos] != TalEnd)
                {
                    pos++;
                }

                if (pos >= bytes.Length || bytes[pos] != TextEnd)
                {
                    throw Error(source, textStart, pos < bytes.Length ? bytes[pos] : null,
                        "annotation text is not closed by 0x14 before the TAL's closing 0x00 or the end of the signal");
                }

                ReadOnlySpan<byte> text = bytes[textStart..pos];
                pos++; // the 0x14 closing the text
                if (firstTal && textIndex == 0 && expectTimeKeeping && text.IsEmpty)
                {
                    timeKeeping = onset;
                }
                else if (!text.IsEmpty)
                {
                    annotations.Add(new EdfAnnotation(onset, duration, DecodeText(text, source, textStart)));
                }

                textIndex++;
            }

            firstTal = false;
        }

        return timeKeeping;
    }

    /// <summary>
    /// Onset: '+' or '-', digits, optional '.' and digits. Duration: the same without the sign (EDF+ spec 2.2.2).
    /// Parsed with the invariant, correctly rounded UTF-8 number parser, so the value equals the nearest double to the text.
    /// </summary>
    private static double ParseSeconds(ReadOnlySpan<byte> text, in Source source, int at, bool signed)
    {
        bool negative = false;
        ReadOnlySpan<byte> digits = text;
        if (signed)
        {
            negative = text[0] == (byte)'-';
            digits = text[1..];
        }

        int digitCount = 0;
        int dots = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            byte b = digits[i];
            if (b == (byte)'.')
            {
                dots++;
            }
            else if (b is >= (byte)'0' and <= (byte)'9')
            {
                digitCount++;
            }
            else
            {
                throw Error(source, at + (signed ? 1 : 0) + i, b, signed ? "the TAL onset may only hold digits and one '.'" : "the TAL duration may only hold digits and one '.'");
            }
        }

        if (digitCount == 0 || dots > 1 || digits[0] == (byte)'.')
        {
            throw Error(source, at, text.IsEmpty ? null : text[0],
                $"the TAL {(signed ? "onset" : "duration")} '{Encoding.ASCII.GetString(text)}' is not a number of seconds like {(signed ? "'+12.5'" : "'2.5'")}");
        }

        if (!Utf8Parser.TryParse(digits, out double value, out int consumed) || consumed != digits.Length)
        {
            throw Error(source, at, text[0], $"the TAL number '{Encoding.ASCII.GetString(text)}' could not be read");
        }

        return negative ? -value : value;
    }

    private static string DecodeText(ReadOnlySpan<byte> text, in Source source, int at)
    {
        try
        {
            return StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw Error(source, at, text[0], "the annotation text is not valid UTF-8, which EDF+ requires for annotations");
        }
    }

    private static EdfFormatException Unterminated(in Source source, int talStart) =>
        Error(source, talStart, null, "the TAL starting here is not closed by 0x14 0x00 before the end of the annotation signal's bytes in this record");

    private static EdfFormatException Error(in Source source, int pos, byte? found, string problem)
    {
        long offset = source.FileOffset + pos;
        string foundText = found is null ? "" : $" (found byte 0x{found.Value:X2}{(found.Value is >= 32 and <= 126 ? $" '{(char)found.Value}'" : "")})";
        return new EdfFormatException(source.Path, "TAL",
            $"{source.Path}: annotation signal {source.SignalIndex} '{source.Label}' of data record {source.Record}, byte offset {offset} in the file " +
            $"(byte {pos} of the signal's bytes in that record): {problem}{foundText}. " +
            "The EDF+ annotations are corrupt (a TAL is +onset[0x15 duration]0x14 text 0x14 ... 0x00, EDF+ spec 2.2.2); " +
            "re-export the file, or repair the annotation bytes of that record.",
            byteOffset: offset, signalIndex: source.SignalIndex, record: source.Record);
    }
}
