namespace NeuroRT.Formats.Sources.Replay;

/// <summary>What a replay did so far: read by any thread while the acquisition thread runs it.</summary>
public sealed class ReplayCounters
{
    private long _passes, _chunks, _samples, _droppedChunks, _droppedSamples, _hitches, _largest;

    /// <summary>Passes started (1 for a single play; grows with <c>loop</c>).</summary>
    public long Passes => Volatile.Read(ref _passes);

    /// <summary>Chunks handed to the ring.</summary>
    public long ChunksDelivered => Volatile.Read(ref _chunks);

    /// <summary>Samples handed to the ring.</summary>
    public long SamplesDelivered => Volatile.Read(ref _samples);

    /// <summary>Chunks withheld by <c>drop-chunks</c>.</summary>
    public long ChunksDropped => Volatile.Read(ref _droppedChunks);

    /// <summary>Samples in the chunks withheld: the gap the running index shows.</summary>
    public long SamplesDropped => Volatile.Read(ref _droppedSamples);

    /// <summary>Hitches injected (each one chunk of held samples).</summary>
    public long Hitches => Volatile.Read(ref _hitches);

    /// <summary>The largest chunk handed on or withheld, in samples.</summary>
    public long LargestChunk => Volatile.Read(ref _largest);

    internal void Reset()
    {
        Volatile.Write(ref _passes, 0);
        Volatile.Write(ref _chunks, 0);
        Volatile.Write(ref _samples, 0);
        Volatile.Write(ref _droppedChunks, 0);
        Volatile.Write(ref _droppedSamples, 0);
        Volatile.Write(ref _hitches, 0);
        Volatile.Write(ref _largest, 0);
    }

    internal void Pass() => Volatile.Write(ref _passes, _passes + 1);

    internal void Hitch() => Volatile.Write(ref _hitches, _hitches + 1);

    internal void Chunk(int samples, bool dropped)
    {
        if (samples > _largest) Volatile.Write(ref _largest, samples);
        if (dropped)
        {
            Volatile.Write(ref _droppedChunks, _droppedChunks + 1);
            Volatile.Write(ref _droppedSamples, _droppedSamples + samples);
        }
        else
        {
            Volatile.Write(ref _chunks, _chunks + 1);
            Volatile.Write(ref _samples, _samples + samples);
        }
    }
}
