namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// Encodes host→board commands exactly as spec §4: each method writes one complete command (command byte, payload and
/// any trailing ignored byte) into <c>destination</c> and returns the number of bytes written. Nothing allocates.
/// </summary>
public static class NcxEncoder
{
    /// <summary>Bytes of a matrix command (command + 9 216 + trailing).</summary>
    public const int MatrixCommandBytes = 1 + NcxLayout.MatrixEntries + 1;

    /// <summary>Bytes of the parameter command.</summary>
    public const int ParameterCommandBytes = 1 + 3 * NcxLayout.ParameterWords;

    /// <summary>Bytes of the debug command.</summary>
    public const int DebugCommandBytes = 1 + 6;

    /// <summary>Bytes of the STDP enable command.</summary>
    public const int EnableCommandBytes = 1 + NcxLayout.EnableBytes + 1;

    /// <summary>Bytes of the read-back command.</summary>
    public const int ReadBackCommandBytes = 2;

    /// <summary>Bytes of an event command with <paramref name="events"/> events and the terminator.</summary>
    public static int EventCommandBytes(int events, bool terminate = true) => 1 + 3 * events + (terminate ? 3 : 0);

    /// <summary>Writes an 18-bit word as three bytes, least significant first (bits 17…16 in the low bits of byte 2).</summary>
    public static void WriteWord(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)((value >> 16) & 0x3);
    }

    /// <summary>0x0_: the FF matrix (row = neuron+6, column = input address), row-major, plus the ignored byte.</summary>
    public static int WriteFfWeights(Span<byte> destination, ReadOnlySpan<sbyte> matrix) =>
        WriteMatrix(destination, NcxCommand.WriteFfWeights, matrix);

    /// <summary>0x1_: the AA matrix (row = post+6, column = pre+5), row-major, plus the ignored byte.</summary>
    public static int WriteAaWeights(Span<byte> destination, ReadOnlySpan<sbyte> matrix) =>
        WriteMatrix(destination, NcxCommand.WriteAaWeights, matrix);

    /// <summary>0x2_: the 384 parameter words (thresholds, refractory, tau, STDP; see <see cref="NcxParameters"/>).</summary>
    public static int WriteParameters(Span<byte> destination, ReadOnlySpan<int> words)
    {
        if (words.Length != NcxLayout.ParameterWords)
        {
            throw new ArgumentException($"exactly {NcxLayout.ParameterWords} parameter words are required, got {words.Length}", nameof(words));
        }

        destination[0] = (byte)NcxCommand.WriteParameters;
        for (int i = 0; i < words.Length; i++)
        {
            WriteWord(destination.Slice(1 + 3 * i, 3), words[i]);
        }

        return ParameterCommandBytes;
    }

    /// <summary>0x4_: I_bias (Q7.10) and N_debug (bias goes to neuron N_debug − 1).</summary>
    public static int WriteDebug(Span<byte> destination, int biasQ710, int nDebug)
    {
        destination[0] = (byte)NcxCommand.Debug;
        WriteWord(destination.Slice(1, 3), biasQ710);
        WriteWord(destination.Slice(4, 3), nDebug & 0xFF);
        return DebugCommandBytes;
    }

    /// <summary>
    /// 0x6_: STDP enables, 9 216 AA flags then 9 216 FF flags in flat order, 8 per byte, most significant bit first,
    /// plus the ignored byte. Send as one uninterrupted burst (spec §4.6).
    /// </summary>
    public static int WriteStdpEnables(Span<byte> destination, ReadOnlySpan<bool> aa, ReadOnlySpan<bool> ff, byte trailing = 0)
    {
        CheckMatrix(aa.Length, nameof(aa));
        CheckMatrix(ff.Length, nameof(ff));
        destination[0] = (byte)NcxCommand.WriteStdpEnables;
        PackMsbFirst(destination.Slice(1, NcxLayout.MatrixEntries / 8), aa);
        PackMsbFirst(destination.Slice(1 + NcxLayout.MatrixEntries / 8, NcxLayout.MatrixEntries / 8), ff);
        destination[EnableCommandBytes - 1] = trailing;
        return EnableCommandBytes;
    }

    /// <summary>0x3_: events (dt, addr_lo, addr_hi) and, if <paramref name="terminate"/>, the terminator FF FF FF.</summary>
    public static int WriteEvents(Span<byte> destination, ReadOnlySpan<NcxEvent> events, bool terminate = true)
    {
        destination[0] = (byte)NcxCommand.SpikeEvents;
        int p = 1;
        foreach (NcxEvent e in events)
        {
            if (e.Dt == 0xFF && e.Address == 0xFFFF)
            {
                throw new ArgumentException("dt 0xFF with address 0xFFFF is the terminator, not an event", nameof(events));
            }

            destination[p++] = e.Dt;
            destination[p++] = (byte)e.Address;
            destination[p++] = (byte)(e.Address >> 8);
        }

        if (terminate)
        {
            destination[p++] = 0xFF;
            destination[p++] = 0xFF;
            destination[p++] = 0xFF;
        }

        return p;
    }

    /// <summary>0x5_ and its one payload byte: the board answers with 9 215 bytes of the FF matrix.</summary>
    public static int WriteReadBack(Span<byte> destination, byte payload = 0x00)
    {
        destination[0] = (byte)NcxCommand.ReadBack;
        destination[1] = payload;
        return ReadBackCommandBytes;
    }

    private static int WriteMatrix(Span<byte> destination, NcxCommand command, ReadOnlySpan<sbyte> matrix)
    {
        CheckMatrix(matrix.Length, nameof(matrix));
        destination[0] = (byte)command;
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix).CopyTo(destination.Slice(1));
        destination[MatrixCommandBytes - 1] = 0x00;
        return MatrixCommandBytes;
    }

    private static void PackMsbFirst(Span<byte> destination, ReadOnlySpan<bool> flags)
    {
        for (int m = 0; m < destination.Length; m++)
        {
            int b = 0;
            for (int j = 0; j < 8; j++)
            {
                if (flags[8 * m + j])
                {
                    b |= 0x80 >> j;
                }
            }

            destination[m] = (byte)b;
        }
    }

    private static void CheckMatrix(int length, string name)
    {
        if (length != NcxLayout.MatrixEntries)
        {
            throw new ArgumentException($"a 96×96 matrix has {NcxLayout.MatrixEntries} entries, got {length}", name);
        }
    }
}
