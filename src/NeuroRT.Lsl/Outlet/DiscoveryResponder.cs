using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Text;

namespace NeuroRT.Lsl.Outlet;

/// <summary>
/// An outlet's UDP responder: on the multicast port it answers <c>LSL:shortinfo</c> queries (unicast,
/// broadcast and the joined groups all land on the one wildcard socket); on the service port it also
/// answers <c>LSL:timedata</c> probes. Replies go to the query's source address and the return port
/// named in it. Malformed datagrams are ignored (logged once per kind), as liblsl ignores them.
/// </summary>
internal sealed class DiscoveryResponder : IDisposable
{
    private readonly Socket _socket;
    private readonly bool _answersTimeProbes;
    private readonly byte[] _shortInfo;
    private readonly QueryCache _queries;
    private readonly ILslLog _log;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _loggedGarbage;
    private byte[] _lastQuery = [];
    private bool _lastMatch;
    private SocketAddress? _replyAddress;
    private long _datagrams;
    private long _allocated;

    public DiscoveryResponder(Socket socket, bool answersTimeProbes, string shortInfoXml, QueryCache queries, ILslLog log, string name)
    {
        _socket = socket;
        _answersTimeProbes = answersTimeProbes;
        _shortInfo = Encoding.UTF8.GetBytes(shortInfoXml);
        _queries = queries;
        _log = log;
        _thread = new Thread(Serve) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Bytes this responder's thread allocated while handling datagrams, after its first 50 (0 for repeated queries and time probes).</summary>
    public long AllocatedBytesAfterWarmup => Interlocked.Read(ref _allocated);

    private void Serve()
    {
        var buffer = new byte[65536];
        var reply = new byte[65536];
        var from = new SocketAddress(_socket.AddressFamily);
        Span<char> number = stackalloc char[CNumber.MaxLength];
        while (!_stopping)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            double received = LslClock.Now;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Answer(buffer.AsSpan(0, n), reply, from, received, number);
                if (++_datagrams > 50) Interlocked.Add(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (Exception e) when (e is SocketException or FormatException or ArgumentException or IndexOutOfRangeException)
            {
                if (!_loggedGarbage)
                {
                    _loggedGarbage = true;
                    _log.Write(LslLogLevel.Warning, $"{Thread.CurrentThread.Name}: ignored a malformed datagram ({e.Message})");
                }
            }
        }
    }

    private void Answer(ReadOnlySpan<byte> datagram, byte[] reply, SocketAddress from, double received, Span<char> number)
    {
        int lf = datagram.IndexOf((byte)'\n');
        if (lf < 0) return;
        var command = Trim(datagram[..lf]);
        var rest = datagram[(lf + 1)..];
        if (command.SequenceEqual("LSL:timedata"u8))
        {
            if (_answersTimeProbes) AnswerTimeProbe(rest, reply, from, received, number);
            return;
        }

        if (!command.SequenceEqual("LSL:shortinfo"u8)) return;
        int queryEnd = rest.IndexOf((byte)'\n');
        if (queryEnd < 0) return;
        var queryBytes = Trim(rest[..queryEnd]);
        var tail = rest[(queryEnd + 1)..];
        if (!NextToken(ref tail, out var portText) || !NextToken(ref tail, out var queryId)) return;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int returnPort) || returnPort is < 1 or > 65535) return;
        // Resolvers repeat the same query every wave: remember the last one's bytes and verdict, so a lab's
        // stream browser polling all day costs no allocation here (and no GC in the process serving the stream).
        if (!queryBytes.SequenceEqual(_lastQuery))
        {
            _lastMatch = _queries.Matches(Encoding.UTF8.GetString(queryBytes));
            _lastQuery = queryBytes.ToArray();
        }

        if (!_lastMatch) return;
        if (queryId.Length + 2 + _shortInfo.Length > reply.Length) return;
        queryId.CopyTo(reply);
        int pos = queryId.Length;
        reply[pos++] = (byte)'\r';
        reply[pos++] = (byte)'\n';
        _shortInfo.CopyTo(reply.AsSpan(pos));
        pos += _shortInfo.Length;
        // The reply goes to the query's source address, at the return port named in the query.
        var target = _replyAddress ??= new SocketAddress(from.Family, from.Size);
        from.Buffer.Span.CopyTo(target.Buffer.Span);
        target.Size = from.Size;
        if (from.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family (2 bytes), then the port in network byte order.
            target[2] = (byte)(returnPort >> 8);
            target[3] = (byte)returnPort;
            _socket.SendTo(reply.AsSpan(0, pos), SocketFlags.None, target);
        }
        else
        {
            _socket.SendTo(reply.AsSpan(0, pos), SocketFlags.None, new IPEndPoint(ReadAddress(from), returnPort));
        }

    }

    // " <wave> <t0> <t1> <t2>": t0 parsed and printed again with %.16g, like liblsl.
    private void AnswerTimeProbe(ReadOnlySpan<byte> body, byte[] reply, SocketAddress from, double received, Span<char> number)
    {
        if (!NextToken(ref body, out var wave) || !NextToken(ref body, out var t0Text)) return;
        if (!int.TryParse(wave, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int waveId)) return;
        if (!double.TryParse(t0Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double t0)) return;
        int pos = 0;
        reply[pos++] = (byte)' ';
        waveId.TryFormat(reply.AsSpan(pos), out int w, default, CultureInfo.InvariantCulture);
        pos += w;
        pos = AppendNumber(reply, pos, t0, number);
        pos = AppendNumber(reply, pos, received, number);
        pos = AppendNumber(reply, pos, LslClock.Now, number);
        _socket.SendTo(reply.AsSpan(0, pos), SocketFlags.None, from);
    }

    private static int AppendNumber(byte[] reply, int pos, double value, Span<char> number)
    {
        reply[pos++] = (byte)' ';
        int n = CNumber.FormatG16(value, false, number);
        for (int i = 0; i < n; i++) reply[pos++] = (byte)number[i];
        return pos;
    }

    private static IPAddress ReadAddress(SocketAddress address)
    {
        var endpoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
        return endpoint.Address;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        return text[start..end];
    }

    private static bool NextToken(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> token)
    {
        int start = 0;
        while (start < text.Length && IsSpace(text[start])) start++;
        int end = start;
        while (end < text.Length && !IsSpace(text[end])) end++;
        token = text[start..end];
        text = text[end..];
        return token.Length > 0;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        _thread.Join(1000);
    }
}
