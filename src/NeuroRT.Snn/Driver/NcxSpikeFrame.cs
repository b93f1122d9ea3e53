using System.Numerics;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

/// <summary>
/// The 90 output bits of one timestep (spec §6): bit k = neuron k spiked. Neurons 0…63 are in <see cref="Low"/>, 64…89
/// in the low 26 bits of <see cref="High"/>.
/// </summary>
public readonly record struct NcxSpikeFrame(int Timestep, ulong Low, ulong High)
{
    /// <summary>Whether neuron k (0…89) spiked.</summary>
    public bool Spiked(int neuron) => (uint)neuron < NcxLayout.Neurons &&
        ((neuron < 64 ? Low >> neuron : High >> (neuron - 64)) & 1) != 0;

    /// <summary>Neurons that spiked.</summary>
    public int Count => BitOperations.PopCount(Low) + BitOperations.PopCount(High);
}
