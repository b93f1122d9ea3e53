namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// Decodes the board→host spike stream of one run (spec §6): after the 0xFF start marker, 90 bits per timestep,
/// packed least significant bit first, bit k of frame t = neuron k spiked in timestep t; no padding between frames.
/// </summary>
public static class NcxSpikeDecoder
{
    /// <summary>Data bytes (after the marker) of a run whose last event is consumed in timestep <paramref name="lastEventTimestep"/>.</summary>
    public static int DataBytes(int lastEventTimestep) => (90 * (lastEventTimestep - 1) + 89) / 8;

    /// <summary>Complete 90-bit frames contained in <paramref name="dataBytes"/> bytes.</summary>
    public static int FullFrames(int dataBytes) => dataBytes * 8 / NcxLayout.Neurons;

    /// <summary>Whether neuron k spiked in frame t (0-based) of the data bytes.</summary>
    public static bool Spiked(ReadOnlySpan<byte> data, int frame, int neuron)
    {
        int bit = frame * NcxLayout.Neurons + neuron;
        return (data[bit >> 3] >> (bit & 7) & 1) != 0;
    }

    /// <summary>
    /// Writes the neurons that spiked in frame t (0-based) into <paramref name="neurons"/> in ascending order and returns
    /// their count.
    /// </summary>
    public static int DecodeFrame(ReadOnlySpan<byte> data, int frame, Span<int> neurons)
    {
        int n = 0;
        for (int k = 0; k < NcxLayout.Neurons; k++)
        {
            if (Spiked(data, frame, k))
            {
                neurons[n++] = k;
            }
        }

        return n;
    }
}
