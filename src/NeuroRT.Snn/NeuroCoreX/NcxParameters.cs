namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// The 384 words of the 0x2_ command (spec §4.2), indexed by slot: thresholds (Q7.10), refractory lengths (slot 0's
/// low byte = FF gain g), "tau" (only entry 8 is used: the global leak) and the STDP words.
/// </summary>
public sealed class NcxParameters
{
    /// <summary>The words in transmission order.</summary>
    public int[] Words { get; } = new int[NcxLayout.ParameterWords];

    /// <summary>Threshold of slot s (Q7.10).</summary>
    public ref int Threshold(int slot) => ref Words[slot];

    /// <summary>Refractory length of slot s.</summary>
    public ref int Refractory(int slot) => ref Words[NcxLayout.Size + slot];

    /// <summary>Tau table entry s (only entry 8, the leak, has an effect).</summary>
    public ref int Tau(int slot) => ref Words[2 * NcxLayout.Size + slot];

    /// <summary>STDP word i (0: tpre_FF_max | tpost_FF_max&lt;&lt;8, 1: tpre_AA_max | tpost_AA_max&lt;&lt;8, 2: dw_pos | dw_neg&lt;&lt;8).</summary>
    public ref int Stdp(int index) => ref Words[3 * NcxLayout.Size + index];

    /// <summary>Sets every threshold (neuron and non-neuron slots).</summary>
    public void FillThresholds(int q710) => Array.Fill(Words, q710, 0, NcxLayout.Size);

    /// <summary>Global FF gain g (the low byte of slot 0's refractory word).</summary>
    public int Gain
    {
        get => Refractory(0) & 0xFF;
        set => Refractory(0) = (Refractory(0) & ~0xFF) | (value & 0xFF);
    }

    /// <summary>Global linear leak per timestep (tau entry 8, Q7.10).</summary>
    public int Leak
    {
        get => Tau(8);
        set => Tau(8) = value;
    }
}
