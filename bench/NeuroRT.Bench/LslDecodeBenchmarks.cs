using BenchmarkDotNet.Attributes;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Bench;

/// <summary>
/// The inlet's decode step alone: protocol 1.10 bytes (little-endian, as an outlet sends a chunk: the
/// first sample with its timestamp, the rest deduced) into a preallocated <see cref="SampleChunk"/>
/// (exact bytes + float32 values + timestamps), on one thread, no socket. The decoder has verified the
/// two test patterns in the setup, as after a handshake.
/// </summary>
[MemoryDiagnoser]
public class LslDecodeBenchmarks
{
    private const int Channels = 64;
    private FeedDecoder _decoder = null!;
    private SampleChunk _chunk = null!;
    private byte[] _feed = [];

    /// <summary>Value format on the wire.</summary>
    [Params(ChannelFormat.Float32, ChannelFormat.Int16)]
    public ChannelFormat Format { get; set; }

    /// <summary>Samples in the buffer (one decode call takes them all).</summary>
    [Params(1, 32)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int size = SampleEncoder.NumericSize(Format, Channels);
        var patterns = new byte[2 * size];
        int used = 0;
        foreach (int offset in TestPattern.Offsets) used += SampleEncoder.EncodeTestPattern(patterns.AsSpan(used), Format, Channels, offset);
        _decoder = new FeedDecoder(Format, Channels, 1000, 110, bigEndian: false, suppressSubnormals: false);
        if (_decoder.DecodePatterns(patterns.AsSpan(0, used)) != used || !_decoder.PatternsVerified)
            throw new InvalidOperationException("the test patterns were not accepted");

        _feed = new byte[Samples * size];
        var values = new float[Channels];
        var random = new Random(1);
        int length = 0;
        for (int s = 0; s < Samples; s++)
        {
            for (int c = 0; c < Channels; c++) values[c] = random.Next(-30000, 30000);
            length += SampleEncoder.EncodeNumeric<float>(_feed.AsSpan(length), s == 0 ? 1000.0 : SampleEncoder.DeducedTimestamp, values, Format);
        }

        Array.Resize(ref _feed, length);
        _chunk = new SampleChunk(Format, Channels, Samples);
        if (Decode() != length || _chunk.Count != Samples) throw new InvalidOperationException("the encoded samples did not decode whole");
    }

    /// <summary>Decodes the whole buffer; returns the bytes consumed.</summary>
    [Benchmark]
    public int Decode()
    {
        _chunk.Clear();
        return _decoder.Decode(_feed, _chunk);
    }
}
