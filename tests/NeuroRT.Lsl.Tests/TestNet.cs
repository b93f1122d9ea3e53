using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;

namespace NeuroRT.Lsl.Tests;

/// <summary>
/// An isolated LSL network per test: a discovery port and a 32-port range of its own, a unique session id,
/// and discovery over loopback only, so tests running in parallel (and any real LSL program on the host)
/// never see each other's streams.
/// </summary>
public static class TestNet
{
    private static int _next = Random.Shared.Next(0, 400);

    /// <summary>The one stream of the test's session whose <paramref name="property"/> is <paramref name="value"/> (resolved within 5 s).</summary>
    public static LslStreamInfo Find(LslConfig config, string property, string value)
    {
        using var resolver = new LslResolver(config, new CollectingLog());
        return Assert.Single(resolver.Resolve(StreamQuery.ByProperty(config.SessionId, property, value), 1, 5));
    }

    /// <summary>A fresh isolated config.</summary>
    public static LslConfig Config(Func<LslConfig, LslConfig>? adjust = null)
    {
        int slot = Interlocked.Increment(ref _next) % 400;
        int basePort = 20000 + slot * 100 + (Environment.ProcessId % 7) * 3;
        var config = LslConfig.Defaults with
        {
            MulticastPort = basePort,
            BasePort = basePort + 1,
            PortRange = 32,
            AddressesOverride = ["127.0.0.1"],
            SessionId = $"test-{Guid.NewGuid():N}",
            MulticastMinRtt = 0.2,
            TimeProbeInterval = 0.01,
            TimeProbeMaxRtt = 0.05,
            TimeUpdateInterval = 0.5,
        };
        return adjust is null ? config : adjust(config);
    }
}

/// <summary>Collects log lines for assertions.</summary>
public sealed class CollectingLog : ILslLog
{
    private readonly List<string> _lines = [];

    /// <summary>Lines so far.</summary>
    public string[] Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    /// <inheritdoc />
    public void Write(LslLogLevel level, string message)
    {
        lock (_lines) _lines.Add($"{level}: {message}");
    }
}
