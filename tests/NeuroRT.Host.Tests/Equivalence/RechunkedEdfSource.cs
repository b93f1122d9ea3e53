using NeuroRT.Core.Configuration;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Streams;
using NeuroRT.Core.Time;
using NeuroRT.Formats.Sources;

namespace NeuroRT.Host.Tests.Equivalence;

/// <summary>
/// The edf source's samples handed on in chunks of random sizes (1 to <see cref="MaxChunk"/> samples, seeded), as
/// fast as possible: the same samples cut differently from every other feed of the equivalence tests. It reads the
/// recording through a real <see cref="EdfSource"/> into a private ring, so nothing about the file is re-implemented.
/// </summary>
[Component(ComponentKind.Source, "rechunked-edf", Summary = "test: an EDF recording re-cut into random chunk sizes")]
public sealed class RechunkedEdfSource : ISampleSource
{
    private readonly EdfSource _inner = new() { Speed = 0 };
    private StreamFormat? _format;

    [Parameter("path", Required = true, InputFile = true, Help = "the EDF file")]
    public string Path { get => _inner.Path; set => _inner.Path = value; }

    [Parameter("max-chunk", Help = "largest chunk in samples")]
    public int MaxChunk { get; set; } = 200;

    [Parameter("seed", Help = "seed of the chunk sizes")]
    public int Seed { get; set; } = 1;

    public bool IsRealTime => false;

    public double? DurationSeconds => _inner.DurationSeconds;

    /// <summary>Chunk sizes handed on, in order.</summary>
    public List<int> ChunkSizes { get; } = [];

    public StreamFormat Open() => _format = _inner.Open();

    public void Run(SampleRing ring, CancellationToken cancel)
    {
        int width = _format!.ChannelCount;
        var staging = new SampleRing(width, 1 << 14);
        var reader = new Thread(() =>
        {
            try { _inner.Run(staging, cancel); } // speed 0: the edf source waits for room, losing nothing
            finally { staging.Complete(); }
        }) { IsBackground = true, Name = "rechunked-edf reader" };
        reader.Start();
        var random = new Random(Seed);
        using var block = new Core.Blocks.SampleBlock(width, 1, MaxChunk);
        while (!staging.IsDrained && !cancel.IsCancellationRequested)
        {
            int want = random.Next(1, MaxChunk + 1);
            // Wait until the chunk is whole (or the recording has ended), so the sizes do not depend on timing.
            while (staging.Count < want && !staging.IsCompleted && !cancel.IsCancellationRequested) Thread.Sleep(1);
            int n = staging.Read(block, want);
            if (n == 0) continue;
            ChunkSizes.Add(n);
            if (!ring.WriteWaiting(block.Values, block.Timestamps[..n], LocalClock.Ticks, cancel)) break;
        }
        reader.Join();
    }

    public void Dispose() => _inner.Dispose();
}
