using System.Globalization;

namespace NeuroRT.Lsl.Text;

/// <summary>
/// Number text exactly as liblsl prints it with C <c>printf</c>: <c>%#.16g</c> for stream-info doubles
/// (trailing zeros kept, point always present: <c>256.0000000000000</c>) and <c>%.16g</c> for time
/// probes (<c>1917.756336214</c>). Allocation-free into a span; the digits come from .NET's correctly
/// rounded <c>E15</c> format, which equals glibc's for 16 significant digits.
/// </summary>
public static class CNumber
{
    private const int Precision = 16;

    /// <summary>Longest text either format produces.</summary>
    public const int MaxLength = 32;

    /// <summary><c>%#.16g</c> as a string (stream info).</summary>
    public static string FormatInfo(double value)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..FormatG16(value, true, text)]);
    }

    /// <summary><c>%.16g</c> as a string.</summary>
    public static string FormatShort(double value)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..FormatG16(value, false, text)]);
    }

    /// <summary>Writes <c>%.16g</c> (or <c>%#.16g</c> when <paramref name="alternate"/>) into <paramref name="destination"/>; returns the length.</summary>
    public static int FormatG16(double value, bool alternate, Span<char> destination)
    {
        if (double.IsNaN(value)) return Copy(double.IsNegative(value) ? "-nan" : "nan", destination);
        if (double.IsInfinity(value)) return Copy(value < 0 ? "-inf" : "inf", destination);

        Span<char> e = stackalloc char[MaxLength];
        value.TryFormat(e, out int elen, "E15", CultureInfo.InvariantCulture);
        // e = [-]d.dddddddddddddddE+xxx
        int pos = 0;
        bool negative = e[0] == '-';
        if (negative) destination[pos++] = '-';
        ReadOnlySpan<char> body = negative ? e[1..elen] : e[..elen];
        Span<char> digits = stackalloc char[Precision];
        digits[0] = body[0];
        body.Slice(2, Precision - 1).CopyTo(digits[1..]);
        int exponent = int.Parse(body[(Precision + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (value == 0) exponent = 0;

        int start = pos;
        if (exponent < -4 || exponent >= Precision)
        {
            destination[pos++] = digits[0];
            destination[pos++] = '.';
            digits[1..].CopyTo(destination[pos..]);
            pos += Precision - 1;
            pos = TrimFraction(destination, start, pos, alternate);
            destination[pos++] = 'e';
            destination[pos++] = exponent < 0 ? '-' : '+';
            int magnitude = Math.Abs(exponent);
            if (magnitude < 10) destination[pos++] = '0';
            magnitude.TryFormat(destination[pos..], out int n, default, CultureInfo.InvariantCulture);
            return pos + n;
        }

        if (exponent >= 0)
        {
            digits[..(exponent + 1)].CopyTo(destination[pos..]);
            pos += exponent + 1;
            destination[pos++] = '.';
            digits[(exponent + 1)..].CopyTo(destination[pos..]);
            pos += Precision - exponent - 1;
        }
        else
        {
            destination[pos++] = '0';
            destination[pos++] = '.';
            for (int i = 0; i < -exponent - 1; i++) destination[pos++] = '0';
            digits.CopyTo(destination[pos..]);
            pos += Precision;
        }

        return TrimFraction(destination, start, pos, alternate);
    }

    // %g drops trailing zeros of the fraction and a bare point; %#g keeps both.
    private static int TrimFraction(Span<char> text, int start, int end, bool alternate)
    {
        if (alternate) return end;
        int point = text[start..end].IndexOf('.');
        if (point < 0) return end;
        while (end > start + point + 1 && text[end - 1] == '0') end--;
        if (end == start + point + 1) end--;
        return end;
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>Parses a C-style number (<c>strtod</c> subset: decimal, exponent, <c>inf</c>/<c>nan</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase) || text.Equals("-nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase)) { value = double.PositiveInfinity; return true; }
        if (text.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return true; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
