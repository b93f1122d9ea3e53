using System.Net;
using System.Text;
using System.Text.Json;
using NeuroRT.Plugins.Udp;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>JSON datagrams as a receiver on loopback gets them, parsed with System.Text.Json.</summary>
public sealed class UdpJsonTests
{
    [Fact]
    public void A_datagram_is_one_object_with_every_field()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Format = "json" };
        output.Open(new FakeHost("left", "right"));

        output.Send(new Command("left", new float[] { 0.25f, 0.75f }, 0.75f, 2.5, 3, 0.001, 0));
        byte[] datagram = receiver.Receive();
        Assert.Equal("{\"name\":\"left\",\"values\":{\"left\":0.25,\"right\":0.75},\"confidence\":0.75,\"timestamp\":2.5,\"sequence\":3,\"latency_ms\":1}",
            Encoding.UTF8.GetString(datagram));
    }

    [Fact]
    public void Numbers_round_trip_and_non_finite_ones_are_null()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Format = "JSON" };
        output.Open(new FakeHost("left", "right", "rest"));

        float[] values = [0.1f, 1f / 3, float.NaN];
        output.Send(new Command("right", values, float.NaN, 12345.678901234567, long.MaxValue, 0.0123456789, 0));
        byte[] datagram = receiver.Receive();
        Assert.Equal((byte)'}', datagram[^1]);

        using var json = JsonDocument.Parse(datagram);
        var root = json.RootElement;
        Assert.Equal("right", root.GetProperty("name").GetString());
        var parsed = root.GetProperty("values");
        Assert.Equal(0.1f, parsed.GetProperty("left").GetSingle());
        Assert.Equal(1f / 3, parsed.GetProperty("right").GetSingle());
        Assert.Equal(JsonValueKind.Null, parsed.GetProperty("rest").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("confidence").ValueKind);
        Assert.Equal(12345.678901234567, root.GetProperty("timestamp").GetDouble());
        Assert.Equal(long.MaxValue, root.GetProperty("sequence").GetInt64());
        Assert.Equal(0.0123456789 * 1000, root.GetProperty("latency_ms").GetDouble());
    }

    [Fact]
    public void Names_are_escaped_and_UTF8()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Format = "json" };
        output.Open(new FakeHost("gauche \"é\"", "droite"));
        output.Send(new Command("gauche \"é\"", new float[] { 1, 0 }, 1, 1, 0, 0, 0));
        byte[] datagram = receiver.Receive();
        using var json = JsonDocument.Parse(datagram);
        Assert.Equal("gauche \"é\"", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(1f, json.RootElement.GetProperty("values").GetProperty("gauche \"é\"").GetSingle());
        Assert.Contains("é", Encoding.UTF8.GetString(datagram));
    }

    [Fact]
    public void The_latency_adds_the_outputs_own_delay_since_the_command_was_emitted()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Format = "json" };
        output.Open(new FakeHost("a"));
        long emitted = System.Diagnostics.Stopwatch.GetTimestamp() - System.Diagnostics.Stopwatch.Frequency / 10;
        output.Send(new Command("a", new float[] { 1 }, 1, 1, 0, 0.004, emitted));
        using var json = JsonDocument.Parse(receiver.Receive());
        // 4 ms in the pipeline plus 100 ms since emission; generous bound for a loaded machine.
        Assert.InRange(json.RootElement.GetProperty("latency_ms").GetDouble(), 104, 5000);
    }
}
