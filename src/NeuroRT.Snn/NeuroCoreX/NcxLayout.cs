namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// NeuroCoreX dimensions and the index spaces of spec §2: one logical neuron k (0…89) appears as slot k+4, weight row
/// k+6, AA column k+5 and STDP fast index k+5 (the "6 reserved rows" of the vendor notebook).
/// </summary>
public static class NcxLayout
{
    /// <summary>Slots per timestep and side of both weight matrices.</summary>
    public const int Size = 96;

    /// <summary>Usable neurons (slots 4…93).</summary>
    public const int Neurons = 90;

    /// <summary>Entries of one 96×96 matrix.</summary>
    public const int MatrixEntries = Size * Size;

    /// <summary>Words of the 0x2_ parameter command (four tables of 96).</summary>
    public const int ParameterWords = 4 * Size;

    /// <summary>Bytes of the STDP enable payload (AA then FF, 8 flags per byte).</summary>
    public const int EnableBytes = 2 * MatrixEntries / 8;

    /// <summary>Bytes the FF read-back actually delivers (the 9 216th is lost, spec §4.5).</summary>
    public const int ReadBackBytes = MatrixEntries - 1;

    /// <summary>Q7.10 one.</summary>
    public const int One = 1024;

    /// <summary>Slot (threshold/refractory table index) of neuron k.</summary>
    public static int Slot(int neuron) => neuron + 4;

    /// <summary>Row of either weight matrix holding the weights into neuron k.</summary>
    public static int Row(int neuron) => neuron + 6;

    /// <summary>Column of the AA matrix holding the weights out of neuron k.</summary>
    public static int AaColumn(int neuron) => neuron + 5;

    /// <summary>Flat row-major index.</summary>
    public static int Flat(int row, int col) => row * Size + col;

    /// <summary>The N_debug value that puts the bias on neuron k.</summary>
    public static int DebugTarget(int neuron) => neuron + 1;
}
