using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuroRT.Lsl.Tests.Outlet;

/// <summary>A hand-written client that sends captured request bytes and collects the raw reply, as the capture's raw clients did.</summary>
public static partial class RawPeer
{
    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, sends <paramref name="request"/>, runs <paramref name="afterSend"/>, and reads until EOF, <paramref name="expectedLength"/> bytes, or the timeout.</summary>
    public static (byte[] Reply, bool Eof) Tcp(int port, byte[] request, int expectedLength = int.MaxValue, double timeoutSeconds = 5, Action? afterSend = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        socket.Send(request);
        afterSend?.Invoke();
        var reply = new MemoryStream();
        var buffer = new byte[65536];
        var watch = Stopwatch.StartNew();
        while (reply.Length < expectedLength && watch.Elapsed.TotalSeconds < timeoutSeconds)
        {
            if (!socket.Poll(50_000, SelectMode.SelectRead)) continue;
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return (reply.ToArray(), true); // closed with our unread bytes pending: the kernel resets
            }

            if (n == 0) return (reply.ToArray(), true);
            reply.Write(buffer, 0, n);
        }

        // After the expected bytes, a closing outlet shows EOF right away.
        bool eof = socket.Poll(200_000, SelectMode.SelectRead) && socket.Available == 0;
        return (reply.ToArray(), eof);
    }

    /// <summary>Sends one datagram to 127.0.0.1:<paramref name="port"/> from <paramref name="receiver"/> (or a fresh socket) and collects the replies for <paramref name="listenSeconds"/>.</summary>
    public static List<byte[]> Udp(int port, byte[] datagram, Socket? receiver = null, double listenSeconds = 0.5)
    {
        using var own = receiver is null ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) : null;
        var socket = receiver ?? own!;
        if (receiver is null) socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, port));
        var replies = new List<byte[]>();
        var buffer = new byte[65536];
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < listenSeconds)
        {
            if (!socket.Poll(20_000, SelectMode.SelectRead)) continue;
            int n = socket.Receive(buffer);
            replies.Add(buffer.AsSpan(0, n).ToArray());
        }

        return replies;
    }

    /// <summary>Replaces every occurrence of <paramref name="from"/> by <paramref name="to"/> (same length) in a byte string.</summary>
    public static byte[] Replace(byte[] bytes, string from, string to)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Encoding.Latin1.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Blanks the fields of a stream-info XML that differ between captures (uid, created_at, hostname, ports).</summary>
    public static string NormalizeInfo(string xml) =>
        VariableFields().Replace(xml, m => $"<{m.Groups[1].Value}>*</{m.Groups[1].Value}>");

    [GeneratedRegex(@"<(uid|created_at|hostname|v4data_port|v4service_port|v6data_port|v6service_port)>[^<]*</\1>")]
    private static partial Regex VariableFields();
}
