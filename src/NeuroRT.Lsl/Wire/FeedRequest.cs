using System.Globalization;
using System.Text;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>What a client asks a data port for.</summary>
public enum RequestKind
{
    /// <summary><c>LSL:shortinfo</c> + a query line.</summary>
    ShortInfo,
    /// <summary><c>LSL:fullinfo</c>.</summary>
    FullInfo,
    /// <summary><c>LSL:streamfeed</c> + <c>buflen chunklen</c> (protocol 1.00).</summary>
    Feed100,
    /// <summary><c>LSL:streamfeed/ver [uid]</c> + header lines (protocol 1.10).</summary>
    Feed110,
}

/// <summary>
/// A request on an outlet's TCP data port, and the feed request an inlet sends (byte for byte what a
/// liblsl 1.17 inlet sends, but for the measured Endian-Performance figure).
/// </summary>
public sealed class FeedRequest
{
    /// <summary>Largest request an outlet reads (anything longer is garbage and drops the connection).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>Kind of request.</summary>
    public RequestKind Kind { get; private init; }

    /// <summary>The query of a shortinfo request.</summary>
    public string Query { get; private init; } = "";

    /// <summary>Protocol version on the request line (100 for the old request).</summary>
    public int Version { get; private init; } = 100;

    /// <summary>Uid on the request line (null when none was given).</summary>
    public string? Uid { get; private init; }

    /// <summary>Headers of a 1.10 request (empty otherwise).</summary>
    public HeaderLines Headers { get; private init; } = HeaderLines.Parse([]);

    /// <summary>Samples the client buffers (0 = handshake only).</summary>
    public long MaxBufferLength { get; private init; }

    /// <summary>Samples per network write the client wants (0 = outlet's choice).</summary>
    public long MaxChunkLength { get; private init; }

    /// <summary>
    /// Parses a request from the bytes received so far. Returns null while incomplete (the caller reads more),
    /// a request when complete; throws <see cref="LslProtocolException"/> for an unknown command.
    /// A 1.10 request is complete only when the bytes after the request line hold CRLF CRLF (as in liblsl,
    /// where a request line followed by one blank line is never answered).
    /// </summary>
    public static FeedRequest? TryParse(ReadOnlySpan<byte> received)
    {
        int firstEnd = received.IndexOf("\r\n"u8);
        if (firstEnd < 0) return null;
        string command = Encoding.ASCII.GetString(received[..firstEnd]).Trim();
        var rest = received[(firstEnd + 2)..];
        if (command == "LSL:fullinfo") return new FeedRequest { Kind = RequestKind.FullInfo };
        if (command == "LSL:shortinfo")
        {
            int lf = rest.IndexOf((byte)'\n');
            if (lf < 0) return null;
            return new FeedRequest { Kind = RequestKind.ShortInfo, Query = Encoding.UTF8.GetString(rest[..lf]).Trim() };
        }

        if (command == "LSL:streamfeed")
        {
            int lf = rest.IndexOf((byte)'\n');
            if (lf < 0) return null;
            string[] parts = Encoding.ASCII.GetString(rest[..lf]).Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            long buffer = parts.Length > 0 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long b) ? b : 0;
            long chunk = parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long c) ? c : 0;
            return new FeedRequest { Kind = RequestKind.Feed100, MaxBufferLength = buffer, MaxChunkLength = chunk };
        }

        if (command.StartsWith("LSL:streamfeed/", StringComparison.Ordinal))
        {
            int end = rest.IndexOf("\r\n\r\n"u8);
            if (end < 0) return null;
            string[] parts = command["LSL:streamfeed/".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int version))
                throw new LslProtocolException($"bad feed request line '{command}'");
            var headers = HeaderLines.Parse(HeaderLines.SplitLines(rest[..(end + 4)]));
            return new FeedRequest
            {
                Kind = RequestKind.Feed110,
                Version = version,
                Uid = parts.Length > 1 ? parts[1] : null,
                Headers = headers,
                MaxBufferLength = headers.Integer("max-buffer-length", 0),
                MaxChunkLength = headers.Integer("max-chunk-length", 0),
            };
        }

        throw new LslProtocolException($"unknown request '{Truncate(command)}'");
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "...";

    /// <summary>The 1.10 feed request of an inlet (protocol 1.00 when <paramref name="version"/> is below 110).</summary>
    public static string Format(LslStreamInfo info, int version, long maxBufferLength, long maxChunkLength, string sessionId, double endianPerformance)
    {
        var inv = CultureInfo.InvariantCulture;
        if (version < 110) return string.Create(inv, $"LSL:streamfeed\r\n{maxBufferLength} {maxChunkLength}\r\n");
        var text = new StringBuilder(320);
        text.Append(inv, $"LSL:streamfeed/{version} {info.Uid}\r\n");
        text.Append(BitConverter.IsLittleEndian ? "Native-Byte-Order: 1234\r\n" : "Native-Byte-Order: 4321\r\n");
        text.Append("Endian-Performance: ").Append(FormatG6(endianPerformance)).Append("\r\n");
        text.Append("Has-IEEE754-Floats: 1\r\n");
        text.Append("Supports-Subnormals: ").Append(info.ChannelFormat.IsFloatingPoint() ? '1' : '0').Append("\r\n");
        text.Append(inv, $"Value-Size: {info.ChannelFormat.RequestValueSize()}\r\n");
        text.Append(inv, $"Data-Protocol-Version: {version}\r\n");
        text.Append(inv, $"Max-Buffer-Length: {maxBufferLength}\r\n");
        text.Append(inv, $"Max-Chunk-Length: {maxChunkLength}\r\n");
        text.Append("Hostname: ").Append(info.Hostname).Append("\r\n");
        text.Append("Source-Id: ").Append(info.SourceId).Append("\r\n");
        text.Append("Session-Id: ").Append(sessionId).Append("\r\n\r\n");
        return text.ToString();
    }

    /// <summary>C <c>%g</c> (6 significant digits), as liblsl prints Endian-Performance.</summary>
    public static string FormatG6(double value)
    {
        if (value == 0) return "0";
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        string mantissa = value.ToString("E5", CultureInfo.InvariantCulture);
        exponent = int.Parse(mantissa[(mantissa.IndexOf('E') + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 6)
        {
            string digits = mantissa[..mantissa.IndexOf('E')].TrimEnd('0').TrimEnd('.');
            return string.Create(CultureInfo.InvariantCulture, $"{digits}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        string fixedText = value.ToString("F" + Math.Max(0, 5 - exponent), CultureInfo.InvariantCulture);
        return fixedText.Contains('.') ? fixedText.TrimEnd('0').TrimEnd('.') : fixedText;
    }
}
