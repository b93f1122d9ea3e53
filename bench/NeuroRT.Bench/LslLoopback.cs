using System.Net;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;

namespace NeuroRT.Bench;

/// <summary>
/// An outlet and a connected inlet of the managed LSL library on one host, on an isolated LSL network:
/// a discovery port and port range of its own (above the Linux ephemeral range and the test suite's
/// ports), discovery over loopback only and a unique session id, so it never sees, nor is seen by,
/// a real LSL program on the machine.
/// </summary>
public sealed class LslLoopback : IDisposable
{
    private LslLoopback(LslConfig config, LslOutlet outlet, LslInlet inlet)
    {
        Config = config;
        Outlet = outlet;
        Inlet = inlet;
    }

    /// <summary>The isolated network settings.</summary>
    public LslConfig Config { get; }

    /// <summary>The sending side.</summary>
    public LslOutlet Outlet { get; }

    /// <summary>The receiving side (opened, handshake done, the outlet counts it as a consumer).</summary>
    public LslInlet Inlet { get; }

    /// <summary>
    /// Creates an outlet for <paramref name="channels"/> x <paramref name="format"/> at <paramref name="rate"/> Hz,
    /// resolves it by name, opens an inlet on it and waits until the outlet sees the consumer.
    /// <paramref name="clockSync"/> as in the <c>lsl</c> pipeline source (which turns it on by default).
    /// </summary>
    public static LslLoopback Open(string name, int channels, ChannelFormat format, double rate, bool clockSync)
    {
        var config = IsolatedConfig();
        ILslLog log = StderrLslLog.Instance;
        var outlet = new LslOutlet(new LslStreamInfo { Name = name, Type = "EEG", ChannelCount = channels, ChannelFormat = format, NominalRate = rate, SourceId = name },
            new LslOutletOptions { Config = config, Log = log });
        try
        {
            IReadOnlyList<LslStreamInfo> found;
            using (var resolver = new LslResolver(config, log))
                found = resolver.Resolve(StreamQuery.ByProperty(config.SessionId, "name", name), 1, 5);
            if (found.Count == 0) throw new InvalidOperationException($"the benchmark's own outlet {name} was not found over loopback within 5 s (port {config.MulticastPort})");
            var inlet = new LslInlet(found[0], new LslInletOptions { Config = config, Log = log, ClockSync = clockSync });
            try
            {
                inlet.Open(5);
                if (clockSync) inlet.TimeCorrection(2);
                if (!outlet.WaitForConsumers(5)) throw new InvalidOperationException($"the outlet {name} saw no consumer within 5 s");
                return new LslLoopback(config, outlet, inlet);
            }
            catch
            {
                inlet.Dispose();
                throw;
            }
        }
        catch
        {
            outlet.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An LSL config of its own: discovery on a free port P in 61000..64999 (outside the Linux ephemeral
    /// range and the tests' 20000..59999), the data/service range from P+1, loopback discovery only, a
    /// fresh session id.
    /// </summary>
    public static LslConfig IsolatedConfig()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = 61000 + Random.Shared.Next(0, 4000 - 40);
            if (!IsFree(port)) continue;
            return LslConfig.Defaults with
            {
                MulticastPort = port,
                BasePort = port + 1,
                PortRange = 32,
                AddressesOverride = ["127.0.0.1"],
                SessionId = $"bench-{Guid.NewGuid():N}",
                MulticastMinRtt = 0.2,
                TimeProbeInterval = 0.01,
                TimeProbeMaxRtt = 0.05,
            };
        }

        throw new InvalidOperationException("no free port pair found in 61000..64999 for an isolated LSL network");
    }

    // The discovery port (UDP) and the first port of the range (UDP service + TCP data) must be free.
    private static bool IsFree(int port)
    {
        try
        {
            using var discovery = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            discovery.Bind(new IPEndPoint(IPAddress.Any, port));
            using var service = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            service.Bind(new IPEndPoint(IPAddress.Any, port + 1));
            using var data = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            data.Bind(new IPEndPoint(IPAddress.Any, port + 1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Closes the inlet, then the outlet.</summary>
    public void Dispose()
    {
        Inlet.Dispose();
        Outlet.Dispose();
    }
}
