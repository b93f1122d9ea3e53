using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// The status line and headers an outlet answers a 1.10 feed request with, checked as a liblsl inlet checks
/// them: 404 means the stream is gone, other errors refuse, the uid must match after lowercasing, the byte
/// order and data protocol decide how the feed is decoded.
/// </summary>
public static class FeedResponse
{
    /// <summary>Checks the status line; throws <see cref="LslStreamGoneException"/> for 404 and <see cref="LslProtocolException"/> for other refusals.</summary>
    public static void CheckStatus(string statusLine, LslStreamInfo info)
    {
        string[] parts = statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !parts[0].StartsWith("LSL/", StringComparison.Ordinal))
            throw new LslProtocolException($"bad status line '{Shorten(statusLine)}' from {info.V4Address}:{info.V4DataPort}");
        if (!int.TryParse(parts[1], out int code)) throw new LslProtocolException($"bad status code in '{Shorten(statusLine)}'");
        if (code == 404) throw new LslStreamGoneException($"stream {info.Name} (uid {info.Uid}) is no longer served at {info.V4Address}:{info.V4DataPort} (404)");
        if (code >= 300) throw new LslProtocolException($"outlet refused the feed: '{Shorten(statusLine)}'");
    }

    /// <summary>Checks a whole response header (status line first) and returns the decoder for the feed that follows.</summary>
    public static FeedDecoder CreateDecoder(IReadOnlyList<string> lines, LslStreamInfo info)
    {
        if (lines.Count == 0) throw new LslProtocolException("empty response");
        CheckStatus(lines[0], info);
        var headers = HeaderLines.Parse(lines.Skip(1));
        string? uid = headers["uid"];
        if (uid is not null && uid != info.Uid.ToLowerInvariant())
            throw new LslProtocolException($"the outlet serves uid {uid}, expected {info.Uid}");
        long order = headers.Integer("byte-order", 0);
        if (order is not (0 or 1234 or 4321)) throw new LslProtocolException($"unsupported Byte-Order {order}");
        long dataProtocol = headers.Integer("data-protocol-version", 110);
        if (dataProtocol > 110) throw new LslProtocolException($"Data-Protocol-Version {dataProtocol} is newer than 110");
        bool bigEndian = order == 4321 && BitConverter.IsLittleEndian;
        return new FeedDecoder(info.ChannelFormat, info.ChannelCount, info.NominalRate, (int)dataProtocol, bigEndian,
            headers.Flag("suppress-subnormals", false), dataProtocol < 110 ? info.Uid : null);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
