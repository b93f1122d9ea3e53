using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Stage;

/// <summary>
/// What the snn stage needs from a board: load a network image, then run batches of input events and get the output
/// spikes back. <see cref="NcxDriverRunner"/> does it with the protocol driver over any <see cref="Link.INcxLink"/>
/// (a serial port or the in-process virtual board).
/// </summary>
public interface INcxRunner : IDisposable
{
    /// <summary>The board or model behind it, for messages (a tty path, "virtual board (in-process)").</summary>
    string Description { get; }

    /// <summary>Sends a complete load (spec §4.7 order).</summary>
    void Load(NcxImage image);

    /// <summary>
    /// Runs one batch: input <c>addresses[i]</c> consumed in timestep <c>timesteps[i]</c> (strictly increasing, within
    /// 1…<paramref name="timestepCount"/>), then reads the <paramref name="timestepCount"/> output frames. Writes each
    /// logical neuron's spike count and first spike timestep (1-based, 0 = none) into the spans (90 each).
    /// No allocation.
    /// </summary>
    void Run(ReadOnlySpan<int> timesteps, ReadOnlySpan<int> addresses, int timestepCount, Span<int> spikeCounts, Span<int> firstSpike);
}
