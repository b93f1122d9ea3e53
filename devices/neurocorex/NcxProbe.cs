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
}
