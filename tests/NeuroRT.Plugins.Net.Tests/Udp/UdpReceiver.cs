using System.Net;
using System.Net.Sockets;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>A UDP socket on a free loopback port that the test reads datagrams from (5 s at most each).</summary>
public sealed class UdpReceiver : IDisposable
{
    private readonly UdpClient _client;

    public UdpReceiver(IPAddress loopback)
    {
        _client = new UdpClient(new IPEndPoint(loopback, 0));
        _client.Client.ReceiveTimeout = 5000;
        Port = ((IPEndPoint)_client.Client.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public byte[] Receive()
    {
        var from = new IPEndPoint(IPAddress.IPv6Any, 0);
        return _client.Receive(ref from);
    }

    public void Dispose() => _client.Dispose();
}
