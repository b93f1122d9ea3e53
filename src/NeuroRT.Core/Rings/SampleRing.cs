using System.Numerics;
using System.Runtime.CompilerServices;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Threading;

namespace NeuroRT.Core.Rings;

/// <summary>
/// Single-producer / single-consumer ring of multichannel samples between an acquisition thread
/// and the pipeline thread. Neither side allocates or takes a lock. The producer never blocks on a
/// full ring (unless it asks to, with <see cref="WriteWaiting"/>, which replays of files use for
/// lossless back-pressure): the overflow policy decides what is lost, and every lost sample is
/// counted in <see cref="SamplesDropped"/> and shows as a gap in the per-sample running index.
/// </summary>
/// <remarks>
/// Positions are 64-bit and only grow. The producer owns <c>_write</c>; the consumer advances
/// <c>_read</c> by compare-and-swap after copying, and under <see cref="RingOverflow.DropOldest"/> the
/// producer may also push <c>_read</c> forward (discarding) before it overwrites those slots. A
/// consumer whose CAS fails knows its copy may be torn and copies again, so a read never returns
/// half-overwritten samples.
/// </remarks>
public sealed class SampleRing
{
    private readonly float[] _values;
    private readonly double[] _timestamps;
    private readonly long[] _index;
    private readonly long[] _arrival;
    private readonly int _mask;
    private readonly WakeSignal _dataAvailable = new(false);
    private readonly WakeSignal _spaceAvailable = new(true);

    // Producer-owned.
    private long _write;
    private long _offered;
    // Shared: consumer and (DropOldest) producer move it forward.
    private long _read;
    private long _dropped;
    private long _overruns;
    private volatile bool _completed;

    /// <summary>Makes a ring of at least <paramref name="minCapacity"/> samples (rounded up to a power of two).</summary>
    public SampleRing(int channels, int minCapacity, RingOverflow overflow = RingOverflow.DropOldest)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a ring has at least one channel");
        if (minCapacity < 1 || minCapacity > 1 << 28) throw new ArgumentOutOfRangeException(nameof(minCapacity), minCapacity, "ring capacity must be 1 .. 2^28 samples");
        Channels = channels;
        Capacity = (int)BitOperations.RoundUpToPowerOf2((uint)minCapacity);
        _mask = Capacity - 1;
        Overflow = overflow;
        _values = GC.AllocateUninitializedArray<float>(checked(Capacity * channels));
        _timestamps = new double[Capacity];
        _index = new long[Capacity];
        _arrival = new long[Capacity];
    }

    /// <summary>Values per sample.</summary>
    public int Channels { get; }

    /// <summary>Samples the ring holds when full.</summary>
    public int Capacity { get; }

    /// <summary>Overflow policy.</summary>
    public RingOverflow Overflow { get; }

    /// <summary>Samples waiting to be read.</summary>
    public int Count => (int)(Volatile.Read(ref _write) - Volatile.Read(ref _read));

    /// <summary>Samples offered by the producer (accepted + dropped); the next sample's running index.</summary>
    public long SamplesOffered => Volatile.Read(ref _offered);

    /// <summary>Samples lost to overflow, exactly.</summary>
    public long SamplesDropped => Volatile.Read(ref _dropped);

    /// <summary>Writes that found the ring too full for the whole chunk.</summary>
    public long Overruns => Volatile.Read(ref _overruns);

    /// <summary>True once the producer called <see cref="Complete"/>.</summary>
    public bool IsCompleted => _completed;

    /// <summary>True when the producer is done and every sample has been read.</summary>
    public bool IsDrained => _completed && Count == 0;

    /// <summary>
    /// Producer: appends <paramref name="timestamps"/>.Length samples (values interleaved, sample-major),
    /// all stamped as arrived at <paramref name="arrivalTicks"/>. Returns how many were kept; the rest
    /// were dropped per <see cref="Overflow"/> and counted. Under <see cref="RingOverflow.DropOldest"/>
    /// all incoming samples are kept (up to the capacity) and older unread ones are discarded instead.
    /// </summary>
    public int Write(ReadOnlySpan<float> values, ReadOnlySpan<double> timestamps, long arrivalTicks)
    {
        int n = CheckChunk(values, timestamps);
        if (n == 0) return 0;
        long w = _write;
        long firstIndex = _offered;
        _offered = firstIndex + n;
        int free = Capacity - (int)(w - Volatile.Read(ref _read));
        int skip = 0;
        if (n > free)
        {
            Interlocked.Increment(ref _overruns);
            if (Overflow == RingOverflow.DropNewest)
            {
                Interlocked.Add(ref _dropped, n - free);
                n = free;
            }
            else
            {
                if (n > Capacity)
                {
                    // The chunk alone overfills the ring: its own first samples would be overwritten.
                    skip = n - Capacity;
                    Interlocked.Add(ref _dropped, skip);
                    n = Capacity;
                }
                DiscardOldest(w, n);
            }
        }
        if (n > 0)
        {
            Store(w, values.Slice(skip * Channels, n * Channels), timestamps.Slice(skip, n), firstIndex + skip, arrivalTicks);
            Volatile.Write(ref _write, w + n);
            if (!_dataAvailable.IsSet) _dataAvailable.Set();
        }
        return n;
    }

    /// <summary>
    /// Producer: appends the samples, waiting for the consumer to make room instead of dropping
    /// (lossless back-pressure for replays run as fast as possible). Returns false, having written
    /// only part, if <paramref name="cancel"/> fires.
    /// </summary>
    public bool WriteWaiting(ReadOnlySpan<float> values, ReadOnlySpan<double> timestamps, long arrivalTicks, CancellationToken cancel)
    {
        int n = CheckChunk(values, timestamps);
        int done = 0;
        while (done < n)
        {
            long w = _write;
            int free = Capacity - (int)(w - Volatile.Read(ref _read));
            if (free == 0)
            {
                _spaceAvailable.Reset();
                if (cancel.IsCancellationRequested) return false;
                if (Capacity - (int)(w - Volatile.Read(ref _read)) == 0) _spaceAvailable.Wait(50);
                continue;
            }
            int take = Math.Min(free, n - done);
            Store(w, values.Slice(done * Channels, take * Channels), timestamps.Slice(done, take), _offered, arrivalTicks);
            _offered += take;
            Volatile.Write(ref _write, w + take);
            if (!_dataAvailable.IsSet) _dataAvailable.Set();
            done += take;
        }
        return true;
    }

    /// <summary>
    /// Producer: <paramref name="samples"/> samples were lost before they reached the ring (a transfer that never
    /// arrived): the running index moves past them, so the consumer sees the gap as it sees any loss. They are not
    /// counted in <see cref="SamplesDropped"/>, which counts the ring's own overflow only.
    /// </summary>
    public void Skip(int samples)
    {
        if (samples < 0) throw new ArgumentOutOfRangeException(nameof(samples), samples, "cannot skip a negative number of samples");
        if (_completed) throw new InvalidOperationException("the ring was completed: no more samples may be skipped");
        Volatile.Write(ref _offered, _offered + samples);
    }

    /// <summary>Producer: no more samples will come. The consumer drains what is left.</summary>
    public void Complete()
    {
        _completed = true;
        _dataAvailable.Set();
    }

    /// <summary>
    /// Consumer: moves up to <paramref name="maxSamples"/> of the oldest unread samples into
    /// <paramref name="block"/> (replacing its contents; frames of one sample). Returns the count, 0 if empty.
    /// </summary>
    public int Read(SampleBlock block, int maxSamples)
    {
        if (block.Channels != Channels || block.FrameLength != 1)
            throw new ArgumentException($"the block holds frames of {block.FrameLength} x {block.Channels} values; this ring needs single samples of {Channels} channels", nameof(block));
        int max = Math.Min(maxSamples, block.Capacity);
        while (true)
        {
            long r = Volatile.Read(ref _read);
            long w = Volatile.Read(ref _write);
            int n = (int)Math.Min(w - r, max);
            if (n <= 0)
            {
                block.Count = 0;
                return 0;
            }
            block.Count = n;
            Load(r, n, block);
            if (Interlocked.CompareExchange(ref _read, r + n, r) == r)
            {
                if (!_spaceAvailable.IsSet) _spaceAvailable.Set();
                return n;
            }
            // The producer discarded samples under us (DropOldest): the copy may be torn, read again.
        }
    }

    /// <summary>Consumer: waits up to <paramref name="timeoutMs"/> for samples or completion. True if there is something to do.</summary>
    public bool WaitForData(int timeoutMs)
    {
        if (Count > 0 || _completed) return true;
        _dataAvailable.Reset();
        if (Count > 0 || _completed) return true;
        _dataAvailable.Wait(timeoutMs);
        return Count > 0 || _completed;
    }

    private int CheckChunk(ReadOnlySpan<float> values, ReadOnlySpan<double> timestamps)
    {
        if (_completed) throw new InvalidOperationException("the ring was completed: no more samples may be written");
        if (values.Length != timestamps.Length * Channels)
            throw new ArgumentException($"{values.Length} values do not make {timestamps.Length} samples of {Channels} channels", nameof(values));
        return timestamps.Length;
    }

    // Moves _read forward so that n more samples fit after position w; counts what it discards.
    private void DiscardOldest(long w, int n)
    {
        while (true)
        {
            long r = Volatile.Read(ref _read);
            long needed = w + n - Capacity;
            if (r >= needed) return; // the consumer made room meanwhile
            if (Interlocked.CompareExchange(ref _read, needed, r) == r)
            {
                Interlocked.Add(ref _dropped, needed - r);
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(long position, ReadOnlySpan<float> values, ReadOnlySpan<double> timestamps, long firstIndex, long arrivalTicks)
    {
        int n = timestamps.Length;
        int start = (int)(position & _mask);
        int first = Math.Min(n, Capacity - start);
        values[..(first * Channels)].CopyTo(_values.AsSpan(start * Channels));
        timestamps[..first].CopyTo(_timestamps.AsSpan(start));
        if (first < n)
        {
            values[(first * Channels)..].CopyTo(_values);
            timestamps[first..].CopyTo(_timestamps);
        }
        for (int i = 0; i < n; i++)
        {
            int slot = (int)((position + i) & _mask);
            _index[slot] = firstIndex + i;
            _arrival[slot] = arrivalTicks;
        }
    }

    private void Load(long position, int n, SampleBlock block)
    {
        int start = (int)(position & _mask);
        int first = Math.Min(n, Capacity - start);
        Span<float> dst = block.ValueStorage;
        _values.AsSpan(start * Channels, first * Channels).CopyTo(dst);
        _timestamps.AsSpan(start, first).CopyTo(block.Timestamps);
        _index.AsSpan(start, first).CopyTo(block.SampleIndex);
        _arrival.AsSpan(start, first).CopyTo(block.ArrivalTicks);
        if (first < n)
        {
            int rest = n - first;
            _values.AsSpan(0, rest * Channels).CopyTo(dst[(first * Channels)..]);
            _timestamps.AsSpan(0, rest).CopyTo(block.Timestamps[first..]);
            _index.AsSpan(0, rest).CopyTo(block.SampleIndex[first..]);
            _arrival.AsSpan(0, rest).CopyTo(block.ArrivalTicks[first..]);
        }
    }
}
