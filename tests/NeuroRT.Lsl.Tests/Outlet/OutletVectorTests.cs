using System.Text;
using NeuroRT.Lsl.TimeSync;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Outlet;

/// <summary>
/// NeuroRT's outlet answers every request captured from real liblsl inlets and raw clients with the bytes the
/// real liblsl outlet sent, except for the fields that must differ (uid, created_at, hostname, ports).
/// </summary>
public sealed class OutletVectorTests
{
    public static TheoryData<string> Formats => new() { "float32", "double64", "string", "int32", "int16", "int8", "int64" };

    public static TheoryData<string> Protocol110Sessions => new() { "float32", "double64", "string", "int32", "int16", "int8", "int64", "float32_edge", "double64_edge", "float32_batched" };

    [Theory]
    [MemberData(nameof(Protocol110Sessions))]
    public void Feed_110_matches_liblsl_byte_for_byte(string folder)
    {
        string session = $"p110/{folder}/session";
        using var outlet = VectorOutlet.Start(session, TestNet.Config());
        var captured = Vectors.Bytes($"p110/{folder}/streamfeed_response.bin");
        string capturedUid = Vectors.Session(session).GetProperty("stream_info").GetProperty("uid").GetString()!;
        var request = RawPeer.Replace(Vectors.Bytes($"p110/{folder}/streamfeed_request.bin"), capturedUid, outlet.Info.Uid);
        var (reply, _) = RawPeer.Tcp(outlet.Info.V4DataPort, request, captured.Length, afterSend: () =>
        {
            Assert.True(outlet.WaitForConsumers(5), "the consumer never registered");
            VectorOutlet.PushSession(outlet, session, batched: folder.EndsWith("batched", StringComparison.Ordinal));
        });
        Assert.Equal(RawPeer.Replace(captured, capturedUid, outlet.Info.Uid), reply);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Feed_100_matches_liblsl_but_for_the_variable_info_fields(string format)
    {
        string session = $"p100/{format}/session";
        using var outlet = VectorOutlet.Start(session, TestNet.Config(c => c with { UseProtocolVersion = 100 }));
        var captured = Vectors.Bytes($"p100/{format}/streamfeed_response.bin");
        var (reply, _) = RawPeer.Tcp(outlet.Info.V4DataPort, Vectors.Bytes($"p100/{format}/streamfeed_request.bin"), afterSend: () =>
        {
            Assert.True(outlet.WaitForConsumers(5));
            VectorOutlet.PushSession(outlet, session);
        }, timeoutSeconds: 1.5);
        AssertArchiveEqual(captured, 0, reply, 0);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Big_endian_feed_matches_liblsl(string format)
    {
        string session = $"raw/{format}/session";
        using var outlet = VectorOutlet.Start(session, TestNet.Config());
        var captured = Vectors.Bytes($"raw/{format}/tcp_streamfeed_bigendian_response.bin");
        string capturedUid = Vectors.Session(session).GetProperty("stream_info").GetProperty("uid").GetString()!;
        var request = RawPeer.Replace(Vectors.Bytes($"raw/{format}/tcp_streamfeed_bigendian_request.bin"), capturedUid, outlet.Info.Uid);
        var (reply, _) = RawPeer.Tcp(outlet.Info.V4DataPort, request, captured.Length, afterSend: () =>
        {
            Assert.True(outlet.WaitForConsumers(5));
            VectorOutlet.PushSession(outlet, session);
        });
        Assert.Equal(RawPeer.Replace(captured, capturedUid, outlet.Info.Uid), reply);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Full_info_matches_liblsl(string format)
    {
        string session = $"p110/{format}/session";
        using var outlet = VectorOutlet.Start(session, TestNet.Config());
        var (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, Vectors.Bytes($"p110/{format}/fullinfo_request.bin"));
        Assert.True(eof, "the outlet closes after the full info");
        Assert.Equal(RawPeer.NormalizeInfo(Vectors.Text($"p110/{format}/fullinfo_response.bin")), RawPeer.NormalizeInfo(Encoding.UTF8.GetString(reply)));
    }

    [Fact]
    public void Error_replies_have_no_line_end_and_close()
    {
        using var outlet = VectorOutlet.Start("raw/float32/session", TestNet.Config());
        string capturedUid = Vectors.Session("raw/float32/session").GetProperty("stream_info").GetProperty("uid").GetString()!;
        foreach (string name in new[] { "tcp_streamfeed_wrong_uid", "tcp_streamfeed_version_200" })
        {
            var request = RawPeer.Replace(Vectors.Bytes($"raw/float32/{name}_request.bin"), capturedUid, outlet.Info.Uid);
            var (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, request);
            Assert.True(eof, name);
            Assert.Equal(Vectors.Bytes($"raw/float32/{name}_response.bin"), reply);
        }

        // The same uid in upper case is another uid (404), as in liblsl.
        var upper = Encoding.ASCII.GetBytes($"LSL:streamfeed/110 {outlet.Info.Uid.ToUpperInvariant()}\r\nMax-Buffer-Length: 0\r\n\r\n");
        Assert.Equal("LSL/110 404 Not found", Encoding.ASCII.GetString(RawPeer.Tcp(outlet.Info.V4DataPort, upper).Reply));
    }

    [Fact]
    public void Handshake_only_requests_match_liblsl()
    {
        using var outlet = VectorOutlet.Start("raw/float32/session", TestNet.Config());
        string capturedUid = Vectors.Session("raw/float32/session").GetProperty("stream_info").GetProperty("uid").GetString()!;

        var minimal = Vectors.Bytes("raw/float32/tcp_streamfeed_minimal_nobuffer_response.bin");
        var (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, RawPeer.Replace(Vectors.Bytes("raw/float32/tcp_streamfeed_minimal_nobuffer_request.bin"), capturedUid, outlet.Info.Uid));
        Assert.True(eof);
        Assert.Equal(RawPeer.Replace(minimal, capturedUid, outlet.Info.Uid), reply);

        // Value-Size 8 on a float32 stream: a 1.10 header announcing data protocol 100, then the archive.
        var mismatch = Vectors.Bytes("raw/float32/tcp_streamfeed_valuesize_mismatch_response.bin");
        (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, RawPeer.Replace(Vectors.Bytes("raw/float32/tcp_streamfeed_valuesize_mismatch_request.bin"), capturedUid, outlet.Info.Uid));
        Assert.True(eof);
        Assert.Equal(RawPeer.Replace(mismatch[..131], capturedUid, outlet.Info.Uid), reply[..131]);
        AssertArchiveEqual(mismatch, 131, reply, 131);

        var old = Vectors.Bytes("raw/float32/tcp_streamfeed_v100_nobuffer_response.bin");
        (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, Vectors.Bytes("raw/float32/tcp_streamfeed_v100_nobuffer_request.bin"));
        Assert.True(eof);
        AssertArchiveEqual(old, 0, reply, 0);
    }

    [Fact]
    public void A_request_without_header_lines_is_never_answered()
    {
        using var outlet = VectorOutlet.Start("raw/float32/session", TestNet.Config());
        string capturedUid = Vectors.Session("raw/float32/session").GetProperty("stream_info").GetProperty("uid").GetString()!;
        var (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, RawPeer.Replace(Vectors.Bytes("raw/float32/tcp_streamfeed_no_headers_request.bin"), capturedUid, outlet.Info.Uid), timeoutSeconds: 1);
        Assert.Empty(reply);
        Assert.False(eof, "liblsl keeps such a connection open, waiting for CRLF CRLF");
    }

    [Fact]
    public void Tcp_shortinfo_answers_only_a_matching_query()
    {
        using var outlet = VectorOutlet.Start("raw/float32/session", TestNet.Config());
        var (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, RawPeer.Replace(Vectors.Bytes("raw/float32/tcp_shortinfo_match_request.bin"), "NeuroRTRaw_float32", outlet.Info.Name));
        Assert.True(eof);
        Assert.Equal(RawPeer.NormalizeInfo(Vectors.Text("raw/float32/tcp_shortinfo_match_response.bin")), RawPeer.NormalizeInfo(Encoding.UTF8.GetString(reply)));
        (reply, eof) = RawPeer.Tcp(outlet.Info.V4DataPort, Vectors.Bytes("raw/float32/tcp_shortinfo_nomatch_request.bin"));
        Assert.True(eof);
        Assert.Empty(reply);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Udp_discovery_query_gets_the_liblsl_reply(string format)
    {
        var config = TestNet.Config(c => c with { SessionId = "default" });
        using var outlet = VectorOutlet.Start($"raw/{format}/session", config);
        var request = Vectors.Bytes($"raw/{format}/udp_shortinfo_query_match_request.bin");
        var replies = ReplyTo(config.MulticastPort, request);
        var captured = Vectors.Text($"raw/{format}/udp_shortinfo_query_match_reply.bin");
        var reply = Assert.Single(replies);
        Assert.Equal(RawPeer.NormalizeInfo(captured), RawPeer.NormalizeInfo(Encoding.UTF8.GetString(reply)));
    }

    [Fact]
    public void Udp_discovery_ignores_a_non_matching_query_and_the_service_port_answers_too()
    {
        var config = TestNet.Config(c => c with { SessionId = "default" });
        using var outlet = VectorOutlet.Start("raw/float32/session", config);
        Assert.Empty(ReplyTo(config.MulticastPort, Vectors.Bytes("raw/float32/udp_shortinfo_query_nomatch_request.bin")));
        var replies = ReplyTo(outlet.Info.V4ServicePort, Vectors.Bytes("raw/float32/udp_shortinfo_query_serviceport_request.bin"));
        Assert.Equal(RawPeer.NormalizeInfo(Vectors.Text("raw/float32/udp_shortinfo_query_serviceport_reply.bin")), RawPeer.NormalizeInfo(Encoding.UTF8.GetString(Assert.Single(replies))));
        // The discovery port does not answer time probes; the service port does.
        Assert.Empty(RawPeer.Udp(config.MulticastPort, Vectors.Bytes("raw/float32/udp_timedata_request.bin")));
    }

    [Fact]
    public void Time_probe_reply_has_the_liblsl_form()
    {
        using var outlet = VectorOutlet.Start("raw/float32/session", TestNet.Config());
        var reply = Assert.Single(RawPeer.Udp(outlet.Info.V4ServicePort, Vectors.Bytes("raw/float32/udp_timedata_request.bin")));
        var captured = Vectors.Text("raw/float32/udp_timedata_reply.bin");
        string text = Encoding.ASCII.GetString(reply);
        Assert.StartsWith(" 4242 1234.5 ", text);
        Assert.StartsWith(" 4242 1234.5 ", captured);
        Assert.False(text.EndsWith('\n'));
        Assert.True(TimeProbe.TryParseReply(reply, out int wave, out double t0, out double t1, out double t2));
        Assert.Equal((4242, 1234.5), (wave, t0));
        Assert.True(t2 >= t1 && t1 > 0);
        Assert.Equal(4, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    // The query's return port names where the reply goes: listen there (the capture's port is replaced by ours).
    private static List<byte[]> ReplyTo(int port, byte[] captured)
    {
        using var receiver = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        receiver.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int own = ((System.Net.IPEndPoint)receiver.LocalEndPoint!).Port;
        string text = Encoding.UTF8.GetString(captured);
        var lines = text.Split("\r\n");
        var parts = lines[2].Split(' ');
        lines[2] = $"{own} {parts[1]}";
        return RawPeer.Udp(port, Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), receiver);
    }

    // 1.00 feeds embed the short info: compare it with the variable fields blanked, everything else byte for byte.
    private static void AssertArchiveEqual(byte[] captured, int capturedAt, byte[] reply, int replyAt)
    {
        Assert.Equal(captured.AsSpan(capturedAt, 3).ToArray(), reply.AsSpan(replyAt, 3).ToArray());
        int c = capturedAt + 3, r = replyAt + 3;
        Assert.True(ArchiveCodec.TryReadInteger(captured, ref c, out long capturedLength));
        Assert.True(ArchiveCodec.TryReadInteger(reply, ref r, out long replyLength));
        string capturedXml = Encoding.UTF8.GetString(captured, c, (int)capturedLength);
        string replyXml = Encoding.UTF8.GetString(reply, r, (int)replyLength);
        Assert.Equal(RawPeer.NormalizeInfo(capturedXml), RawPeer.NormalizeInfo(replyXml));
        Assert.Equal(captured.AsSpan(c + (int)capturedLength).ToArray(), reply.AsSpan(r + (int)replyLength).ToArray());
    }
}
