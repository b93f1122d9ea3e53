using System.Diagnostics;
using System.Net;
using NeuroRT.Plugins.Udp;
using NeuroRT.Plugins.Udp.Osc;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>OSC messages as a receiver on loopback gets them, byte for byte.</summary>
public sealed class UdpOscTests
{
    private static readonly byte[] LeftMessage =
    [
        // "/neurort/left": 13 bytes, NUL-padded to 16
        0x2F, 0x6E, 0x65, 0x75, 0x72, 0x6F, 0x72, 0x74, 0x2F, 0x6C, 0x65, 0x66, 0x74, 0x00, 0x00, 0x00,
        // ",ff": 3 bytes, padded to 4
        0x2C, 0x66, 0x66, 0x00,
        // 0.25f, 0.75f big-endian
        0x3E, 0x80, 0x00, 0x00, 0x3F, 0x40, 0x00, 0x00,
    ];

    [Fact]
    public void The_default_message_is_the_address_with_the_name_and_the_values_as_floats()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        var host = new FakeHost("left", "right");
        using var output = new UdpOutput { Port = receiver.Port };
        output.Open(host);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, receiver.Port), output.Endpoint);
        Assert.Equal(",ff", output.TypeTags);

        output.Send(new Command("left", new float[] { 0.25f, 0.75f }, 0.75f, 10.0, 0, 0.001, 0));
        byte[] datagram = receiver.Receive();
        Assert.Equal(LeftMessage, datagram);

        var message = OscDecoder.Decode(datagram);
        Assert.Equal("/neurort/left", message.Address);
        Assert.Equal(",ff", message.TypeTags);
        Assert.Equal(new object[] { 0.25f, 0.75f }, message.Arguments);
        Assert.Equal(1, host.Counter(UdpOutput.SentCounter));
        Assert.Equal(0, host.Counter(UdpOutput.SendErrorsCounter));
    }

    [Fact]
    public void Every_argument_is_encoded_in_list_order()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput
        {
            Port = receiver.Port,
            Address = "/bci",
            Arguments = ["values", "confidence", "sequence", "sequence32", "timestamp", "timetag", "latency", "name"],
        };
        output.Open(new FakeHost("x"));
        Assert.Equal(",ffhidtfs", output.TypeTags);

        output.Send(new Command("x", new float[] { 1.0f }, 1.0f, 0.5, 258, 0.002, 0));
        byte[] datagram = receiver.Receive();
        byte[] tag = new byte[8];
        OscWriter.WriteTimetag(tag, 0, OscWriter.ToTimetag(0.5 + output.NtpOffsetSeconds));
        byte[] expected =
        [
            0x2F, 0x62, 0x63, 0x69, 0x00, 0x00, 0x00, 0x00, // "/bci" + NUL, padded to 8
            0x2C, 0x66, 0x66, 0x68, 0x69, 0x64, 0x74, 0x66, 0x73, 0x00, 0x00, 0x00, // ",ffhidtfs" + NUL, padded to 12
            0x3F, 0x80, 0x00, 0x00, // value 1.0f
            0x3F, 0x80, 0x00, 0x00, // confidence 1.0f
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, // sequence 258, int64
            0x00, 0x00, 0x01, 0x02, // sequence 258, int32
            0x3F, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // timestamp 0.5, float64
            .. tag, // timetag of LSL time 0.5
            0x40, 0x00, 0x00, 0x00, // latency 2.0 ms
            0x78, 0x00, 0x00, 0x00, // name "x"
        ];
        Assert.Equal(expected, datagram);
        Assert.Equal(64, datagram.Length);
        // Sized for the longest name a command can have: "none" takes 8 bytes as an OSC string where "x" takes 4.
        Assert.Equal(68, output.MaxDatagramSize);

        var message = OscDecoder.Decode(datagram);
        Assert.Equal(new object[] { 1.0f, 1.0f, 258L, 258, 0.5, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(tag), 2.0f, "x" }, message.Arguments);
    }

    [Fact]
    public void The_timetag_maps_the_LSL_clock_to_wall_clock_NTP_time()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Arguments = ["timetag"] };
        output.Open(new FakeHost("a"));
        double lslNow = Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        output.Send(new Command("a", new float[] { 1 }, 1, lslNow - 0.25, 0, 0, 0));
        var message = OscDecoder.Decode(receiver.Receive());
        double ntp = OscDecoder.TimetagSeconds((ulong)message.Arguments[0]);
        double wallNtp = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds + 2_208_988_800.0;
        // The data happened a quarter second ago; generous bound for a loaded machine.
        Assert.InRange(wallNtp - ntp, 0.2, 5.0);
    }

    [Fact]
    public void Names_with_reserved_characters_are_sent_with_underscores_and_a_warning()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        var host = new FakeHost("left hand", "right/hand", "ok");
        using var output = new UdpOutput { Port = receiver.Port, Address = "/game/{name}/go" };
        output.Open(host);
        Assert.Equal(2, host.Lines.Count(l => l.Level == PluginLogLevel.Warning));

        output.Send(new Command("left hand", new float[] { 1, 0, 0 }, 1, 1, 0, 0, 0));
        Assert.Equal("/game/left_hand/go", OscDecoder.Decode(receiver.Receive()).Address);
        output.Send(new Command("right/hand", new float[] { 0, 1, 0 }, 1, 1, 1, 0, 0));
        Assert.Equal("/game/right_hand/go", OscDecoder.Decode(receiver.Receive()).Address);
        output.Send(new Command("none", new float[] { 0, 0, 0 }, 0, 1, 2, 0, 0));
        var none = OscDecoder.Decode(receiver.Receive());
        Assert.Equal("/game/none/go", none.Address);
        Assert.Equal(",fff", none.TypeTags);
    }

    [Fact]
    public void A_name_longer_than_every_value_name_is_counted_not_sent()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        var host = new FakeHost("a", "b");
        using var output = new UdpOutput { Port = receiver.Port };
        output.Open(host);
        output.Send(new Command("a-much-longer-name", new float[] { 1, 0 }, 1, 1, 0, 0, 0));
        output.Send(new Command("another-long-name", new float[] { 1, 0 }, 1, 1, 1, 0, 0));
        output.Send(new Command("b", new float[] { 0, 1 }, 1, 1, 2, 0, 0));
        Assert.Equal("/neurort/b", OscDecoder.Decode(receiver.Receive()).Address);
        Assert.Equal(2, host.Counter(UdpOutput.OversizedCounter));
        Assert.Single(host.Lines, l => l.Level == PluginLogLevel.Error);
    }

    [Fact]
    public void Missing_values_are_sent_as_NaN_so_the_type_tags_stay_fixed()
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port, Arguments = ["values", "confidence"] };
        output.Open(new FakeHost("a", "b", "c"));
        output.Send(new Command("none", ReadOnlyMemory<float>.Empty, float.NaN, 1, 0, 0, 0));
        var message = OscDecoder.Decode(receiver.Receive());
        Assert.Equal(",ffff", message.TypeTags);
        Assert.All(message.Arguments, a => Assert.True(float.IsNaN((float)a)));
    }
}
