namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>The frame checksum of the binary protocol, over every byte after the start byte.</summary>
public enum FrameChecksum
{
    /// <summary>No checksum byte.</summary>
    None,

    /// <summary>XOR of the bytes.</summary>
    Xor,

    /// <summary>CRC-8 with polynomial 0x07, initial value 0x00, no reflection, no final XOR (check value of "123456789": 0xF4).</summary>
    Crc8,
}

/// <summary>The checksums of <see cref="FrameChecksum"/>.</summary>
internal static class Checksums
{
    public static byte Xor(ReadOnlySpan<byte> data)
    {
        byte x = 0;
        foreach (byte b in data) x ^= b;
        return x;
    }

    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        // Bitwise: frames are a few bytes long, a 256-entry table would cost more cache than it saves.
        uint crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
        }
        return (byte)crc;
    }
}
