using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Lsl.Net;

/// <summary>Socket chores shared by outlets and inlets: ports in the configured range, address reuse, interfaces.</summary>
internal static class SocketSetup
{
    /// <summary>Binds <paramref name="socket"/> to the first free port of BasePort..BasePort+PortRange-1 (then an OS port if allowed), as liblsl does.</summary>
    public static int BindInRange(Socket socket, LslConfig config, IPAddress address)
    {
        for (int i = 0; i < config.PortRange; i++)
        {
            int port = config.BasePort + i;
            if (port > 65535) break;
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
            }
        }

        if (!config.AllowRandomPorts)
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>SO_REUSEADDR only (what liblsl sets on its discovery sockets), so NeuroRT and liblsl outlets share the multicast port.</summary>
    public static void ReuseAddress(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            // .NET's ReuseAddress option may add SO_REUSEPORT on Unix; liblsl sets SO_REUSEADDR alone, and sockets sharing a port should agree.
            const int SolSocket = 1, SoReuseAddr = 2;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }

    /// <summary>Local IPv4 addresses to join and send multicast on: the configured ones, or every up, multicast-capable interface.</summary>
    public static IReadOnlyList<IPAddress> MulticastInterfaces(LslConfig config)
    {
        var result = new List<IPAddress>();
        if (config.Interfaces.Length > 0)
        {
            foreach (string name in config.Interfaces)
                if (IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetwork) result.Add(address);
            return result;
        }

        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback) continue;
                if (!nic.SupportsMulticast && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback) continue;
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork) result.Add(unicast.Address);
            }
        }
        catch (NetworkInformationException)
        {
        }

        return result;
    }

    /// <summary>True for 224.0.0.0/4.</summary>
    public static bool IsMulticast(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork) return address.IsIPv6Multicast;
        byte first = address.GetAddressBytes()[0];
        return first >= 224 && first <= 239;
    }

    /// <summary>
    /// Connects a TCP socket synchronously within <paramref name="timeoutSeconds"/>, cancellable. Deliberately not
    /// ConnectAsync: a socket connected asynchronously stays registered with .NET's socket event loop, which then
    /// wakes an event thread and a thread-pool worker for every packet received even though the feed is read
    /// synchronously (measured: 0.34 instead of 0.10 cores at 1 kHz).
    /// </summary>
    public static void Connect(Socket socket, IPEndPoint endpoint, double timeoutSeconds, CancellationToken cancel)
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeoutSeconds * System.Diagnostics.Stopwatch.Frequency);
        socket.Blocking = false;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            while (!socket.Poll(100_000, SelectMode.SelectWrite))
            {
                cancel.ThrowIfCancellationRequested();
                if (socket.Poll(0, SelectMode.SelectError)) break;
                if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
                    throw new TimeoutException($"no TCP connection to {endpoint} within {timeoutSeconds:0.#} s");
            }

            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success) throw new SocketException((int)error);
        }

        socket.Blocking = true;
    }
}
