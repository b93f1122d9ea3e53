using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Lsl.Tests.Config;

public sealed partial class ConfigAndClockTests
{
    [Fact]
    public void Defaults_are_liblsl_defaults()
    {
        var c = LslConfig.Defaults;
        Assert.Equal((16571, 16572, 32, "default", 110), (c.MulticastPort, c.BasePort, c.PortRange, c.SessionId, c.UseProtocolVersion));
        Assert.Equal(24, c.MulticastTtl);
        Assert.Equal(new[] { "127.0.0.1", "255.255.255.255", "224.0.0.1", "224.0.0.183", "239.255.172.215" }, c.DiscoveryAddresses().Select(a => a.ToString()));
        Assert.Equal(new[] { IPAddress.Loopback }, (c with { Scope = ResolveScope.Machine }).DiscoveryAddresses());
        Assert.Equal(0, (c with { Scope = ResolveScope.Machine }).MulticastTtl);
    }

    [Fact]
    public void An_lsl_api_cfg_file_is_read_like_liblsl_reads_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lsl_api_{Guid.NewGuid():N}.cfg");
        File.WriteAllText(path, """
            ; a comment
            [ports]
            MulticastPort = 17000
            BasePort = 17001
            PortRange = 8
            [multicast]
            ResolveScope = link
            AddressesOverride = {127.0.0.1, 224.0.0.183}
            TTLOverride = 3
            [lab]
            SessionID = lab7
            KnownPeers = {10.0.0.5, amp-host}
            [tuning]
            UseProtocolVersion = 100
            use_protocol_version = 110
            TimeProbeCount = 4
            """);
        try
        {
            var c = LslConfig.Load(path);
            Assert.Equal(path, c.SourceFile);
            Assert.Equal((17000, 17001, 8), (c.MulticastPort, c.BasePort, c.PortRange));
            Assert.Equal(ResolveScope.Link, c.Scope);
            Assert.Equal(new[] { "127.0.0.1", "224.0.0.183" }, c.DiscoveryAddresses().Select(a => a.ToString()));
            Assert.Equal(3, c.MulticastTtl);
            Assert.Equal("lab7", c.SessionId);
            Assert.Equal(new[] { "10.0.0.5", "amp-host" }, c.KnownPeers);
            Assert.Equal(100, c.UseProtocolVersion); // the old spelling is ignored, as in liblsl
            Assert.Equal(4, c.TimeProbeCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[ports]\nMulticastPort = 1\nMulticastPort = 2\n", "duplicate key ports.MulticastPort")]
    [InlineData("[ports]\nBasePort = many\n", "ports.BasePort = many")]
    [InlineData("[multicast]\nResolveScope = planet\n", "ResolveScope = planet")]
    [InlineData("[ports\n", "section header")]
    [InlineData("[ports]\nIPv6 = force\n", "IPv4 only")]
    public void Bad_config_files_name_the_line_and_key(string content, string message)
    {
        var e = Assert.Throws<LslConfigException>(() => LslConfig.FromContent(content, "lab.cfg"));
        Assert.Contains("lab.cfg", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_explicit_config_file_is_an_error() =>
        Assert.Contains("not found", Assert.Throws<LslConfigException>(() => LslConfig.Load("/nonexistent/lsl_api.cfg")).Message);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [Fact]
    public void The_lsl_clock_is_clock_monotonic_like_liblsl_on_linux()
    {
        Assert.True(OperatingSystem.IsLinux(), "this check is for Linux, where liblsl's steady_clock is CLOCK_MONOTONIC");
        Assert.Equal(1_000_000_000, Stopwatch.Frequency);
        const int ClockMonotonic = 1;
        double best = double.MaxValue;
        for (int i = 0; i < 20; i++)
        {
            double before = LslClock.Now;
            Assert.Equal(0, ClockGetTime(ClockMonotonic, out var ts));
            double after = LslClock.Now;
            double monotonic = ts.Seconds + ts.Nanoseconds / 1e9;
            best = Math.Min(best, Math.Abs(monotonic - (before + after) / 2));
        }

        Assert.True(best < 1e-4, $"LslClock differs from CLOCK_MONOTONIC by {best * 1e6:0.0} us");
    }
}
