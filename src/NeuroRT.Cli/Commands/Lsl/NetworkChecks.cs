using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>Outcome of one check of <c>neurort doctor</c>.</summary>
internal enum CheckResult
{
    Ok,
    Warning,
    Failed,
    Info,
}

/// <summary>One check: what was tried, what happened, and (when it did not work) the likely cause and the fix.</summary>
internal sealed record Check(CheckResult Result, string What, string Outcome, string Cause = "", string Fix = "");

/// <summary>A local network interface as the doctor reports it.</summary>
internal sealed record InterfaceState(string Name, bool Up, bool Loopback, bool Multicast, IReadOnlyList<IPAddress> V4Addresses);

/// <summary>
/// The network checks of <c>neurort doctor</c>, each one a thing an LSL program does: bind the discovery port with
/// address reuse, bind ports of the data range, and find a stream through each kind of discovery destination.
/// </summary>
internal static class NetworkChecks
{
    /// <summary>Seconds each discovery round trip may take.</summary>
    public const double DiscoveryTimeoutSeconds = 1.5;

    /// <summary>UDP MulticastPort, bound as an outlet's discovery responder binds it (SO_REUSEADDR, ListenAddress or any).</summary>
    public static Check MulticastPort(LslConfig config)
    {
        int port = config.MulticastPort;
        var listen = config.ListenAddress.Length > 0 && IPAddress.TryParse(config.ListenAddress, out var a) ? a : IPAddress.Any;
        string what = $"UDP {port} (discovery port) on {(listen.Equals(IPAddress.Any) ? "all addresses" : listen.ToString())}";
        bool sharedNow = false;
        using (var alone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            try { alone.Bind(new IPEndPoint(listen, port)); }
            catch (SocketException) { sharedNow = true; }
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            ReuseAddress(socket);
            socket.Bind(new IPEndPoint(listen, port));
            return new Check(CheckResult.Ok, what,
                "can be bound with address reuse, as every LSL outlet does" + (sharedNow ? " (shared right now with LSL programs running on this computer)" : ""));
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => new Check(CheckResult.Failed, what, "is held by a program that does not allow sharing it",
                    "a program that is not an LSL program (or an old one) bound the port without address reuse, so no outlet can answer discovery here",
                    $"find it with: ss -ulpn 'sport = :{port}' ; stop it, or give every LSL program of your lab another port ([ports] MulticastPort in lsl_api.cfg)"),
                SocketError.AddressNotAvailable => new Check(CheckResult.Failed, what, $"cannot be bound: {listen} is not an address of this computer",
                    $"[multicast] ListenAddress = {config.ListenAddress} in {LslNetworkOptions.Describe(config)}",
                    "remove ListenAddress or set it to an address of this computer (see the interfaces below)"),
                _ => new Check(CheckResult.Failed, what, $"cannot be bound ({e.SocketErrorCode}: {e.Message})",
                    "the operating system refuses the port (permissions or a security policy)",
                    "use a port above 1024 ([ports] MulticastPort) or ask your administrator"),
            };
        }
    }

    /// <summary>How many ports of BasePort..BasePort+PortRange-1 can be bound for <paramref name="protocol"/> (TCP data or UDP service/resolver sockets).</summary>
    public static Check PortRange(LslConfig config, ProtocolType protocol)
    {
        int first = config.BasePort, last = Math.Min(65535, config.BasePort + config.PortRange - 1);
        int free = 0, total = last - first + 1;
        for (int port = first; port <= last; port++)
        {
            using var socket = protocol == ProtocolType.Tcp
                ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                free++;
            }
            catch (SocketException)
            {
            }
        }

        string name = protocol == ProtocolType.Tcp ? "TCP" : "UDP";
        string what = $"{name} {first}-{last} ({(protocol == ProtocolType.Tcp ? "data ports: one per outlet" : "service ports: one per outlet and one per resolver")})";
        string outcome = $"{free} of {total} free";
        if (free == total) return new Check(CheckResult.Ok, what, outcome);
        if (free > 0) return new Check(CheckResult.Ok, what, outcome + " (the others are used by LSL programs running now, or were just closed)");
        return config.AllowRandomPorts
            ? new Check(CheckResult.Warning, what, outcome,
                "every port of the range is taken: new outlets and resolvers fall back to random ports, which firewall rules for the range do not cover",
                "close programs you do not need, or enlarge [ports] PortRange in lsl_api.cfg (and the firewall rule)")
            : new Check(CheckResult.Failed, what, outcome,
                "every port of the range is taken and [ports] AllowRandomPorts is false: no new outlet can start",
                "close programs you do not need, or enlarge [ports] PortRange in lsl_api.cfg");
    }

    /// <summary>The IPv4 interfaces of this computer.</summary>
    public static List<InterfaceState> Interfaces()
    {
        var list = new List<InterfaceState>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                bool loopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
                var v4 = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).Where(x => x.AddressFamily == AddressFamily.InterNetwork).ToList();
                list.Add(new InterfaceState(nic.Name, nic.OperationalStatus == OperationalStatus.Up || loopback, loopback, nic.SupportsMulticast || loopback, v4));
            }
        }
        catch (NetworkInformationException)
        {
        }

        return list;
    }

    /// <summary>The interface addresses LSL sends and joins multicast on (as NeuroRT.Lsl chooses them).</summary>
    public static List<IPAddress> MulticastInterfaces(LslConfig config, IReadOnlyList<InterfaceState> interfaces)
    {
        if (config.Interfaces.Length > 0)
            return config.Interfaces.Select(s => IPAddress.TryParse(s, out var x) ? x : null).OfType<IPAddress>().Where(x => x.AddressFamily == AddressFamily.InterNetwork).ToList();
        return interfaces.Where(i => i.Up && i.Multicast).SelectMany(i => i.V4Addresses).ToList();
    }

    /// <summary>A temporary outlet in a private session, found through discovery destinations one at a time.</summary>
    public sealed class TestStream : IDisposable
    {
        private readonly LslOutlet _outlet;

        public TestStream(LslConfig config, ILslLog log)
        {
            string id = Guid.NewGuid().ToString("N")[..12];
            Config = config with { SessionId = $"neurort-doctor-{id}" };
            Name = $"neurort-doctor-{id}";
            _outlet = new LslOutlet(new LslStreamInfo
            {
                Name = Name,
                Type = "Diagnostics",
                ChannelCount = 1,
                ChannelFormat = ChannelFormat.Float32,
                NominalRate = 0,
                SourceId = Name,
            }, new LslOutletOptions { Config = Config, Log = log });
        }

        /// <summary>The private config (the user's settings with a session id of its own).</summary>
        public LslConfig Config { get; }

        public string Name { get; }

        public LslStreamInfo Info => _outlet.Info;

        /// <summary>Resolves the test stream with queries sent only to <paramref name="destination"/> (port MulticastPort); null = only by unicast to the range on 127.0.0.1 (the KnownPeers path).</summary>
        public (bool Found, double Milliseconds, IReadOnlyList<string> SendFailures) FindVia(string? destination, ILslLog log)
        {
            var config = destination is null
                ? Config with { AddressesOverride = [], MachineAddresses = [], LinkAddresses = [], SiteAddresses = [], OrganizationAddresses = [], GlobalAddresses = [], KnownPeers = ["127.0.0.1"] }
                : Config with { AddressesOverride = [destination], KnownPeers = [] };
            try
            {
                using var resolver = new LslResolver(config, log);
                long start = Stopwatch.GetTimestamp();
                var found = resolver.Resolve(StreamQuery.ByProperty(Config.SessionId, "name", Name), 1, DiscoveryTimeoutSeconds);
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                return (found.Count > 0, ms, resolver.SendFailures.ToList());
            }
            catch (SocketException e)
            {
                return (false, 0, [$"no resolver socket could be opened ({e.SocketErrorCode})"]);
            }
        }

        public void Dispose() => _outlet.Dispose();
    }

    /// <summary>SO_REUSEADDR alone, as liblsl and NeuroRT outlets set it on the discovery port (.NET's option may add SO_REUSEPORT on Linux).</summary>
    private static void ReuseAddress(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            const int SolSocket = 1, SoReuseAddr = 2;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }
}
