using System.Buffers.Binary;
using System.Text;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>
/// A small OSC 1.0 message reader written from the spec, independent of the plugin's encoder: checks the 4-byte
/// alignment and NUL padding of every string as it reads.
/// </summary>
public static class OscDecoder
{
    public sealed record Message(string Address, string TypeTags, object[] Arguments);

    public static Message Decode(ReadOnlySpan<byte> packet)
    {
        Assert.True(packet.Length % 4 == 0, $"an OSC packet is a multiple of 4 bytes, got {packet.Length}");
        int pos = 0;
        string address = ReadString(packet, ref pos);
        Assert.StartsWith("/", address);
        string tags = ReadString(packet, ref pos);
        Assert.StartsWith(",", tags);
        var arguments = new List<object>();
        foreach (char tag in tags.AsSpan(1))
        {
            switch (tag)
            {
                case 'f':
                    arguments.Add(BinaryPrimitives.ReadSingleBigEndian(packet[pos..]));
                    pos += 4;
                    break;
                case 'i':
                    arguments.Add(BinaryPrimitives.ReadInt32BigEndian(packet[pos..]));
                    pos += 4;
                    break;
                case 'h':
                    arguments.Add(BinaryPrimitives.ReadInt64BigEndian(packet[pos..]));
                    pos += 8;
                    break;
                case 'd':
                    arguments.Add(BinaryPrimitives.ReadDoubleBigEndian(packet[pos..]));
                    pos += 8;
                    break;
                case 't':
                    arguments.Add(BinaryPrimitives.ReadUInt64BigEndian(packet[pos..]));
                    pos += 8;
                    break;
                case 's':
                    arguments.Add(ReadString(packet, ref pos));
                    break;
                default:
                    Assert.Fail($"unexpected type tag '{tag}'");
                    break;
            }
        }

        Assert.Equal(packet.Length, pos);
        return new Message(address, tags, arguments.ToArray());
    }

    /// <summary>Seconds since 1900 of an NTP timetag.</summary>
    public static double TimetagSeconds(ulong tag) => (tag >> 32) + (tag & 0xFFFFFFFF) / 4294967296.0;

    private static string ReadString(ReadOnlySpan<byte> packet, ref int pos)
    {
        int nul = packet[pos..].IndexOf((byte)0);
        Assert.True(nul >= 0, "OSC string without its NUL");
        string text = Encoding.UTF8.GetString(packet.Slice(pos, nul));
        int end = pos + nul + 1;
        while (end % 4 != 0)
        {
            Assert.Equal(0, packet[end]);
            end++;
        }

        pos = end;
        return text;
    }
}
