using System.Net;
using System.Net.Sockets;
using NeuroRT.Plugins.Udp;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>Destinations (IPv4, IPv6, names) and what happens when nobody listens.</summary>
public sealed class UdpNetworkTests
{
    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void IPv6_loopback_receives_the_datagrams(string host)
    {
        using var receiver = new UdpReceiver(IPAddress.IPv6Loopback);
        using var output = new UdpOutput { Host = host, Port = receiver.Port };
        output.Open(new FakeHost("a"));
        Assert.Equal(AddressFamily.InterNetworkV6, output.Endpoint!.AddressFamily);
        output.Send(new Command("a", new float[] { 2f }, 2f, 1, 0, 0, 0));
        var message = OscDecoder.Decode(receiver.Receive());
        Assert.Equal("/neurort/a", message.Address);
        Assert.Equal(new object[] { 2f }, message.Arguments);
    }

    [Fact]
    public void A_host_name_is_resolved_once_at_open()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Host = "localhost", Port = receiver.Port };
        output.Open(new FakeHost("a"));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, receiver.Port), output.Endpoint);
        output.Send(new Command("a", new float[] { 1f }, 1f, 1, 0, 0, 0));
        Assert.Equal("/neurort/a", OscDecoder.Decode(receiver.Receive()).Address);
    }

    [Fact]
    public void An_unresolvable_host_is_a_clear_error_at_open()
    {
        using var output = new UdpOutput { Host = "no-such-host.invalid", Port = 9000 };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost("a")));
        Assert.Equal("host", e.Parameter);
        Assert.Contains("cannot resolve host 'no-such-host.invalid'", e.Message);
    }

    [Fact]
    public void Sending_to_a_closed_port_is_counted_and_logged_once_not_thrown()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;

        var host = new FakeHost("a");
        using var output = new UdpOutput { Port = port };
        output.Open(host);
        var command = new Command("a", new float[] { 1f }, 1f, 1, 0, 0, 0);
        // The ICMP "port unreachable" of one datagram fails a later send on the connected socket.
        for (int i = 0; i < 500 && host.Counter(UdpOutput.SendErrorsCounter) < 3; i++)
        {
            output.Send(command);
            Thread.Sleep(5);
        }

        Assert.True(host.Counter(UdpOutput.SendErrorsCounter) >= 3, "no send error was counted");
        var warning = Assert.Single(host.Lines, l => l.Level == PluginLogLevel.Warning);
        Assert.Contains($"127.0.0.1:{port}", warning.Message);
        Assert.Contains("ConnectionRefused", warning.Message);
    }
}
