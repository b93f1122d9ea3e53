using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Fuzz;

/// <summary>
/// Truncated, oversized, garbage and slow-drip input on every socket NeuroRT reads: no crash, bounded memory,
/// a clear log line, the connection dropped, and the component keeps serving.
/// </summary>
public sealed class OutletHostileInputTests
{
    private static LslOutlet Start(CollectingLog log, LslOutletOptions? options = null) =>
        new(new LslStreamInfo { Name = "hostile", ChannelCount = 2, NominalRate = 100, SourceId = "hostile" },
            (options ?? new LslOutletOptions()) with { Config = TestNet.Config(), Log = log });

    [Fact]
    public void Garbage_oversized_and_truncated_tcp_requests_are_dropped_and_the_outlet_keeps_serving()
    {
        var log = new CollectingLog();
        using var outlet = Start(log, new LslOutletOptions { RequestTimeoutSeconds = 2 });
        int port = outlet.Info.V4DataPort;
        var random = new Random(7);

        // Garbage command line: closed without a byte, logged.
        var (reply, eof) = Outlet.RawPeer.Tcp(port, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        Assert.True(eof);
        Assert.Empty(reply);

        // 100 kB of random bytes without a line end: dropped once the request limit is reached.
        var noise = new byte[100_000];
        random.NextBytes(noise);
        for (int i = 0; i < noise.Length; i++) if (noise[i] == '\n') noise[i] = 0;
        (reply, eof) = Outlet.RawPeer.Tcp(port, noise, timeoutSeconds: 5);
        Assert.True(eof);
        Assert.Empty(reply);

        // A truncated request, then the client leaves: nothing to do but close.
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            socket.Connect(IPAddress.Loopback, port);
            socket.Send("LSL:streamfe"u8.ToArray());
        }

        // A request that never completes is dropped at the request timeout.
        (reply, eof) = Outlet.RawPeer.Tcp(port, "LSL:streamfeed/110\r\nMax-Buffer-Length: 10\r\n"u8.ToArray(), timeoutSeconds: 4);
        Assert.True(eof, "an incomplete request must be dropped after the request timeout");

        // Random binary requests of every size: never an answer, never a crash.
        for (int round = 0; round < 30; round++)
        {
            var junk = new byte[random.Next(1, 3000)];
            random.NextBytes(junk);
            junk[^1] = (byte)'\n';
            Outlet.RawPeer.Tcp(port, [.. junk, (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n'], timeoutSeconds: 0.3);
        }

        // Still serving: a valid full-info request works.
        (reply, eof) = Outlet.RawPeer.Tcp(port, "LSL:fullinfo\r\n"u8.ToArray());
        Assert.True(eof);
        Assert.Equal("hostile", StreamInfoXml.Parse(Encoding.UTF8.GetString(reply)).Name);
        Assert.Contains(log.Lines, l => l.Contains("unknown request", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("larger than", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("no complete request", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_dripped_one_byte_at_a_time_is_answered()
    {
        var log = new CollectingLog();
        using var outlet = Start(log);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, outlet.Info.V4DataPort);
        foreach (byte b in Encoding.ASCII.GetBytes($"LSL:streamfeed/110 {outlet.Info.Uid}\r\nMax-Buffer-Length: 0\r\n\r\n"))
        {
            socket.Send([b]);
            Thread.Sleep(2);
        }

        var buffer = new byte[4096];
        int total = 0, n;
        socket.ReceiveTimeout = 5000;
        while ((n = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0) total += n;
        Assert.StartsWith("LSL/110 200 OK\r\n", Encoding.ASCII.GetString(buffer, 0, total));
        Assert.Equal(131 + 2 * 17, total); // header + two 2-channel float32 test patterns
    }

    [Fact]
    public void Garbage_datagrams_are_ignored_and_discovery_still_answers()
    {
        var log = new CollectingLog();
        using var outlet = Start(log);
        var random = new Random(11);
        foreach (int port in new[] { outlet.Config.MulticastPort, outlet.Info.V4ServicePort })
        {
            for (int i = 0; i < 50; i++)
            {
                var junk = new byte[random.Next(0, 1400)];
                random.NextBytes(junk);
                if (i % 3 == 0) junk = Encoding.ASCII.GetBytes($"LSL:shortinfo\r\nname='hostile'\r\n{random.Next()} \r\n");
                if (i % 5 == 0) junk = Encoding.ASCII.GetBytes("LSL:timedata\r\nnot numbers\r\n");
                Outlet.RawPeer.Udp(port, junk, listenSeconds: 0);
            }
        }

        var replies = Outlet.RawPeer.Udp(outlet.Info.V4ServicePort, Encoding.ASCII.GetBytes("LSL:timedata\r\n7 1.5\r\n"));
        Assert.StartsWith(" 7 1.5 ", Encoding.ASCII.GetString(Assert.Single(replies)));
    }
}

public sealed class InletHostileInputTests
{
    // A fake outlet: accepts one connection, sends the given bytes (optionally slowly), then closes or stays open.
    private static (LslStreamInfo Info, Thread Server, TcpListener Listener) FakeOutlet(Func<string, byte[]> reply, int dripMs = 0, bool stayOpen = false)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var info = new LslStreamInfo
        {
            Name = "fake", ChannelCount = 2, ChannelFormat = ChannelFormat.Float32, NominalRate = 100, Uid = "11111111-2222-4333-8444-555555555555",
            V4Address = "127.0.0.1", V4DataPort = ((IPEndPoint)listener.LocalEndpoint).Port, CreatedAt = 1,
        };
        var server = new Thread(() =>
        {
            try
            {
                using var client = listener.AcceptSocket();
                client.ReceiveTimeout = 2000;
                var buffer = new byte[4096];
                int n = client.Receive(buffer);
                var bytes = reply(Encoding.ASCII.GetString(buffer, 0, n));
                if (dripMs == 0) client.Send(bytes);
                else foreach (byte b in bytes) { client.Send([b]); Thread.Sleep(dripMs); }
                if (stayOpen) Thread.Sleep(7000);
            }
            catch (SocketException)
            {
            }
        }) { IsBackground = true };
        server.Start();
        return (info, server, listener);
    }

    private static byte[] ValidFeed(int samples)
    {
        var feed = new MemoryStream();
        feed.Write(Encoding.ASCII.GetBytes("LSL/110 200 OK\r\nUID: 11111111-2222-4333-8444-555555555555\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\nData-Protocol-Version: 110\r\n\r\n"));
        var record = new byte[64];
        foreach (int offset in TestPattern.Offsets) feed.Write(record, 0, SampleEncoder.EncodeTestPattern(record, ChannelFormat.Float32, 2, offset));
        for (int i = 0; i < samples; i++) feed.Write(record, 0, SampleEncoder.EncodeNumeric<float>(record, 10 + i / 100.0, [i, -i], ChannelFormat.Float32));
        return feed.ToArray();
    }

    private static string Run(Func<string, byte[]> reply, int dripMs = 0, bool stayOpen = false, int expectSamples = 0)
    {
        var (info, server, listener) = FakeOutlet(reply, dripMs, stayOpen);
        var log = new CollectingLog();
        try
        {
            using var inlet = new LslInlet(info, new LslInletOptions { Config = TestNet.Config(), Log = log, Recover = false, ConnectTimeoutSeconds = 2 });
            var chunk = new SampleChunk(ChannelFormat.Float32, 2, 64);
            int received = 0;
            string outcome = "";
            try
            {
                inlet.Open(2);
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed.TotalSeconds < 4) received += inlet.Pull(chunk, 100);
                outcome = "still connected";
            }
            catch (Exception e) when (e is LslProtocolException or LslStreamLostException or TimeoutException or LslStreamGoneException)
            {
                outcome = e.Message;
            }

            Assert.Equal(expectSamples, received);
            return outcome + " | " + string.Join(" | ", log.Lines);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_truncated_header_is_a_clear_error() =>
        Assert.Contains("closed the connection before the end of its response header", Run(_ => "LSL/110 200 OK\r\nUID: 1111"u8.ToArray()));

    [Fact]
    public void A_garbage_status_line_is_a_clear_error() =>
        Assert.Contains("bad status line", Run(_ => "HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray()));

    [Fact]
    public void An_oversized_header_is_refused_without_growing_memory()
    {
        var header = new byte[200_000];
        Array.Fill(header, (byte)'A');
        Assert.Contains("exceeds 65536 bytes", Run(_ => header, stayOpen: true));
    }

    [Fact]
    public void A_wrong_test_pattern_is_refused()
    {
        var feed = ValidFeed(0);
        feed[^3] ^= 0x01;
        Assert.Contains("test pattern 2", Run(_ => feed));
    }

    [Fact]
    public void Garbage_after_the_handshake_drops_the_connection_with_the_stream_named()
    {
        var feed = ValidFeed(5).ToList();
        feed.AddRange(new byte[] { 7, 1, 2, 3, 4, 5, 6, 7, 8, 9 }); // a tag 7 sample is read as "timestamp follows"; then the peer closes mid-sample
        string outcome = Run(_ => feed.ToArray(), expectSamples: 5);
        Assert.Contains("fake lost", outcome);
    }

    [Fact]
    public void A_string_feed_with_a_huge_length_field_is_refused()
    {
        var feed = new MemoryStream();
        feed.Write(Encoding.ASCII.GetBytes("LSL/110 200 OK\r\nUID: 11111111-2222-4333-8444-555555555555\r\nByte-Order: 1234\r\nData-Protocol-Version: 110\r\n\r\n"));
        var record = new byte[64];
        feed.Write(record, 0, SampleEncoder.EncodeTestPattern(record, ChannelFormat.String, 2, 4));
        feed.Write(record, 0, SampleEncoder.EncodeTestPattern(record, ChannelFormat.String, 2, 2));
        feed.Write([1, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]); // deduced sample, 8-byte length 2^63-1
        var (info, server, listener) = FakeOutlet(_ => feed.ToArray(), stayOpen: true);
        info.ChannelFormat = ChannelFormat.String;
        var log = new CollectingLog();
        using (var inlet = new LslInlet(info, new LslInletOptions { Config = TestNet.Config(), Log = log, Recover = false }))
        {
            inlet.Open(2);
            var chunk = new SampleChunk(ChannelFormat.String, 2, 8);
            var e = Assert.Throws<LslStreamLostException>(() => { for (int i = 0; i < 50; i++) inlet.Pull(chunk, 100); });
            Assert.Contains("exceeds the", e.Message);
        }

        listener.Stop();
    }

    [Fact]
    public void A_feed_dripped_byte_by_byte_decodes_completely() =>
        Assert.Contains("still connected", Run(_ => ValidFeed(20), dripMs: 1, stayOpen: true, expectSamples: 20));
}
