using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NeuroRT.Lsl.Config;

/// <summary>How much of the network discovery reaches (liblsl's <c>multicast.ResolveScope</c>).</summary>
public enum ResolveScope
{
    /// <summary>This host only (127.0.0.1).</summary>
    Machine,
    /// <summary>The local link (broadcast, 224.0.0.1, 224.0.0.183).</summary>
    Link,
    /// <summary>The site (239.255.172.215); liblsl's default.</summary>
    Site,
    /// <summary>Organisation-wide groups (none by default).</summary>
    Organization,
    /// <summary>Global groups (none by default).</summary>
    Global,
}

/// <summary>
/// LSL network settings with liblsl's keys and defaults (spec §2), loaded from an
/// <c>lsl_api.cfg</c>-compatible file found the way liblsl finds it: <c>$LSLAPICFG</c>, then
/// <c>./lsl_api.cfg</c>, <c>~/lsl_api/lsl_api.cfg</c>, <c>/etc/lsl_api/lsl_api.cfg</c>; the first file
/// found wins. Immutable once built; tests build their own with isolated ports and session ids.
/// IPv4 is served and resolved: streams advertise IPv6 ports 0, so liblsl inlets connect over IPv4.
/// </summary>
public sealed record LslConfig
{
    /// <summary>The settings of a host without any config file.</summary>
    public static readonly LslConfig Defaults = new();

    private static readonly Lazy<LslConfig> Loaded = new(() => Load(null));

    /// <summary>The configuration found on this host (as liblsl would find it), read once.</summary>
    public static LslConfig Current => Loaded.Value;

    /// <summary>File it was read from (null = built-in defaults).</summary>
    public string? SourceFile { get; init; }

    /// <summary><c>ports.MulticastPort</c>: UDP port of discovery.</summary>
    public int MulticastPort { get; init; } = 16571;

    /// <summary><c>ports.BasePort</c>: first port of the data/service/resolver range.</summary>
    public int BasePort { get; init; } = 16572;

    /// <summary><c>ports.PortRange</c>: ports tried from BasePort.</summary>
    public int PortRange { get; init; } = 32;

    /// <summary><c>ports.AllowRandomPorts</c>: bind an OS-chosen port when the range is full.</summary>
    public bool AllowRandomPorts { get; init; } = true;

    /// <summary><c>ports.IPv6</c> as written (<c>allow</c>, <c>disable</c>, <c>force</c>). NeuroRT serves IPv4; <c>force</c> is refused.</summary>
    public string IPv6 { get; init; } = "allow";

    /// <summary><c>multicast.ResolveScope</c>.</summary>
    public ResolveScope Scope { get; init; } = ResolveScope.Site;

    /// <summary><c>multicast.ListenAddress</c>: local address discovery responders bind to (empty = any).</summary>
    public string ListenAddress { get; init; } = "";

    /// <summary><c>multicast.MachineAddresses</c>.</summary>
    public string[] MachineAddresses { get; init; } = ["127.0.0.1"];

    /// <summary><c>multicast.LinkAddresses</c>.</summary>
    public string[] LinkAddresses { get; init; } = ["255.255.255.255", "224.0.0.1", "224.0.0.183"];

    /// <summary><c>multicast.SiteAddresses</c>.</summary>
    public string[] SiteAddresses { get; init; } = ["239.255.172.215"];

    /// <summary><c>multicast.OrganizationAddresses</c>.</summary>
    public string[] OrganizationAddresses { get; init; } = [];

    /// <summary><c>multicast.GlobalAddresses</c>.</summary>
    public string[] GlobalAddresses { get; init; } = [];

    /// <summary><c>multicast.AddressesOverride</c>: replaces the whole list when not empty.</summary>
    public string[] AddressesOverride { get; init; } = [];

    /// <summary><c>multicast.TTLOverride</c> (-1 = the scope's TTL).</summary>
    public int TtlOverride { get; init; } = -1;

    /// <summary><c>multicast.Interfaces</c>: local interface addresses to join/send on (empty = all up, multicast-capable).</summary>
    public string[] Interfaces { get; init; } = [];

    /// <summary><c>lab.KnownPeers</c>: hosts queried by unicast on every port of the range.</summary>
    public string[] KnownPeers { get; init; } = [];

    /// <summary><c>lab.SessionID</c>.</summary>
    public string SessionId { get; init; } = "default";

    /// <summary><c>tuning.UseProtocolVersion</c> (capped at 110; 100 forces the old data format).</summary>
    public int UseProtocolVersion { get; init; } = 110;

    /// <summary><c>tuning.WatchdogCheckInterval</c> in seconds.</summary>
    public double WatchdogCheckInterval { get; init; } = 15.0;

    /// <summary><c>tuning.WatchdogTimeThreshold</c> in seconds: silence after which an inlet re-resolves.</summary>
    public double WatchdogTimeThreshold { get; init; } = 15.0;

    /// <summary><c>tuning.MulticastMinRTT</c>: spacing of discovery waves.</summary>
    public double MulticastMinRtt { get; init; } = 0.5;

    /// <summary><c>tuning.MulticastMaxRTT</c>: how long a wave listens.</summary>
    public double MulticastMaxRtt { get; init; } = 3.0;

    /// <summary><c>tuning.UnicastMinRTT</c>.</summary>
    public double UnicastMinRtt { get; init; } = 0.75;

    /// <summary><c>tuning.UnicastMaxRTT</c>.</summary>
    public double UnicastMaxRtt { get; init; } = 5.0;

    /// <summary><c>tuning.ContinuousResolveInterval</c>.</summary>
    public double ContinuousResolveInterval { get; init; } = 0.5;

    /// <summary><c>tuning.MaxCachedQueries</c>.</summary>
    public int MaxCachedQueries { get; init; } = 100;

    /// <summary><c>tuning.TimeUpdateInterval</c>: seconds between time-correction rounds.</summary>
    public double TimeUpdateInterval { get; init; } = 2.0;

    /// <summary><c>tuning.TimeUpdateMinProbes</c>: replies a round needs.</summary>
    public int TimeUpdateMinProbes { get; init; } = 6;

    /// <summary><c>tuning.TimeProbeCount</c>: probes per round.</summary>
    public int TimeProbeCount { get; init; } = 8;

    /// <summary><c>tuning.TimeProbeInterval</c>: seconds between probes.</summary>
    public double TimeProbeInterval { get; init; } = 0.064;

    /// <summary><c>tuning.TimeProbeMaxRTT</c>: extra wait before a round is evaluated.</summary>
    public double TimeProbeMaxRtt { get; init; } = 0.128;

    /// <summary><c>tuning.SmoothingHalftime</c>: inlet dejitter half-time in seconds.</summary>
    public double SmoothingHalftime { get; init; } = 90;

    /// <summary><c>tuning.ForceDefaultTimestamps</c>: the outlet stamps every sample with its clock.</summary>
    public bool ForceDefaultTimestamps { get; init; }

    /// <summary><c>tuning.SendSocketBufferSize</c> (0 = OS default).</summary>
    public int SendSocketBufferSize { get; init; }

    /// <summary><c>tuning.ReceiveSocketBufferSize</c> (0 = OS default).</summary>
    public int ReceiveSocketBufferSize { get; init; }

    /// <summary>TTL (hop limit) of multicast queries and responders for the scope.</summary>
    public int MulticastTtl => TtlOverride >= 0 ? TtlOverride : Scope switch
    {
        ResolveScope.Machine => 0,
        ResolveScope.Link => 1,
        ResolveScope.Site => 24,
        ResolveScope.Organization => 32,
        _ => 255,
    };

    /// <summary>IPv4 discovery addresses for the scope (each scope includes the narrower ones), or the override.</summary>
    public IPAddress[] DiscoveryAddresses()
    {
        var names = new List<string>();
        if (AddressesOverride.Length > 0) names.AddRange(AddressesOverride);
        else
        {
            names.AddRange(MachineAddresses);
            if (Scope >= ResolveScope.Link) names.AddRange(LinkAddresses);
            if (Scope >= ResolveScope.Site) names.AddRange(SiteAddresses);
            if (Scope >= ResolveScope.Organization) names.AddRange(OrganizationAddresses);
            if (Scope >= ResolveScope.Global) names.AddRange(GlobalAddresses);
        }

        var addresses = new List<IPAddress>();
        foreach (string name in names)
        {
            if (IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetwork && !addresses.Contains(address))
                addresses.Add(address);
        }

        return addresses.ToArray();
    }

    /// <summary>Finds and reads the config file as liblsl does (or <paramref name="explicitFile"/> when given).</summary>
    public static LslConfig Load(string? explicitFile)
    {
        foreach (string? candidate in Candidates(explicitFile))
        {
            if (candidate is null || !File.Exists(candidate)) continue;
            return FromContent(File.ReadAllText(candidate), candidate);
        }

        if (explicitFile is not null) throw new LslConfigException($"{explicitFile}: LSL config file not found");
        return Defaults;
    }

    private static IEnumerable<string?> Candidates(string? explicitFile)
    {
        if (explicitFile is not null)
        {
            yield return explicitFile;
            yield break;
        }

        yield return Environment.GetEnvironmentVariable("LSLAPICFG");
        yield return Path.Combine(Environment.CurrentDirectory, "lsl_api.cfg");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, "lsl_api", "lsl_api.cfg");
        yield return "/etc/lsl_api/lsl_api.cfg";
    }

    /// <summary>Builds a config from INI text; <paramref name="source"/> names it in errors.</summary>
    public static LslConfig FromContent(string content, string source)
    {
        var v = IniFile.Parse(content, source);
        var c = new LslConfig { SourceFile = source };
        c = c with
        {
            MulticastPort = Int(v, "ports.MulticastPort", c.MulticastPort, source, 1, 65535),
            BasePort = Int(v, "ports.BasePort", c.BasePort, source, 1, 65535),
            PortRange = Int(v, "ports.PortRange", c.PortRange, source, 1, 65535),
            AllowRandomPorts = Bool(v, "ports.AllowRandomPorts", c.AllowRandomPorts, source),
            IPv6 = Str(v, "ports.IPv6", c.IPv6),
            Scope = ScopeOf(Str(v, "multicast.ResolveScope", "site"), source),
            ListenAddress = Str(v, "multicast.ListenAddress", c.ListenAddress),
            MachineAddresses = Set(v, "multicast.MachineAddresses", c.MachineAddresses),
            LinkAddresses = Set(v, "multicast.LinkAddresses", c.LinkAddresses),
            SiteAddresses = Set(v, "multicast.SiteAddresses", c.SiteAddresses),
            OrganizationAddresses = Set(v, "multicast.OrganizationAddresses", c.OrganizationAddresses),
            GlobalAddresses = Set(v, "multicast.GlobalAddresses", c.GlobalAddresses),
            AddressesOverride = Set(v, "multicast.AddressesOverride", c.AddressesOverride),
            TtlOverride = Int(v, "multicast.TTLOverride", c.TtlOverride, source, -1, 255),
            Interfaces = Set(v, "multicast.Interfaces", c.Interfaces),
            KnownPeers = Set(v, "lab.KnownPeers", c.KnownPeers),
            SessionId = Str(v, "lab.SessionID", c.SessionId),
            UseProtocolVersion = Math.Min(110, Int(v, "tuning.UseProtocolVersion", c.UseProtocolVersion, source, 100, 1000)),
            WatchdogCheckInterval = Dbl(v, "tuning.WatchdogCheckInterval", c.WatchdogCheckInterval, source),
            WatchdogTimeThreshold = Dbl(v, "tuning.WatchdogTimeThreshold", c.WatchdogTimeThreshold, source),
            MulticastMinRtt = Dbl(v, "tuning.MulticastMinRTT", c.MulticastMinRtt, source),
            MulticastMaxRtt = Dbl(v, "tuning.MulticastMaxRTT", c.MulticastMaxRtt, source),
            UnicastMinRtt = Dbl(v, "tuning.UnicastMinRTT", c.UnicastMinRtt, source),
            UnicastMaxRtt = Dbl(v, "tuning.UnicastMaxRTT", c.UnicastMaxRtt, source),
            ContinuousResolveInterval = Dbl(v, "tuning.ContinuousResolveInterval", c.ContinuousResolveInterval, source),
            MaxCachedQueries = Int(v, "tuning.MaxCachedQueries", c.MaxCachedQueries, source, 0, 1_000_000),
            TimeUpdateInterval = Dbl(v, "tuning.TimeUpdateInterval", c.TimeUpdateInterval, source),
            TimeUpdateMinProbes = Int(v, "tuning.TimeUpdateMinProbes", c.TimeUpdateMinProbes, source, 1, 1000),
            TimeProbeCount = Int(v, "tuning.TimeProbeCount", c.TimeProbeCount, source, 1, 1000),
            TimeProbeInterval = Dbl(v, "tuning.TimeProbeInterval", c.TimeProbeInterval, source),
            TimeProbeMaxRtt = Dbl(v, "tuning.TimeProbeMaxRTT", c.TimeProbeMaxRtt, source),
            SmoothingHalftime = Dbl(v, "tuning.SmoothingHalftime", c.SmoothingHalftime, source),
            ForceDefaultTimestamps = Bool(v, "tuning.ForceDefaultTimestamps", c.ForceDefaultTimestamps, source),
            SendSocketBufferSize = Int(v, "tuning.SendSocketBufferSize", c.SendSocketBufferSize, source, 0, int.MaxValue),
            ReceiveSocketBufferSize = Int(v, "tuning.ReceiveSocketBufferSize", c.ReceiveSocketBufferSize, source, 0, int.MaxValue),
        };
        if (c.ListenAddress.Length > 0 && !System.Net.IPAddress.TryParse(c.ListenAddress, out _))
            throw new LslConfigException($"{source}: multicast.ListenAddress = {c.ListenAddress}: expected an IP address of this host (or nothing)");
        if (c.IPv6 is "force" or "forced")
            throw new LslConfigException($"{source}: ports.IPv6 = {c.IPv6}: NeuroRT serves LSL over IPv4 only; use 'allow' or 'disable'");
        return c;
    }

    private static string Str(Dictionary<string, string> v, string key, string fallback) => v.TryGetValue(key, out var s) ? s : fallback;

    private static string[] Set(Dictionary<string, string> v, string key, string[] fallback) => v.TryGetValue(key, out var s) ? IniFile.ParseSet(s) : fallback;

    private static int Int(Dictionary<string, string> v, string key, int fallback, string source, int min, int max)
    {
        if (!v.TryGetValue(key, out var s)) return fallback;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new LslConfigException($"{source}: {key} = {s}: expected an integer in {min}..{max}");
        return value;
    }

    private static double Dbl(Dictionary<string, string> v, string key, double fallback, string source)
    {
        if (!v.TryGetValue(key, out var s)) return fallback;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0))
            throw new LslConfigException($"{source}: {key} = {s}: expected a number of seconds >= 0");
        return value;
    }

    private static bool Bool(Dictionary<string, string> v, string key, bool fallback, string source)
    {
        if (!v.TryGetValue(key, out var s)) return fallback;
        return s.ToLowerInvariant() switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new LslConfigException($"{source}: {key} = {s}: expected true or false"),
        };
    }

    private static ResolveScope ScopeOf(string text, string source) => text switch
    {
        "machine" => ResolveScope.Machine,
        "link" => ResolveScope.Link,
        "site" => ResolveScope.Site,
        "organization" => ResolveScope.Organization,
        "global" => ResolveScope.Global,
        _ => throw new LslConfigException($"{source}: multicast.ResolveScope = {text}: expected machine, link, site, organization or global"),
    };
}
