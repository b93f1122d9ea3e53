namespace NeuroRT.Dsp.Filters;

/// <summary>A streaming filter over interleaved multichannel float32 blocks that keeps its state between calls.</summary>
public interface IBlockFilter
{
    /// <summary>Filters <paramref name="input"/> (samples x channels, interleaved) into <paramref name="output"/> (may be the same memory).</summary>
    void Process(ReadOnlySpan<float> input, Span<float> output);
}
