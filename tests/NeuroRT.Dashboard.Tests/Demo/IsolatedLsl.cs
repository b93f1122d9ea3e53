using NeuroRT.Testing;

namespace NeuroRT.Dashboard.Tests.Demo;

/// <summary>
/// An lsl_api.cfg of one test's own, given to a neurort process through <c>LSLAPICFG</c> (read first, as liblsl
/// reads it): a discovery port and 32-port range no other test of this project picks at the same time, discovery
/// on loopback only and a unique session id, so the demo's stream is neither seen by nor sees any other LSL program
/// on the host.
/// </summary>
internal sealed class IsolatedLsl : IDisposable
{
    // Below the Linux ephemeral range (32768+), 40 ports apart, away from the CLI tests' 20000-31999 and from
    // liblsl's defaults (16571+); the start differs between processes.
    private static int _slot = Random.Shared.Next(0, 60);

    public IsolatedLsl()
    {
        Folder = Directory.CreateTempSubdirectory("neurort-dashboard-lsl-").FullName;
        int port = 12000 + Interlocked.Increment(ref _slot) % 60 * 40;
        BasePort = port + 1;
        SessionId = $"dashboard-test-{Guid.NewGuid():N}";
        ConfigFile = IsolatedLslConfig.Write(Folder, port, SessionId);
    }

    public string Folder { get; }

    public string ConfigFile { get; }

    public string SessionId { get; }

    /// <summary>The first of the 32 ports outlets of this network bind.</summary>
    public int BasePort { get; }

    /// <summary>The environment that makes a neurort process use this config.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["LSLAPICFG"] = ConfigFile };

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
    }
}
