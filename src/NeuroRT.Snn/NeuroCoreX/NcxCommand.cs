namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>Command bytes (high nibble) of the host→board protocol, spec §4.</summary>
public enum NcxCommand : byte
{
    /// <summary>Write the FF weight matrix: 9 216 int8 + 1 ignored byte.</summary>
    WriteFfWeights = 0x00,

    /// <summary>Write the AA weight matrix (resets AA traces): 9 216 int8 + 1 ignored byte.</summary>
    WriteAaWeights = 0x10,

    /// <summary>Write the four parameter tables: 384 three-byte words.</summary>
    WriteParameters = 0x20,

    /// <summary>Spike events, terminated by FF FF FF; starts a run.</summary>
    SpikeEvents = 0x30,

    /// <summary>Debug words: I_bias and N_debug.</summary>
    Debug = 0x40,

    /// <summary>Read back the FF matrix: 1 byte of any value.</summary>
    ReadBack = 0x50,

    /// <summary>Write STDP enable bits: 2 304 bytes + 1 ignored byte.</summary>
    WriteStdpEnables = 0x60,
}

/// <summary>One input spike event: <see cref="Dt"/> = gap in timesteps − 1, address 0…95 (the FF column).</summary>
public readonly record struct NcxEvent(byte Dt, ushort Address);
