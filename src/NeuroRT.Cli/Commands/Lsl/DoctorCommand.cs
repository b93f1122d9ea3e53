using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;
using Spectre.Console;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// <c>neurort doctor</c>: why can't I see my stream? Shows the LSL settings in use, checks the ports, lists the
/// interfaces, and sends discovery queries through loopback, broadcast, each multicast group and unicast to a
/// temporary test stream in a private session, explaining every failure with its likely cause and fix.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor",
            "check why LSL streams are or are not found: the lsl_api.cfg in use, the LSL ports, the network interfaces, and discovery " +
            "of a temporary test stream via loopback, broadcast, multicast and unicast, with the likely cause and fix of each problem " +
            "(exit 1 when discovery fails even within this computer)");
        var network = new LslNetworkOptions(command, withKnownPeers: true);
        command.SetAction(r =>
        {
            var config = network.Load(r);
            return config is null ? ExitCodes.InvalidInput : Execute(config);
        });
        return command;
    }

    private static int Execute(LslConfig config)
    {
        var o = Consoles.Stdout();
        o.MarkupLine("[bold]neurort doctor[/]: can this computer find and serve LSL streams?");
        WriteSettings(o, config);

        Section(o, "Ports");
        Write(o, NetworkChecks.MulticastPort(config));
        Write(o, NetworkChecks.PortRange(config, ProtocolType.Tcp));
        Write(o, NetworkChecks.PortRange(config, ProtocolType.Udp));

        Section(o, "Network interfaces (IPv4)");
        var interfaces = NetworkChecks.Interfaces();
        var multicastOn = NetworkChecks.MulticastInterfaces(config, interfaces);
        WriteInterfaces(o, config, interfaces, multicastOn);

        bool loopbackOk = WriteDiscovery(o, config, multicastOn, out bool othersOk);
        WriteSessionStreams(o, config);

        o.WriteLine();
        if (!loopbackOk)
        {
            o.MarkupLine("[red]Summary: LSL discovery does not work even within this computer; fix the FAILED items above first.[/]");
            return ExitCodes.LslFailed;
        }

        o.MarkupLine(othersOk
            ? "[green]Summary: discovery works on this computer and through every destination checked.[/] Streams on other computers are found if their firewall lets the same ports through."
            : "[yellow]Summary: discovery works within this computer, but some destinations failed (see above):[/] streams on other computers may stay invisible until those are fixed, or until you list the computers in [lab] KnownPeers.");
        return ExitCodes.Ok;
    }

    private static void WriteSettings(IAnsiConsole o, LslConfig config)
    {
        Section(o, "Settings");
        Item(o, "config file", config.SourceFile ?? "none found (looked for $LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/lsl_api.cfg, /etc/lsl_api/lsl_api.cfg): built-in defaults");
        Item(o, "session id", $"{config.SessionId}  (only streams of this session are visible; [lab] SessionID or --session)");
        Item(o, "discovery port", $"UDP {config.MulticastPort}  ([ports] MulticastPort)");
        Item(o, "data/service ports", $"TCP and UDP {config.BasePort}-{LastPort(config)}  ([ports] BasePort, PortRange {config.PortRange}; random ports when all are taken: {(config.AllowRandomPorts ? "yes" : "no")})");
        Item(o, "resolve scope", $"{config.Scope.ToString().ToLowerInvariant()}  (multicast TTL {config.MulticastTtl})");
        var addresses = config.DiscoveryAddresses();
        Item(o, "discovery addresses", (addresses.Length == 0 ? "none" : string.Join(", ", addresses.Select(a => a.ToString()))) +
                                       (config.AddressesOverride.Length > 0 ? "  ([multicast] AddressesOverride)" : ""));
        Item(o, "listen address", config.ListenAddress.Length > 0 ? config.ListenAddress : "any");
        Item(o, "interfaces", config.Interfaces.Length > 0 ? string.Join(", ", config.Interfaces) : "every interface that is up and multicast-capable");
        Item(o, "known peers", config.KnownPeers.Length > 0 ? string.Join(", ", config.KnownPeers) : "none  (set [lab] KnownPeers or --known-peers where multicast does not get through)");
        Item(o, "firewall must allow", $"UDP {Math.Min(config.MulticastPort, config.BasePort)}-{Math.Max(config.MulticastPort, LastPort(config))} and TCP {config.BasePort}-{LastPort(config)}, in and out");
    }

    private static void WriteInterfaces(IAnsiConsole o, LslConfig config, List<InterfaceState> interfaces, List<IPAddress> multicastOn)
    {
        if (interfaces.Count == 0)
        {
            Write(o, new Check(CheckResult.Warning, "interfaces", "the list of network interfaces could not be read"));
            return;
        }

        foreach (var nic in interfaces)
        {
            string addresses = nic.V4Addresses.Count == 0 ? "no IPv4 address" : string.Join(", ", nic.V4Addresses);
            string state = (nic.Up ? "up" : "down") + (nic.Loopback ? ", loopback" : "") + (nic.Multicast ? ", multicast" : ", no multicast");
            bool used = nic.V4Addresses.Any(multicastOn.Contains);
            Item(o, nic.Name, $"{state}; {addresses}{(used ? "  (LSL sends and joins multicast here)" : "")}");
        }

        if (!interfaces.Any(i => i.Up && !i.Loopback && i.V4Addresses.Count > 0))
            Write(o, new Check(CheckResult.Warning, "network", "only the loopback interface is up with an IPv4 address",
                "this computer is not on a network (cable, Wi-Fi, or a container/VM without network)", "connect it; until then streams are visible on this computer only"));
        if (config.Interfaces.Length > 0)
        {
            foreach (string configured in config.Interfaces)
                if (!interfaces.Any(i => i.V4Addresses.Any(a => a.ToString() == configured)))
                    Write(o, new Check(CheckResult.Failed, $"[multicast] Interfaces: {configured}", "is not an address of this computer",
                        "the config names an interface address this computer does not have", "remove it or use one of the addresses above"));
        }
    }

    // Returns whether the loopback round trip worked; othersOk: every other destination worked too.
    private static bool WriteDiscovery(IAnsiConsole o, LslConfig config, List<IPAddress> multicastOn, out bool othersOk)
    {
        var log = new CollectingLog();
        NetworkChecks.TestStream test;
        try
        {
            test = new NetworkChecks.TestStream(config, log);
        }
        catch (SocketException e)
        {
            Section(o, "Discovery");
            Write(o, new Check(CheckResult.Failed, "test stream", $"could not be started ({e.SocketErrorCode}: {e.Message})",
                "no port of the range could be opened", "see Ports above"));
            othersOk = false;
            return false;
        }

        using (test)
        {
            Section(o, $"Discovery (a temporary test stream '{test.Name}' in a private session, data port TCP {test.Info.V4DataPort}, service port UDP {test.Info.V4ServicePort})");
            var outletWarnings = log.Take();
            foreach (string line in outletWarnings) Write(o, new Check(CheckResult.Warning, "test stream", line));
            var configured = config.DiscoveryAddresses();
            var destinations = new List<IPAddress> { IPAddress.Loopback, IPAddress.Broadcast };
            foreach (var address in configured)
                if (!destinations.Contains(address)) destinations.Add(address);

            bool loopbackOk = false;
            othersOk = true;
            foreach (var destination in destinations)
            {
                var (found, ms, failures) = test.FindVia(destination.ToString(), log);
                bool used = configured.Contains(destination);
                log.Take(); // resolver warnings are covered by the send failures
                var check = Explain(config, destination, found, ms, failures, used, multicastOn, outletWarnings);
                if (destination.Equals(IPAddress.Loopback)) loopbackOk = found;
                else if (!found && used) othersOk = false;
                Write(o, check);
            }

            var (unicast, unicastMs, _) = test.FindVia(null, log);
            log.Take();
            var range = $"UDP {config.BasePort}-{LastPort(config)}";
            Write(o, unicast
                ? new Check(CheckResult.Ok, $"unicast to the service ports ({range} on 127.0.0.1, the KnownPeers path)", $"answered in {unicastMs:0} ms")
                : new Check(CheckResult.Failed, $"unicast to the service ports ({range} on 127.0.0.1, the KnownPeers path)", $"no answer within {NetworkChecks.DiscoveryTimeoutSeconds:0.0} s",
                    $"a firewall drops UDP to {range}", $"allow {range} in the firewall (KnownPeers needs these ports open on the computer with the stream)"));
            if (!unicast) othersOk = false;

            foreach (string peer in config.KnownPeers)
            {
                var check = KnownPeer(config, peer);
                if (check.Result == CheckResult.Failed) othersOk = false;
                Write(o, check);
            }

            return loopbackOk;
        }
    }

    private static Check Explain(LslConfig config, IPAddress destination, bool found, double ms, IReadOnlyList<string> failures, bool used,
        List<IPAddress> multicastOn, IReadOnlyList<string> outletWarnings)
    {
        bool multicast = destination.GetAddressBytes()[0] is >= 224 and <= 239;
        string kind = destination.Equals(IPAddress.Loopback) ? "loopback" : destination.Equals(IPAddress.Broadcast) ? "broadcast" : multicast ? "multicast" : "address";
        string what = $"{kind} {destination}:{config.MulticastPort}";
        string notUsed = used ? "" : " (not one of your discovery addresses, so LSL does not use it with these settings)";
        if (found) return new Check(CheckResult.Ok, what, $"answered in {ms:0} ms{notUsed}");

        string outcome = $"no answer within {NetworkChecks.DiscoveryTimeoutSeconds:0.0} s{notUsed}";
        string sent = failures.Count > 0 ? $"sending failed: {string.Join(", ", failures)}; " : "";
        int low = Math.Min(config.MulticastPort, config.BasePort), high = Math.Max(config.MulticastPort, LastPort(config));
        string allow = $"allow UDP {low}-{high} in the firewall (ufw: sudo ufw allow {low}:{high}/udp; firewalld: sudo firewall-cmd --add-port={low}-{high}/udp; " +
                       "Windows: allow the program in Windows Defender Firewall)";
        string peers = "or list the computers with streams in lsl_api.cfg: [lab] KnownPeers = {host1, host2} (or --known-peers)";
        var result = used ? CheckResult.Failed : CheckResult.Info;
        // A responder bound to one unicast address only gets datagrams sent to that address.
        string listen = config.ListenAddress.Length > 0 ? $"; [multicast] ListenAddress = {config.ListenAddress} makes outlets listen on that address only" : "";
        string unlisten = listen.Length > 0 ? "; remove ListenAddress" : "";
        if (kind == "loopback")
        {
            return new Check(CheckResult.Failed, what, outcome,
                $"{sent}a firewall on this computer drops UDP even on the loopback interface, or the discovery port could not be opened (see Ports){listen}",
                allow + unlisten);
        }

        if (kind == "broadcast")
            return new Check(result, what, outcome,
                $"{sent}broadcasts are dropped (a firewall, or a network without broadcast such as some VPNs, containers and cloud networks){listen}",
                $"{allow}; {peers}{unlisten}");
        if (kind == "multicast")
        {
            string join = outletWarnings.FirstOrDefault(l => l.Contains("multicast group", StringComparison.Ordinal)) is { } j ? $"{j}; " : "";
            string where = multicastOn.Count == 0 ? "no interface is up and multicast-capable; " : "";
            return new Check(result, what, outcome,
                $"{sent}{join}{where}multicast is off on the interface, there is no route for 224.0.0.0/4, or a firewall, Wi-Fi access point or switch filters it{listen}",
                $"check that 'ip link' shows MULTICAST on the interface (sudo ip link set IFACE multicast on) and that 'ip route get {destination}' finds a route " +
                $"(sudo ip route add 224.0.0.0/4 dev IFACE); {allow}; {peers}{unlisten}");
        }

        return new Check(result, what, outcome, $"{sent}nothing at {destination} answers, or a firewall drops UDP {config.MulticastPort}", $"check the address in [multicast] AddressesOverride; {allow}");
    }

    private static Check KnownPeer(LslConfig config, string peer)
    {
        string what = $"known peer {peer}";
        if (!IPAddress.TryParse(peer, out _))
        {
            try
            {
                var addresses = Dns.GetHostAddresses(peer).Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
                if (addresses.Count == 0) return new Check(CheckResult.Failed, what, "has no IPv4 address", "the name resolves to IPv6 only", "give its IPv4 address in KnownPeers");
            }
            catch (SocketException e)
            {
                return new Check(CheckResult.Failed, what, $"cannot be resolved ({e.SocketErrorCode})", "the host name is unknown to DNS or /etc/hosts", "use its IP address in KnownPeers, or fix the name");
            }
        }

        var only = config with { AddressesOverride = [], MachineAddresses = [], LinkAddresses = [], SiteAddresses = [], OrganizationAddresses = [], GlobalAddresses = [], KnownPeers = [peer] };
        var found = FindAll(only);
        if (found.Count > 0)
            return new Check(CheckResult.Ok, what, $"{found.Count} stream{(found.Count == 1 ? "" : "s")} of session '{config.SessionId}' answered: {string.Join(", ", found.Select(s => s.Name).Take(5))}");
        return new Check(CheckResult.Warning, what, $"no stream of session '{config.SessionId}' answered within 1 s",
            $"no outlet runs there now, it uses another session id or port range, or its firewall drops UDP {config.BasePort}-{LastPort(config)}",
            "start the stream there, use the same lsl_api.cfg on both computers, and open the ports on that computer's firewall");
    }

    private static void WriteSessionStreams(IAnsiConsole o, LslConfig config)
    {
        Section(o, $"Streams of your session '{config.SessionId}'");
        var found = FindAll(config);
        Write(o, new Check(CheckResult.Info, "visible now", found.Count == 0
            ? "none within 1 s (start an outlet, e.g. 'neurort lsl send --name Test', and run 'neurort streams')"
            : $"{found.Count}: {string.Join(", ", found.Select(s => $"{s.Name} ({s.Hostname})").Take(8))}{(found.Count > 8 ? ", ..." : "")}  ('neurort streams' shows details)"));
    }

    // Every stream of the session that answers within 1 s (none when no resolver socket can be opened: the port checks say why).
    private static IReadOnlyList<LslStreamInfo> FindAll(LslConfig config)
    {
        try
        {
            using var resolver = new LslResolver(config, new CollectingLog());
            return resolver.Resolve(StreamQuery.All(config.SessionId), int.MaxValue, 1.0, 1.0);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static int LastPort(LslConfig config) => Math.Min(65535, config.BasePort + config.PortRange - 1);

    private static void Section(IAnsiConsole o, string title)
    {
        o.WriteLine();
        o.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
    }

    private static void Item(IAnsiConsole o, string key, string value) =>
        o.MarkupLine($"  [grey]{Markup.Escape(key.PadRight(20))}[/] {Markup.Escape(value)}");

    private static void Write(IAnsiConsole o, Check check)
    {
        var (label, colour) = check.Result switch
        {
            CheckResult.Ok => ("OK", "green"),
            CheckResult.Warning => ("WARNING", "yellow"),
            CheckResult.Failed => ("FAILED", "red"),
            _ => ("INFO", "grey"),
        };
        o.MarkupLine($"  [{colour}]{label,-8}[/] {Markup.Escape(check.What)}: {Markup.Escape(check.Outcome)}");
        if (check.Cause.Length > 0) o.MarkupLine($"           [grey]likely cause:[/] {Markup.Escape(check.Cause)}");
        if (check.Fix.Length > 0) o.MarkupLine($"           [grey]fix:[/] {Markup.Escape(check.Fix)}");
    }

    /// <summary>Collects what the LSL components report, so the doctor can show it next to the check it belongs to.</summary>
    private sealed class CollectingLog : ILslLog
    {
        private readonly List<string> _lines = [];

        public void Write(LslLogLevel level, string message)
        {
            if (level != LslLogLevel.Warning) return;
            lock (_lines) _lines.Add(message);
        }

        public List<string> Take()
        {
            lock (_lines)
            {
                var copy = _lines.ToList();
                _lines.Clear();
                return copy;
            }
        }
    }
}
