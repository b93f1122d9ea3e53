using System.Globalization;

namespace NeuroRT.Testing;

/// <summary>
/// The lsl_api.cfg of one test's own LSL network: a discovery port and the 32 ports after it, discovery over loopback
/// only and a session id of its own, so the test's streams neither see nor are seen by other tests or LSL programs.
/// </summary>
internal static class IsolatedLslConfig
{
    /// <summary>Writes <c>lsl_api.cfg</c> into <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, int multicastPort, string sessionId)
    {
        string path = Path.Combine(folder, "lsl_api.cfg");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            [ports]
            MulticastPort = {multicastPort}
            BasePort = {multicastPort + 1}
            PortRange = 32

            [multicast]
            AddressesOverride = {"{127.0.0.1}"}

            [lab]
            SessionID = {sessionId}
            """));
        return path;
    }
}
