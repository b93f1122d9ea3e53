using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.TimeSync;

namespace NeuroRT.Lsl.Tests.Loopback;

public sealed class TimeAndDiscoveryTests
{
    // A service port whose clock runs 5 s ahead of ours and takes 2 ms to answer: the correction must be -5 s,
    // taken from the fastest probe, whatever the slow ones say.
    [Fact]
    public void Time_correction_measures_a_remote_clock_offset_from_the_fastest_probe()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int probes = 0;
        var thread = new Thread(() =>
        {
            var buffer = new byte[512];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (true)
                {
                    int n = server.ReceiveFrom(buffer, ref from);
                    double t1 = LslClock.Now + 5.0;
                    string[] parts = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[1].Split(' ');
                    // Every other probe is held back 30 ms (a congested network): it must not win.
                    Thread.Sleep(++probes % 2 == 0 ? 30 : 2);
                    double t2 = LslClock.Now + 5.0;
                    server.SendTo(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {parts[0]} {parts[1]} {t1:R} {t2:R}")), from);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }) { IsBackground = true };
        thread.Start();

        var config = TestNet.Config();
        using var client = new TimeCorrectionClient((IPEndPoint)server.LocalEndPoint!, config);
        Assert.True(client.RunRound());
        Assert.Equal(-5.0, client.Correction, 3);
        Assert.True(client.Uncertainty < 0.02, $"uncertainty {client.Uncertainty}");
        // Within half a second of the remote clock (precision 0 would round both sides, and fail whenever they straddle a .5).
        double remote = client.RemoteTime, expected = LslClock.Now + 5.0;
        Assert.True(Math.Abs(remote - expected) < 0.5, $"remote time {remote} vs the remote clock {expected}");
        Assert.True(client.WaitValid(5));
        var watch = Stopwatch.StartNew();
        while (client.Rounds < 3 && watch.Elapsed.TotalSeconds < 10) Thread.Sleep(20);
        Assert.True(client.Rounds >= 3, "rounds repeat every TimeUpdateInterval");
    }

    [Fact]
    public void A_silent_service_port_gives_no_estimate()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TimeCorrectionClient((IPEndPoint)silent.LocalEndPoint!, TestNet.Config());
        Assert.False(client.RunRound());
        Assert.False(client.IsValid);
        Assert.Equal(1, client.FailedRounds);
    }

    [Fact]
    public void Several_outlets_share_the_discovery_port_and_known_peers_find_them_all()
    {
        var config = TestNet.Config(c => c with { AddressesOverride = ["127.0.0.1"], KnownPeers = ["127.0.0.1"] });
        var outlets = new List<LslOutlet>();
        try
        {
            for (int i = 0; i < 3; i++)
                outlets.Add(new LslOutlet(new LslStreamInfo { Name = $"shared-{i}", ChannelCount = 1, NominalRate = 10, SourceId = $"s{i}" }, new LslOutletOptions { Config = config, Log = new CollectingLog() }));
            using var resolver = new LslResolver(config);
            var found = resolver.Resolve(StreamQuery.All(config.SessionId), 3, 5);
            Assert.Equal(3, found.Count);
            Assert.Equal(new[] { "shared-0", "shared-1", "shared-2" }, found.Select(f => f.Name).Order());
            // Each stream once, whatever the number of replies (de-duplicated by uid).
            Assert.Equal(3, found.Select(f => f.Uid).Distinct().Count());
        }
        finally
        {
            foreach (var outlet in outlets) outlet.Dispose();
        }
    }

    [Fact]
    public void Resolving_a_stream_that_is_not_there_ends_at_the_timeout()
    {
        using var resolver = new LslResolver(TestNet.Config());
        var watch = Stopwatch.StartNew();
        var found = resolver.Resolve(StreamQuery.ByProperty("nobody", "name", "absent"), 1, 0.6);
        Assert.Empty(found);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.55, 3);
    }

    [Fact]
    public void Dejitter_recovers_a_regular_clock_from_jittered_timestamps()
    {
        var dejitter = new Dejitter(500, 10);
        var random = new Random(3);
        double worstLate = 0;
        for (int i = 0; i < 20_000; i++)
        {
            double truth = 100 + i / 500.0;
            double smoothed = dejitter.Next(truth + random.NextDouble() * 0.004); // up to 4 ms of arrival jitter
            if (i > 5000) worstLate = Math.Max(worstLate, Math.Abs(smoothed - (truth + 0.002)));
        }

        // The fit removes the jitter down to well under its 4 ms spread (the mean 2 ms delay remains, as in liblsl).
        Assert.True(worstLate < 0.0005, $"residual {worstLate * 1000:0.000} ms");
    }

    [Fact]
    public void Answering_repeated_discovery_queries_and_time_probes_allocates_nothing()
    {
        // A stream browser (LabRecorder, neurort streams) queries every second all day; the serving process must not GC for it.
        var config = TestNet.Config();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "quiet", ChannelCount = 1, NominalRate = 10, SourceId = "q" }, new LslOutletOptions { Config = config, Log = new CollectingLog() });
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        var query = Encoding.ASCII.GetBytes($"LSL:shortinfo\r\nsession_id='{config.SessionId}' and name='quiet'\r\n{port} 42\r\n");
        var probe = Encoding.ASCII.GetBytes("LSL:timedata\r\n5 1.25\r\n");
        var buffer = new byte[4096];
        int replies = 0;
        for (int i = 0; i < 300; i++)
        {
            receiver.SendTo(i % 2 == 0 ? query : probe, new IPEndPoint(IPAddress.Loopback, i % 4 == 0 ? config.MulticastPort : outlet.Info.V4ServicePort));
            if (receiver.Poll(500_000, SelectMode.SelectRead)) { receiver.Receive(buffer); replies++; }
        }

        Assert.True(replies >= 290, $"{replies} replies to 300 datagrams");
        Assert.Equal(0, outlet.ResponderAllocatedBytes);
    }
}
