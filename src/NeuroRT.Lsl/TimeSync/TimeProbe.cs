using System.Globalization;
using NeuroRT.Lsl.Text;

namespace NeuroRT.Lsl.TimeSync;

/// <summary>
/// The <c>LSL:timedata</c> messages. Probe: <c>LSL:timedata CRLF wave SP t0 CRLF</c>; reply (no line end,
/// leading space): <c> wave t0 t1 t2</c>, numbers as C <c>%.16g</c>. Formatting and parsing are allocation-free.
/// </summary>
public static class TimeProbe
{
    /// <summary>Writes a probe; returns its length.</summary>
    public static int FormatProbe(Span<byte> destination, int waveId, double t0)
    {
        "LSL:timedata\r\n"u8.CopyTo(destination);
        int pos = 14;
        waveId.TryFormat(destination[pos..], out int n, default, CultureInfo.InvariantCulture);
        pos += n;
        destination[pos++] = (byte)' ';
        pos += FormatNumber(destination[pos..], t0);
        destination[pos++] = (byte)'\r';
        destination[pos++] = (byte)'\n';
        return pos;
    }

    /// <summary>Parses a reply.</summary>
    public static bool TryParseReply(ReadOnlySpan<byte> reply, out int waveId, out double t0, out double t1, out double t2)
    {
        waveId = 0;
        t0 = t1 = t2 = 0;
        return Next(ref reply, out var w) && int.TryParse(w, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out waveId)
            && NextNumber(ref reply, out t0) && NextNumber(ref reply, out t1) && NextNumber(ref reply, out t2);
    }

    /// <summary>Round-trip time and clock offset (remote minus local) of one reply received at local time <paramref name="t3"/>.</summary>
    public static (double Rtt, double Offset) Estimate(double t0, double t1, double t2, double t3)
        => ((t3 - t0) - (t2 - t1), ((t1 - t0) + (t2 - t3)) / 2);

    private static int FormatNumber(Span<byte> destination, double value)
    {
        Span<char> text = stackalloc char[CNumber.MaxLength];
        int n = CNumber.FormatG16(value, false, text);
        for (int i = 0; i < n; i++) destination[i] = (byte)text[i];
        return n;
    }

    private static bool NextNumber(ref ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        return Next(ref text, out var token) && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool Next(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> token)
    {
        int start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t') start++;
        int end = start;
        while (end < text.Length && text[end] is not ((byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')) end++;
        token = text[start..end];
        text = text[end..];
        return token.Length > 0;
    }
}
