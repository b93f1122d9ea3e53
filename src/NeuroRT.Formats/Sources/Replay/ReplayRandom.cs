namespace NeuroRT.Formats.Sources.Replay;

/// <summary>
/// SplitMix64: a tiny seeded generator whose sequence is fixed by this code alone (not by the runtime's
/// <see cref="Random"/>, whose algorithm may change between versions), so a fault seed replays identically
/// everywhere. A value type that never allocates.
/// </summary>
internal struct ReplayRandom
{
    private ulong _state;

    /// <summary>The generator for <paramref name="seed"/>; <paramref name="stream"/> keeps the generators of different faults independent.</summary>
    public ReplayRandom(long seed, int stream)
    {
        _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xD1B54A32D192ED03UL);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform whole number in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public int NextInt(int low, int high) => low + (int)(NextBits() % (ulong)(high - low + 1));
}
