using System.Diagnostics;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Devices.NeuroCoreX.Pty;

/// <summary>
/// When each board→host byte may leave, on the monotonic clock (Stopwatch ticks), so that the virtual board never
/// answers faster than the real one (spec §4.5, §6, §9). The output is cut into segments in the order the board
/// produces it: a run (0xFF marker + ⌊(90(τₙ−1)+89)/8⌋ data bytes), a read-back (9 215 bytes), or bytes no command
/// explains (the power-up 0x00), which go at once. A byte's due time depends only on its segment's anchor and its
/// index, so the schedule does not drift however the server wakes up, and a late wake-up sends every byte already
/// due at once. No allocation after construction.
/// </summary>
internal sealed class NcxOutputPacer
{
    private enum Kind : byte { Immediate, Run, ReadBack }

    private struct Segment
    {
        public Kind Kind;
        public long Anchor;
        public int Count; // -1 while a run is open (its terminator has not arrived)
        public int Produced;
        public int Delivered;
    }

    // The simulated board (board_to_host_timed.txt of the vectors) starts the marker's start bit 1 085.1 µs (a second
    // run) to 1 095.1 µs (a first run) after the end of the run's first event; the model takes the later. The spec
    // (§5.2) lets timestep 1 start 10…960 µs after the event depending on the timestep counter's phase, so a real
    // board may answer somewhat earlier after some runs: the model errs late, never early.
    private const double MarkerStartUs = 1_095.1;
    private const double MarkerSlotUs = 50; // the marker leaves at slot 5 of timestep 1 (spec §6)
    private const double TimestepUs = 960;
    private const double SlotUs = 10;
    private const double UartFrameUs = 10.1; // 10 bits of 101 fast cycles (spec §3): a byte is seen after its stop bit
    private const double ReadBackFirstUs = 41; // simulated: 40.9 µs from the end of the byte after 0x5_ to the first start bit
    private const double ReadBackPeriodUs = 21; // one byte per 2 100 fast cycles (spec §4.5)

    private const int Capacity = 256; // a power of two: segment ids are absolute, the slot is id & (Capacity - 1)
    private readonly Segment[] _segments = new Segment[Capacity];
    private readonly double _ticksPerUs = Stopwatch.Frequency / 1e6;
    private int _head; // oldest segment not fully delivered
    private int _tail; // next segment to open
    private int _produce; // segment that receives the board's next bytes

    /// <summary>A run's first event arrived at <paramref name="now"/>.</summary>
    public void OnRunStart(long now) => Open(Kind.Run, now, -1);

    /// <summary>The open run ended; its last event is consumed in timestep <paramref name="lastEventTimestep"/>.</summary>
    public void OnRunEnd(int lastEventTimestep)
    {
        for (int id = _tail - 1; id >= _head; id--)
        {
            ref Segment s = ref At(id);
            if (s.Kind == Kind.Run && s.Count < 0)
            {
                s.Count = Math.Max(s.Produced, 1 + NcxSpikeDecoder.DataBytes(lastEventTimestep));
                return;
            }
        }
    }

    /// <summary>A read-back was requested at <paramref name="now"/>.</summary>
    public void OnReadBack(long now) => Open(Kind.ReadBack, now, NcxLayout.ReadBackBytes);

    /// <summary><paramref name="n"/> more bytes came out of the board, in order.</summary>
    public void OnProduced(int n)
    {
        while (n > 0)
        {
            while (_produce < _tail && Full(in At(_produce)))
            {
                _produce++;
            }

            if (_produce == _tail && !Open(Kind.Immediate, 0, -1))
            {
                // No room for another schedule (a client that sends hundreds of commands without reading): the bytes
                // join the last answer and leave unpaced after it.
                ref Segment last = ref At(_tail - 1);
                last.Produced += n;
                if (last.Count >= 0) last.Count += n;
                return;
            }

            ref Segment s = ref At(_produce);
            int take = s.Count < 0 ? n : Math.Min(n, s.Count - s.Produced);
            s.Produced += take;
            n -= take;
        }
    }

    /// <summary>How many of the next <paramref name="pending"/> bytes are due at <paramref name="now"/>.</summary>
    public int DueCount(long now, int pending)
    {
        int due = 0;
        for (int id = _head; id < _tail && due < pending; id++)
        {
            ref Segment s = ref At(id);
            int j = s.Delivered;
            int limit = Math.Min(s.Produced, s.Delivered + pending - due);
            while (j < limit && Due(in s, j) <= now)
            {
                j++;
            }

            due += j - s.Delivered;
            if (j < s.Produced || !Full(in s)) break;
        }

        return due;
    }

    /// <summary>When the next produced byte is due (Stopwatch ticks), or long.MaxValue when none is waiting.</summary>
    public long NextDue()
    {
        for (int id = _head; id < _tail; id++)
        {
            ref Segment s = ref At(id);
            if (s.Delivered < s.Produced) return Due(in s, s.Delivered);
            if (!Full(in s)) break;
        }

        return long.MaxValue;
    }

    /// <summary><paramref name="n"/> bytes left (or were dropped), in order.</summary>
    public void OnDelivered(int n)
    {
        while (n > 0 && _head < _tail)
        {
            ref Segment s = ref At(_head);
            int take = Math.Min(n, s.Produced - s.Delivered);
            s.Delivered += take;
            n -= take;
            if (!Done(in s)) break;
            _head++;
        }

        _produce = Math.Max(_produce, _head);
    }

    private bool Open(Kind kind, long now, int count)
    {
        while (_head < _tail && Done(in At(_head)))
        {
            _head++;
        }

        _produce = Math.Max(_produce, _head);
        if (_tail - _head == Capacity) return false;
        long anchor = now;
        if (_tail > _head)
        {
            ref Segment last = ref At(_tail - 1);
            if (last.Kind == Kind.Immediate && last.Count < 0)
            {
                last.Count = last.Produced; // what the board sent before this command is all there is of it
            }

            // Answers leave one after another: this one cannot start before the previous one has been sent.
            if (last.Kind != Kind.Immediate && last.Count > 0) anchor = Math.Max(anchor, Due(in last, last.Count - 1));
        }

        At(_tail) = new Segment { Kind = kind, Anchor = anchor, Count = count };
        _tail++;
        return true;
    }

    private ref Segment At(int id) => ref _segments[id & (Capacity - 1)];

    private static bool Full(in Segment s) => s.Count >= 0 && s.Produced >= s.Count;

    private static bool Done(in Segment s) => s.Count >= 0 && s.Delivered >= s.Count;

    private long Due(in Segment s, int j)
    {
        double us;
        switch (s.Kind)
        {
            case Kind.Run:
                if (j == 0)
                {
                    us = MarkerStartUs + UartFrameUs;
                }
                else
                {
                    // Data byte j−1 is complete with stream bit 8(j−1)+7: neuron k of timestep f+1, whose bit is produced
                    // during slot k+5 (bits come out during slots 5…94, one per slot), and the byte starts at the end of
                    // that slot: a byte every 80 µs, 140 µs across a timestep boundary. As simulated, a byte completed
                    // by neuron 89 waits for slot 5 of the next timestep (the last bit of a frame is only taken then).
                    int bit = 8 * (j - 1) + 7;
                    int f = bit / NcxLayout.Neurons;
                    int k = bit % NcxLayout.Neurons;
                    int slotEnd = k == NcxLayout.Neurons - 1 ? NcxLayout.Size + 5 : k + 6;
                    us = MarkerStartUs - MarkerSlotUs + f * TimestepUs + slotEnd * SlotUs + UartFrameUs;
                }

                break;
            case Kind.ReadBack:
                us = ReadBackFirstUs + j * ReadBackPeriodUs + UartFrameUs;
                break;
            default:
                return 0;
        }

        return s.Anchor + (long)(us * _ticksPerUs);
    }
}
