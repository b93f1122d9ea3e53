using BenchmarkDotNet.Attributes;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;

namespace NeuroRT.Bench;

/// <summary>
/// The acquisition-to-pipeline ring: one producer write and one consumer read of a chunk, on one
/// thread (the cost of the copies and the bookkeeping, without cross-core traffic).
/// </summary>
[MemoryDiagnoser]
public class RingBenchmarks
{
    private SampleRing _ring = null!;
    private SampleBlock _block = null!;
    private float[] _values = [];
    private double[] _stamps = [];

    /// <summary>Channels per sample (64: EEG cap; 306: MEG).</summary>
    [Params(64, 306)]
    public int Channels { get; set; }

    /// <summary>Samples per chunk.</summary>
    [Params(1, 32)]
    public int Chunk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring = new SampleRing(Channels, 8192);
        _block = new SampleBlock(Channels, 1, 64);
        _values = new float[Chunk * Channels];
        _stamps = new double[Chunk];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _block.Dispose();
    }

    /// <summary>Write a chunk, read it back.</summary>
    [Benchmark]
    public int WriteThenRead()
    {
        _ring.Write(_values, _stamps, 0);
        return _ring.Read(_block, 64);
    }
}
