using System.Buffers;
using System.Runtime.CompilerServices;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Blocks;

/// <summary>
/// A run of frames flowing between stages: float32 values, sample-major
/// (<c>frame x FrameLength x channels</c>), and per frame the source timestamp, the running
/// index and the local arrival time of its newest sample.
/// Storage is rented from <see cref="ArrayPool{T}"/> once, when the block is made, and returned by
/// <see cref="Dispose"/>; a block is reused for every cycle of the pipeline, never re-created.
/// </summary>
public sealed class SampleBlock : IDisposable
{
    private float[] _values;
    private double[] _timestamps;
    private long[] _sampleIndex;
    private long[] _arrivalTicks;
    private int _count;

    /// <summary>Makes a block able to hold <paramref name="capacity"/> frames of <paramref name="format"/>.</summary>
    public SampleBlock(StreamFormat format, int capacity)
        : this(format.ChannelCount, format.FrameLength, capacity) { }

    /// <summary>Makes a block able to hold <paramref name="capacity"/> frames of
    /// <paramref name="frameLength"/> samples x <paramref name="channels"/> channels.</summary>
    public SampleBlock(int channels, int frameLength, int capacity)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a block has at least one channel");
        if (frameLength < 1) throw new ArgumentOutOfRangeException(nameof(frameLength), frameLength, "a frame holds at least one sample");
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a block holds at least one frame");
        Channels = channels;
        FrameLength = frameLength;
        FrameSize = checked(channels * frameLength);
        Capacity = capacity;
        _values = ArrayPool<float>.Shared.Rent(checked(FrameSize * capacity));
        _timestamps = ArrayPool<double>.Shared.Rent(capacity);
        _sampleIndex = ArrayPool<long>.Shared.Rent(capacity);
        _arrivalTicks = ArrayPool<long>.Shared.Rent(capacity);
    }

    /// <summary>Channels per sample.</summary>
    public int Channels { get; }

    /// <summary>Samples per frame (1 for a plain signal).</summary>
    public int FrameLength { get; }

    /// <summary>Floats per frame.</summary>
    public int FrameSize { get; }

    /// <summary>Most frames the block can hold.</summary>
    public int Capacity { get; }

    /// <summary>Frames currently held (0..Capacity).</summary>
    public int Count
    {
        get => _count;
        set
        {
            if ((uint)value > (uint)Capacity) ThrowCount(value);
            _count = value;
        }
    }

    /// <summary>The held frames' values, sample-major.</summary>
    public Span<float> Values => _values.AsSpan(0, _count * FrameSize);

    /// <summary>All storage for values (Capacity frames), for stages that fill the block.</summary>
    public Span<float> ValueStorage => _values.AsSpan(0, Capacity * FrameSize);

    /// <summary>Source timestamp (seconds) of each held frame's newest sample.</summary>
    public Span<double> Timestamps => _timestamps.AsSpan(0, _count);

    /// <summary>Running source index of each held frame's newest sample (gaps mean lost samples).</summary>
    public Span<long> SampleIndex => _sampleIndex.AsSpan(0, _count);

    /// <summary>Local clock ticks (<see cref="Time.LocalClock"/>) when each frame's newest sample reached NeuroRT.</summary>
    public Span<long> ArrivalTicks => _arrivalTicks.AsSpan(0, _count);

    /// <summary>The values of frame <paramref name="frame"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Frame(int frame)
    {
        if ((uint)frame >= (uint)_count) ThrowFrame(frame);
        return _values.AsSpan(frame * FrameSize, FrameSize);
    }

    /// <summary>Sets the bookkeeping of frame <paramref name="frame"/> (which must be below <see cref="Count"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetFrameTime(int frame, double timestamp, long sampleIndex, long arrivalTicks)
    {
        if ((uint)frame >= (uint)_count) ThrowFrame(frame);
        _timestamps[frame] = timestamp;
        _sampleIndex[frame] = sampleIndex;
        _arrivalTicks[frame] = arrivalTicks;
    }

    /// <summary>
    /// Sets <see cref="Count"/> to <paramref name="source"/>'s and copies its per-frame times: for
    /// stages that map each input frame to one output frame.
    /// </summary>
    public void CopyFrameTimesFrom(SampleBlock source)
    {
        Count = source._count;
        Array.Copy(source._timestamps, _timestamps, _count);
        Array.Copy(source._sampleIndex, _sampleIndex, _count);
        Array.Copy(source._arrivalTicks, _arrivalTicks, _count);
    }

    /// <summary>Copies frames <c>[first, first+count)</c> of <paramref name="source"/> (same shape) to the end of this block.</summary>
    public void Append(SampleBlock source, int first, int count)
    {
        if (source.FrameSize != FrameSize) throw new ArgumentException($"cannot append frames of {source.FrameSize} values to a block of {FrameSize}-value frames", nameof(source));
        if ((uint)first > (uint)source._count || (uint)count > (uint)(source._count - first)) throw new ArgumentOutOfRangeException(nameof(count));
        if (_count + count > Capacity) throw new InvalidOperationException($"block full: {_count} + {count} frames exceed its capacity of {Capacity}");
        source._values.AsSpan(first * FrameSize, count * FrameSize).CopyTo(_values.AsSpan(_count * FrameSize));
        Array.Copy(source._timestamps, first, _timestamps, _count, count);
        Array.Copy(source._sampleIndex, first, _sampleIndex, _count, count);
        Array.Copy(source._arrivalTicks, first, _arrivalTicks, _count, count);
        _count += count;
    }

    /// <summary>Returns the storage to the pool. The block must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_values.Length == 0) return;
        ArrayPool<float>.Shared.Return(_values);
        ArrayPool<double>.Shared.Return(_timestamps);
        ArrayPool<long>.Shared.Return(_sampleIndex);
        ArrayPool<long>.Shared.Return(_arrivalTicks);
        _values = [];
        _timestamps = [];
        _sampleIndex = [];
        _arrivalTicks = [];
        _count = 0;
    }

    private void ThrowCount(int value) =>
        throw new ArgumentOutOfRangeException(nameof(Count), value, $"a block of capacity {Capacity} cannot hold {value} frames");

    private void ThrowFrame(int frame) =>
        throw new ArgumentOutOfRangeException(nameof(frame), frame, $"the block holds {_count} frames");
}
