using NeuroRT.Core.Threading;

namespace NeuroRT.Lsl.Outlet;

/// <summary>
/// One consumer's bounded queue of encoded samples (little-endian 1.10 records), filled by the pushing
/// thread and drained by the consumer's sender thread. When it holds its maximum number of samples (or
/// bytes), the oldest sample is dropped and counted, as in liblsl. The byte store starts small and
/// doubles up to its bound, so a consumer that keeps up never makes it grow; records never straddle
/// the end of the store (a record that does not fit at the end starts again at offset 0).
/// </summary>
internal sealed class ConsumerQueue
{
    // A spin lock: the critical sections are a few copies, and unlike Monitor/Lock it never allocates under contention.
    private SpinLock _gate = new(enableThreadOwnerTracking: false);
    private readonly int _maxSamples;
    private readonly int _maxBytes;
    private readonly int _flushEvery;
    private byte[] _data;
    private int[] _offsets;
    private int[] _lengths;
    private int _first;      // index of the oldest record in the record ring
    private int _count;      // records held
    private int _head;       // byte offset of the oldest record
    private int _tail;       // byte offset where the next record goes
    private int _flushable;  // records the sender may take (up to the last pushthrough)
    private long _dropped;

    public ConsumerQueue(int maxSamples, int maxBytes, int initialBytes, int flushEvery)
    {
        _maxSamples = Math.Max(1, maxSamples);
        _maxBytes = Math.Max(initialBytes, maxBytes);
        _flushEvery = flushEvery;
        _data = new byte[Math.Min(initialBytes, _maxBytes)];
        int records = Math.Min(_maxSamples, 4096);
        _offsets = new int[records];
        _lengths = new int[records];
    }

    /// <summary>Set when there is something to send.</summary>
    public WakeSignal Ready { get; } = new();

    /// <summary>Samples dropped because the consumer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Samples waiting.</summary>
    public int Count
    {
        get
        {
            bool taken = false;
            try { _gate.Enter(ref taken); return _count; }
            finally { if (taken) _gate.Exit(false); }
        }
    }

    /// <summary>Adds one record; <paramref name="pushthrough"/> makes everything queued so far sendable now.</summary>
    public void Enqueue(ReadOnlySpan<byte> record, bool pushthrough)
    {
        bool wake;
        bool taken = false;
        try
        {
            _gate.Enter(ref taken);
            if (_count == _maxSamples) DropOldest();
            if (_count == _offsets.Length) GrowRecords();
            int at = Reserve(record.Length);
            record.CopyTo(_data.AsSpan(at));
            int slot = (_first + _count) % _offsets.Length;
            _offsets[slot] = at;
            _lengths[slot] = record.Length;
            _count++;
            _tail = at + record.Length;
            if (pushthrough || (_flushEvery > 0 && _count - _flushable >= _flushEvery)) _flushable = _count;
            wake = _flushable > 0;
        }
        finally
        {
            if (taken) _gate.Exit(false);
        }

        if (wake) Ready.Set();
    }

    /// <summary>
    /// Copies up to <paramref name="maxRecords"/> sendable records into <paramref name="destination"/> (as many as fit)
    /// and their lengths into <paramref name="lengths"/>; returns how many.
    /// </summary>
    public int Take(Span<byte> destination, Span<int> lengths, int maxRecords, out int bytes)
    {
        bytes = 0;
        bool taken = false;
        try
        {
            _gate.Enter(ref taken);
            int n = 0;
            int limit = Math.Min(Math.Min(maxRecords, lengths.Length), _flushable);
            while (n < limit)
            {
                int length = _lengths[_first];
                if (bytes + length > destination.Length) break;
                _data.AsSpan(_offsets[_first], length).CopyTo(destination[bytes..]);
                lengths[n++] = length;
                bytes += length;
                RemoveOldest();
                _flushable--;
            }

            if (_flushable == 0) Ready.Reset();
            return n;
        }
        finally
        {
            if (taken) _gate.Exit(false);
        }
    }

    /// <summary>Length of the oldest sendable record (0 when none), so a sender can size its buffer.</summary>
    public int PeekLength()
    {
        bool taken = false;
        try { _gate.Enter(ref taken); return _flushable > 0 ? _lengths[_first] : 0; }
        finally { if (taken) _gate.Exit(false); }
    }

    private void DropOldest()
    {
        RemoveOldest();
        if (_flushable > 0) _flushable--;
        Interlocked.Increment(ref _dropped);
    }

    private void RemoveOldest()
    {
        _first = (_first + 1) % _offsets.Length;
        _count--;
        if (_count == 0)
        {
            _first = 0;
            _head = _tail = 0;
        }
        else
        {
            _head = _offsets[_first];
        }
    }

    // Finds room for a record: after the tail, else from offset 0 before the head (records are stored
    // circularly from _head to _tail); drops the oldest records, or grows the store up to its bound, until it fits.
    private int Reserve(int length)
    {
        while (true)
        {
            if (_count == 0)
            {
                _head = _tail = 0;
                if (length > _data.Length) Grow(length);
                return 0;
            }

            if (_tail > _head)
            {
                if (_tail + length <= _data.Length) return _tail;
                if (length <= _head) return 0;
            }
            else if (_tail + length <= _head)
            {
                return _tail;
            }

            if (_data.Length < _maxBytes) Grow(length);
            else DropOldest();
        }
    }

    private void Grow(int needed)
    {
        int size = Math.Max(needed, Math.Min(_maxBytes, Math.Max(_data.Length * 2, needed * 2)));
        var data = new byte[size];
        int at = 0;
        for (int i = 0; i < _count; i++)
        {
            int slot = (_first + i) % _offsets.Length;
            _data.AsSpan(_offsets[slot], _lengths[slot]).CopyTo(data.AsSpan(at));
            _offsets[slot] = at;
            at += _lengths[slot];
        }

        _data = data;
        _head = _count > 0 ? _offsets[_first] : 0;
        _tail = at;
    }

    private void GrowRecords()
    {
        int size = Math.Min(_maxSamples, _offsets.Length * 2);
        var offsets = new int[size];
        var lengths = new int[size];
        for (int i = 0; i < _count; i++)
        {
            int slot = (_first + i) % _offsets.Length;
            offsets[i] = _offsets[slot];
            lengths[i] = _lengths[slot];
        }

        _offsets = offsets;
        _lengths = lengths;
        _first = 0;
    }
}
