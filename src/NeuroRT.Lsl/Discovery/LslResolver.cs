using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Net;
using NeuroRT.Lsl.Query;

namespace NeuroRT.Lsl.Discovery;

/// <summary>
/// Finds streams the way a liblsl resolver does: waves of <c>LSL:shortinfo</c> queries to every discovery
/// address (loopback, broadcast, the multicast groups, on every interface) and, with known peers, by
/// unicast to every port of the range on each peer; replies de-duplicated by uid, the stream's address
/// taken from the reply's source. Each call owns its sockets and closes them before returning.
/// </summary>
public sealed class LslResolver : IDisposable
{
    private readonly LslConfig _config;
    private readonly ILslLog _log;
    private readonly Socket _socket;
    private readonly int _returnPort;
    private readonly List<(IPEndPoint Target, IPAddress? Interface)> _targets = [];
    private readonly byte[] _buffer = new byte[65536];

    /// <summary>Opens the resolver's socket (a port in the range, like liblsl) and works out where queries go.</summary>
    public LslResolver(LslConfig? config = null, ILslLog? log = null)
    {
        _config = config ?? LslConfig.Current;
        _log = log ?? StderrLslLog.Instance;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _returnPort = SocketSetup.BindInRange(_socket, _config, IPAddress.Any);
        _socket.EnableBroadcast = true;
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, _config.MulticastTtl);
        var interfaces = SocketSetup.MulticastInterfaces(_config);
        foreach (var address in _config.DiscoveryAddresses())
        {
            var target = new IPEndPoint(address, _config.MulticastPort);
            if (SocketSetup.IsMulticast(address) && interfaces.Count > 0)
                foreach (var local in interfaces) _targets.Add((target, local));
            else _targets.Add((target, null));
        }

        foreach (string peer in _config.KnownPeers)
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(peer, out var literal) ? [literal] : Dns.GetHostAddresses(peer);
            }
            catch (Exception e) when (e is SocketException or ArgumentException)
            {
                _log.Write(LslLogLevel.Warning, $"known peer '{peer}' cannot be resolved ({e.Message}); skipped");
                continue;
            }

            foreach (var address in addresses)
            {
                if (address.AddressFamily != AddressFamily.InterNetwork) continue;
                for (int i = 0; i < _config.PortRange; i++) _targets.Add((new IPEndPoint(address, _config.BasePort + i), null));
            }
        }
    }

    /// <summary>Where a wave sends its queries (for <c>neurort doctor</c>).</summary>
    public IReadOnlyList<(IPEndPoint Target, IPAddress? Interface)> Targets => _targets;

    /// <summary>Destinations a wave could not reach in the last call (address, reason).</summary>
    public List<string> SendFailures { get; } = [];

    /// <summary>Streams of the session whose <paramref name="property"/> (name, type, source_id, ...) equals <paramref name="value"/>.</summary>
    public static IReadOnlyList<LslStreamInfo> ResolveByProperty(string property, string value, int minimum = 1, double timeoutSeconds = 5, LslConfig? config = null, CancellationToken cancel = default)
    {
        var c = config ?? LslConfig.Current;
        using var resolver = new LslResolver(c);
        return resolver.Resolve(StreamQuery.ByProperty(c.SessionId, property, value), minimum, timeoutSeconds, 0, cancel);
    }

    /// <summary>Every stream of the session seen within <paramref name="waitSeconds"/>.</summary>
    public static IReadOnlyList<LslStreamInfo> ResolveAll(double waitSeconds = 1, LslConfig? config = null, CancellationToken cancel = default)
    {
        var c = config ?? LslConfig.Current;
        using var resolver = new LslResolver(c);
        return resolver.Resolve(StreamQuery.All(c.SessionId), int.MaxValue, waitSeconds, waitSeconds, cancel);
    }

    /// <summary>
    /// Sends waves of <paramref name="query"/> every MulticastMinRTT until at least <paramref name="minimum"/> distinct
    /// streams answered (and <paramref name="minimumWaitSeconds"/> passed), or <paramref name="timeoutSeconds"/> ran out.
    /// </summary>
    public IReadOnlyList<LslStreamInfo> Resolve(string query, int minimum, double timeoutSeconds, double minimumWaitSeconds = 0, CancellationToken cancel = default)
    {
        var found = new Dictionary<string, LslStreamInfo>(StringComparer.Ordinal);
        var order = new List<string>();
        string queryId = RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture);
        byte[] datagram = Encoding.UTF8.GetBytes($"LSL:shortinfo\r\n{query}\r\n{_returnPort} {queryId}\r\n");
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(timeoutSeconds * Stopwatch.Frequency);
        long minimumEnd = start + (long)(minimumWaitSeconds * Stopwatch.Frequency);
        long nextWave = start;
        SendFailures.Clear();
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!cancel.IsCancellationRequested)
        {
            long now = Stopwatch.GetTimestamp();
            if (found.Count >= minimum && now >= minimumEnd) break;
            if (now >= deadline) break;
            if (now >= nextWave)
            {
                SendWave(datagram);
                nextWave = now + (long)(Math.Max(0.05, _config.MulticastMinRtt) * Stopwatch.Frequency);
            }

            long until = Math.Min(nextWave, deadline);
            int waitUs = (int)Math.Clamp((until - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency, 1000, 100_000);
            if (!_socket.Poll(waitUs, SelectMode.SelectRead)) continue;
            EndPoint source = from;
            int n;
            try
            {
                n = _socket.ReceiveFrom(_buffer, ref source);
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable from a known-peer port nobody listens on
            }

            var info = ParseReply(_buffer.AsSpan(0, n), queryId, (IPEndPoint)source);
            if (info is null || found.ContainsKey(info.Uid)) continue;
            found[info.Uid] = info;
            order.Add(info.Uid);
        }

        var result = new List<LslStreamInfo>(order.Count);
        foreach (string uid in order) result.Add(found[uid]);
        return result;
    }

    private void SendWave(byte[] datagram)
    {
        foreach (var (target, local) in _targets)
        {
            try
            {
                if (local is not null)
                    _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
                _socket.SendTo(datagram, target);
            }
            catch (SocketException e)
            {
                string failure = $"{target} ({e.SocketErrorCode})";
                if (!SendFailures.Contains(failure)) SendFailures.Add(failure);
            }
        }
    }

    // "<query-id> CRLF <shortinfo XML>": the id line must match; the address comes from the datagram's source.
    private LslStreamInfo? ParseReply(ReadOnlySpan<byte> reply, string queryId, IPEndPoint source)
    {
        int lf = reply.IndexOf((byte)'\n');
        if (lf < 0) return null;
        if (Encoding.ASCII.GetString(reply[..lf]).TrimEnd() != queryId) return null;
        try
        {
            var info = StreamInfoXml.Parse(Encoding.UTF8.GetString(reply[(lf + 1)..]));
            info.V4Address = (source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address).ToString();
            return info;
        }
        catch (LslInfoException e)
        {
            _log.Write(LslLogLevel.Warning, $"discovery reply from {source} ignored: {e.Message}");
            return null;
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
