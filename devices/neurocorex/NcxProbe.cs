namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// Internal state of one neuron at its decision in one timestep (the columns of the vectors' internal_slots.csv).
/// Currents and potentials are Q7.10; the row sums are the wrapped 15-bit values the register update at this slot uses.
/// </summary>
public readonly record struct NcxNeuronState(
    int TimestepGlobal,
    int Slot,
    int Neuron,
    int U,
    int Iso,
    int Iff,
    int InputFlag,
    int SGateForNextSlot,
    int RefractoryCounter,
    int Threshold,
    int AaRowSumForNextSlot,
    int FfRowSumForNextSlot);

/// <summary>Receives every neuron decision and every STDP weight write of the virtual board (for tests and tracing).</summary>
public interface INcxProbe
{
    /// <summary>Called at each neuron's decision, slot by slot.</summary>
    void OnNeuron(in NcxNeuronState state);

    /// <summary>Called when the STDP logic writes a weight (<paramref name="ff"/>: FF memory, else AA).</summary>
    void OnWeightWrite(bool ff, int row, int col, int value);

    /// <summary>
    /// Called when the STDP logic writes a pre-trace memory during a run: <paramref name="memory"/> 0 = AA timer and
    /// flag (value = 10·timer + flag, as the vectors' TPRE_AA), 1 = FF timer, 2 = FF flag; <paramref name="flat"/> is
    /// the memory address (modulo 16 384).
    /// </summary>
    void OnTraceWrite(int memory, int flat, int value) { }
}
