namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>The configuration commands of a load, in the order the driver sends them (spec §4.7).</summary>
public enum NcxConfigStep
{
    /// <summary>0x4_: I_bias and N_debug.</summary>
    Debug,

    /// <summary>0x1_: the AA (recurrent) matrix; also resets the AA STDP traces.</summary>
    AaWeights,

    /// <summary>0x0_: the FF (input) matrix.</summary>
    FfWeights,

    /// <summary>0x6_: STDP enables; no run may start until ≈ 37 ms after its first data byte (spec §4.6).</summary>
    StdpEnables,

    /// <summary>0x2_: the 384 parameter words.</summary>
    Parameters,
}

/// <summary>
/// Everything a load writes into the board, in the board's physical layout (spec §2, §4): both weight matrices, the
/// parameter tables, the debug (bias) words and, optionally, the STDP enable bits. The network compiler produces it;
/// the driver sends it. Plain data: no validation beyond the sizes.
/// </summary>
public sealed class NcxImage
{
    /// <summary>FF matrix, row = neuron + 6, column = input address.</summary>
    public sbyte[] Ff { get; } = new sbyte[NcxLayout.MatrixEntries];

    /// <summary>AA matrix, row = post + 6, column = pre + 5.</summary>
    public sbyte[] Aa { get; } = new sbyte[NcxLayout.MatrixEntries];

    /// <summary>Thresholds, refractory lengths (slot 0 = FF gain), leak and STDP words.</summary>
    public NcxParameters Parameters { get; } = new();

    /// <summary>Bias current I_bias (Q7.10).</summary>
    public int BiasQ710 { get; set; }

    /// <summary>N_debug: the bias goes to neuron N_debug − 1; 0 puts it nowhere.</summary>
    public int DebugTarget { get; set; }

    /// <summary>AA STDP enables (flat order), or null to send no enable command.</summary>
    public bool[]? StdpEnablesAa { get; set; }

    /// <summary>FF STDP enables (flat order), or null to send no enable command.</summary>
    public bool[]? StdpEnablesFf { get; set; }

    /// <summary>Whether the load includes the 0x6_ enable command.</summary>
    public bool HasStdpEnables => StdpEnablesAa is not null || StdpEnablesFf is not null;

    /// <summary>The commands of a load, in sending order: debug, AA, FF, [enables], parameters.</summary>
    public NcxConfigStep[] Steps() => HasStdpEnables
        ? [NcxConfigStep.Debug, NcxConfigStep.AaWeights, NcxConfigStep.FfWeights, NcxConfigStep.StdpEnables, NcxConfigStep.Parameters]
        : [NcxConfigStep.Debug, NcxConfigStep.AaWeights, NcxConfigStep.FfWeights, NcxConfigStep.Parameters];

    /// <summary>Bytes of <paramref name="step"/>'s complete command.</summary>
    public static int CommandBytes(NcxConfigStep step) => step switch
    {
        NcxConfigStep.Debug => NcxEncoder.DebugCommandBytes,
        NcxConfigStep.AaWeights or NcxConfigStep.FfWeights => NcxEncoder.MatrixCommandBytes,
        NcxConfigStep.StdpEnables => NcxEncoder.EnableCommandBytes,
        _ => NcxEncoder.ParameterCommandBytes,
    };

    /// <summary>Writes <paramref name="step"/>'s complete command into <paramref name="destination"/>; returns its length.</summary>
    public int WriteCommand(NcxConfigStep step, Span<byte> destination) => step switch
    {
        NcxConfigStep.Debug => NcxEncoder.WriteDebug(destination, BiasQ710, DebugTarget),
        NcxConfigStep.AaWeights => NcxEncoder.WriteAaWeights(destination, Aa),
        NcxConfigStep.FfWeights => NcxEncoder.WriteFfWeights(destination, Ff),
        NcxConfigStep.StdpEnables => NcxEncoder.WriteStdpEnables(
            destination,
            StdpEnablesAa ?? new bool[NcxLayout.MatrixEntries],
            StdpEnablesFf ?? new bool[NcxLayout.MatrixEntries]),
        _ => NcxEncoder.WriteParameters(destination, Parameters.Words),
    };

    /// <summary>
    /// The lowest input address whose FF column is zero in every row (an input that drives nothing: the driver uses it
    /// for the trailing dummy event and for filler events), or -1 if every address drives some row.
    /// </summary>
    public int SilentAddress()
    {
        for (int a = 0; a < NcxLayout.Size; a++)
        {
            bool silent = true;
            for (int r = 0; r < NcxLayout.Size && silent; r++)
            {
                silent = Ff[NcxLayout.Flat(r, a)] == 0;
            }

            if (silent)
            {
                return a;
            }
        }

        return -1;
    }
}
