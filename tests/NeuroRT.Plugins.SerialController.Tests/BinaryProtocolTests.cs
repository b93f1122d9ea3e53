using System.Buffers.Binary;
using NeuroRT.Plugins;
using NeuroRT.Plugins.SerialController.Wire;

namespace NeuroRT.Plugins.SerialController.Tests;

public class BinaryProtocolTests
{
    [Fact]
    public void Int16_little_endian_with_xor_gives_the_frame_computed_by_hand()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["left=0x01", "right=2", "stop=S"];
            o.ValueType = FrameValueType.Int16;
            o.Scale = 1000;
            o.Checksum = FrameChecksum.Xor;
        }, "left", "right");
        rig.Send("left", 0.25f, -0.5f);
        // 0.25 * 1000 = 250 = 0x00FA; -0.5 * 1000 = -500 = 0xFE0C; XOR of 01 FA 00 0C FE = 0x09.
        Assert.Equal(new byte[] { 0xAA, 0x01, 0xFA, 0x00, 0x0C, 0xFE, 0x01 ^ 0xFA ^ 0x00 ^ 0x0C ^ 0xFE }, rig.Read(7));
        Assert.Equal(0x09, 0x01 ^ 0xFA ^ 0x00 ^ 0x0C ^ 0xFE);
    }

    [Fact]
    public void Float32_big_endian_with_crc8_no_start_byte_and_chosen_values()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["grip=G", "stop=0"];
            o.StartByte = "none";
            o.FrameValues = ["force", "0"];
            o.ValueType = FrameValueType.Float32;
            o.Endian = FrameEndian.Big;
            o.Checksum = FrameChecksum.Crc8;
        }, "angle", "force");
        rig.Send("grip", 1.5f, -2f);
        var expected = new byte[10];
        expected[0] = (byte)'G';
        BinaryPrimitives.WriteSingleBigEndian(expected.AsSpan(1), -2f); // force (index 1) first
        BinaryPrimitives.WriteSingleBigEndian(expected.AsSpan(5), 1.5f);
        Assert.Equal(new byte[] { 0x47, 0xC0, 0x00, 0x00, 0x00, 0x3F, 0xC0, 0x00, 0x00 }, expected[..9]);
        expected[9] = Crc8ByHand(expected.AsSpan(0, 9));
        Assert.Equal(expected, rig.Read(10));
    }

    [Fact]
    public void Int16_big_endian_rounds_half_away_from_zero_and_saturates_counted()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["m=0x10", "stop=0x00"];
            o.StartByte = "0x7E";
            o.Endian = FrameEndian.Big;
            o.Scale = 100;
        }, "a", "b", "c");
        rig.Send("m", 0.005f * 1.0001f, -400f, 400f);
        // 0.50005 -> 1; -40000 -> -32768 (0x8000); 40000 -> 32767 (0x7FFF).
        Assert.Equal(new byte[] { 0x7E, 0x10, 0x00, 0x01, 0x80, 0x00, 0x7F, 0xFF }, rig.Read(8));
        Assert.Equal(2, rig.Host[Counters.Saturated]);
    }

    [Fact]
    public void Crc8_is_the_catalogued_crc8_with_check_value_F4()
    {
        Assert.Equal(0xF4, Checksums.Crc8("123456789"u8));
        Assert.Equal(Crc8ByHand("123456789"u8), Checksums.Crc8("123456789"u8));
    }

    [Fact]
    public void Binary_needs_a_table_and_byte_codes()
    {
        using var peer = new NeuroRT.Snn.Tests.Serial.PseudoTerminal();
        var o = new SerialControllerOutput { Device = peer.SlavePath, SafeCommand = "hex:00", Protocol = SerialProtocol.Binary };
        Assert.Equal("commands", Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a"))).Parameter);
        o.Commands = ["left=300"];
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a")));
        Assert.Contains("'300'", ex.Message);
        o.Dispose();
    }

    // Shift register CRC, MSB first, polynomial x^8 + x^2 + x + 1, written out independently of the plugin.
    private static byte Crc8ByHand(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                int top = (crc >> 7) & 1;
                int input = (b >> bit) & 1;
                crc = (crc << 1) & 0xFF;
                if ((top ^ input) != 0) crc ^= 0x07;
            }
        }
        return (byte)crc;
    }
}
