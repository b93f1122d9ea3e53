using System.Net;
using System.Net.Sockets;

namespace NeuroRT.Plugins.Udp.Net;

/// <summary>Turns the <c>host</c>/<c>port</c> parameters into one endpoint, once, at Open.</summary>
public static class Destination
{
    /// <summary>Largest UDP payload over IPv4: 65 535 minus the 8-byte UDP and 20-byte IP headers.</summary>
    public const int MaxDatagram = 65_507;

    /// <summary>
    /// Resolves <paramref name="host"/>: an IPv4 literal, an IPv6 literal (bare or in brackets), or a host name (the
    /// first address the resolver gives, IPv4 preferred so "localhost" means 127.0.0.1). Throws
    /// <see cref="PluginConfigurationException"/> naming the host and the reason.
    /// </summary>
    public static IPEndPoint Resolve(string host, int port)
    {
        if (port is < 1 or > 65535) throw new PluginConfigurationException("port", $"port must be 1..65535, got {port}");
        string text = host.Trim();
        if (text.Length == 0) throw new PluginConfigurationException("host", "host is empty: give an IP address or a host name (default 127.0.0.1)");
        if (text.Length > 2 && text[0] == '[' && text[^1] == ']') text = text[1..^1];
        if (IPAddress.TryParse(text, out var literal)) return new IPEndPoint(literal, port);

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(text);
        }
        catch (SocketException e)
        {
            throw new PluginConfigurationException("host", $"cannot resolve host '{host}': {e.Message} ({e.SocketErrorCode})");
        }
        catch (ArgumentException e)
        {
            throw new PluginConfigurationException("host", $"host '{host}' is not a valid host name: {e.Message}");
        }

        IPAddress? chosen = null;
        foreach (var address in addresses)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork) { chosen = address; break; }
            if (address.AddressFamily == AddressFamily.InterNetworkV6) chosen ??= address;
        }

        if (chosen is null) throw new PluginConfigurationException("host", $"host '{host}' resolved to no IPv4 or IPv6 address");
        return new IPEndPoint(chosen, port);
    }
}
