namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// Converts between the timestep at which the board consumes each input and the dt of the 0x3_ events (spec §5.3):
/// event i is consumed in τᵢ = τᵢ₋₁ + dtᵢ + 1 (τ₀ = 0), at most one event per timestep.
/// </summary>
public static class NcxSchedule
{
    /// <summary>
    /// Writes the events that make the board consume input <c>addresses[i]</c> in timestep <c>timesteps[i]</c>
    /// (strictly increasing, from 1; gaps of at most 256). To get T meaningful timesteps the last input must be a dummy
    /// consumed at T + 1 (the last event of a run is never applied, §5.4).
    /// </summary>
    public static void FromTimesteps(ReadOnlySpan<int> timesteps, ReadOnlySpan<int> addresses, Span<NcxEvent> events)
    {
        if (timesteps.Length != addresses.Length || events.Length < timesteps.Length)
        {
            throw new ArgumentException($"timesteps ({timesteps.Length}), addresses ({addresses.Length}) and events ({events.Length}) must have matching lengths");
        }

        int previous = 0;
        for (int i = 0; i < timesteps.Length; i++)
        {
            int gap = timesteps[i] - previous;
            if (gap < 1 || gap > 256)
            {
                throw new ArgumentException(
                    $"input {i} at timestep {timesteps[i]} follows timestep {previous}: the board consumes at most one event per timestep and dt is 8 bits, so the gap must be 1…256; serialise simultaneous inputs into consecutive timesteps",
                    nameof(timesteps));
            }

            if ((uint)addresses[i] > 95)
            {
                throw new ArgumentException($"input {i}: address {addresses[i]} is outside 0…95", nameof(addresses));
            }

            events[i] = new NcxEvent((byte)(gap - 1), (ushort)addresses[i]);
            previous = timesteps[i];
        }
    }

    /// <summary>Timestep in which each event is consumed; returns that of the last event (τₙ), or 0 for none.</summary>
    public static int ToTimesteps(ReadOnlySpan<NcxEvent> events, Span<int> timesteps)
    {
        int tau = 0;
        for (int i = 0; i < events.Length; i++)
        {
            tau += events[i].Dt + 1;
            timesteps[i] = tau;
        }

        return tau;
    }
}
