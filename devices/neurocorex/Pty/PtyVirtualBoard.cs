using System.Diagnostics;
using System.Runtime.InteropServices;
using NeuroRT.Serial;
using static NeuroRT.Serial.PosixNative;

namespace NeuroRT.Devices.NeuroCoreX.Pty;

/// <summary>
/// Serves an <see cref="NcxBoard"/> on a pseudo-terminal, so that any program that talks to a NeuroCoreX board over a
/// serial port (the NeuroRT driver, the vendor's Python notebook, a terminal program) can talk to the model instead:
/// open <see cref="SlavePath"/> as the device. A dedicated thread moves the bytes a client writes into
/// <see cref="NcxBoard.Write"/> and the board's answers back to the client. The board is powered up when the server
/// starts: its power-up 0x00 is queued then, and a client that opens the tty later does not see it (opening the port
/// discards what was queued), as with the real board.
/// <para>
/// Clients may come and go: when the last one closes the tty the server waits for the next (the pty master reports a
/// hang-up and EIO meanwhile) and the board keeps its state, as a board stays powered while the host closes the port.
/// What a client left unread when it closed is discarded, and the board's output is dropped while no client has the
/// tty open (<see cref="BytesDropped"/>), as on a real port. <see cref="Stop"/> closes the master: clients then see a hang-up, as when the board is unplugged.
/// </para>
/// <para>
/// With <c>realtime</c> no byte leaves before the board would send it (spike stream at the pace of the slots, read-back
/// one byte per 21 µs; calibrated on the simulated RTL's byte times), scheduled on the monotonic clock; by default the
/// answers leave as soon as the model has computed them. The serving loop allocates nothing once running (<see cref="ServerAllocatedBytes"/>).
/// </para>
/// </summary>
public sealed unsafe class PtyVirtualBoard : IDisposable
{
    private const int BufferBytes = 1 << 16;

    // While no client has the tty open, the master reports a hang-up at once on every poll, so it is checked again
    // after a pause: 1 ms at first, doubling up to 50 ms while nobody comes (an idle server costs 20 wake-ups/s). A
    // client that opens the tty is served within that pause.
    private const int NoClientRecheckMaxMs = 50;

    private readonly NcxBoard _board;
    private readonly HostBytesObserver? _hostBytes;
    private readonly PseudoTerminalMaster _master;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly NcxHostFramer _framer = new();
    private readonly NcxOutputPacer? _pacer;
    private readonly byte[] _in = GC.AllocateArray<byte>(4096, pinned: true);
    private readonly byte[] _out = GC.AllocateArray<byte>(BufferBytes, pinned: true);
    private int _outStart;
    private int _outEnd;
    private long _bytesIn, _bytesOut, _bytesDropped, _runs, _readBacks, _hangUps, _allocated;
    private volatile bool _clientConnected;
    private volatile Exception? _fault;
    private int _stopped;

    /// <summary>
    /// Creates the pseudo-terminal and starts serving <paramref name="board"/> (a new board in its power-up state when
    /// null). <paramref name="realtime"/>: pace the answers as the real board would (see the class remarks).
    /// Throws <see cref="SerialPortException"/> when no pseudo-terminal can be created.
    /// </summary>
    public PtyVirtualBoard(NcxBoard? board = null, bool realtime = false, HostBytesObserver? hostBytes = null)
    {
        _board = board ?? new NcxBoard();
        _hostBytes = hostBytes;
        _pacer = realtime ? new NcxOutputPacer() : null;
        Realtime = realtime;
        _master = new PseudoTerminalMaster();
        _wake = EventFd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (_wake < 0)
        {
            int e = Marshal.GetLastPInvokeError();
            _master.Dispose();
            throw new SerialPortException(_master.SlavePath, $"virtual board '{_master.SlavePath}': eventfd failed: {Describe(e)}", e);
        }

        SlavePath = _master.SlavePath;
        // The board sends its power-up byte right after configuration, before any host can have opened the port: queue
        // it in the tty now, so a client that opens and flushes (as SerialPort does) never sees it.
        PullBoardOutput();
        SendDue(Stopwatch.GetTimestamp(), noClient: false);
        _thread = new Thread(Serve) { IsBackground = true, Name = "NeuroCoreX virtual board " + SlavePath };
        _thread.Start();
    }

    /// <summary>Sees every byte the host sent, in order, on the serving thread, before the board gets it (for checks and
    /// logging; it must not block).</summary>
    public delegate void HostBytesObserver(ReadOnlySpan<byte> bytes);

    /// <summary>The tty a client opens (pass it as the board's <c>device:</c>), e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    /// <summary>Whether answers are paced as the real board's (see the class remarks).</summary>
    public bool Realtime { get; }

    /// <summary>Bytes received from clients.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes handed to the tty for clients (the power-up byte included).</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Board bytes discarded because no client had the tty open (after a client closed it).</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Runs started and terminated (FF FF FF after at least one event).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>FF weight read-backs requested.</summary>
    public long ReadBacks => Interlocked.Read(ref _readBacks);

    /// <summary>How many times the last client closed the tty (each time the server waited for the next one).</summary>
    public long HangUps => Interlocked.Read(ref _hangUps);

    /// <summary>Whether a client has the tty open (as far as the last check tells; before the first client: false).</summary>
    public bool ClientConnected => _clientConnected;

    /// <summary>Bytes the serving thread has allocated since it started (constant once it runs: the loop allocates nothing).</summary>
    public long ServerAllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Why the serving thread stopped on its own (the board or the tty failed), else null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Whether the serving thread has ended (stopped, or failed: see <see cref="Fault"/>).</summary>
    public bool HasStopped => !_thread.IsAlive;

    /// <summary>Stops serving and closes the master, so clients see a hang-up ("the board was unplugged"). Idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.CompareExchange(ref _stopped, 1, 0) == 0)
        {
            ulong one = 1;
            PosixNative.Write(_wake, (byte*)&one, 8);
        }

        _thread.Join();
    }

    /// <summary>Stops serving (see <see cref="Stop"/>) and releases the wake-up descriptor.</summary>
    public void Dispose()
    {
        Stop();
        if (Interlocked.Exchange(ref _stopped, 2) == 1) Close(_wake);
    }

    private void Serve()
    {
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Loop(allocatedAtStart);
        }
        catch (Exception e)
        {
            _fault = e;
        }
        finally
        {
            _master.Dispose();
        }
    }

    private void Loop(long allocatedAtStart)
    {
        PollFd* fds = stackalloc PollFd[2];
        bool noClient = false;
        bool blocked = false; // the tty's buffer is full: wait for POLLOUT
        int recheckMs = 1;
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (!blocked) blocked = SendDue(now, noClient);
            long wakeAt = !blocked && _outEnd > _outStart ? NextDue(now) : long.MaxValue;
            if (noClient) wakeAt = Math.Min(wakeAt, now + recheckMs * Stopwatch.Frequency / 1000);
            Interlocked.Exchange(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);

            fds[0] = new PollFd { fd = noClient ? -1 : _master.Fd, events = (short)(POLLIN | (blocked ? POLLOUT : 0)) };
            fds[1] = new PollFd { fd = _wake, events = POLLIN };
            int r = Wait(fds, wakeAt);
            if (r < 0)
            {
                int e = Marshal.GetLastPInvokeError();
                if (e == EINTR) continue;
                throw new SerialPortException(SlavePath, $"virtual board '{SlavePath}': ppoll failed: {Describe(e)}", e);
            }

            if (fds[1].revents != 0) return; // Stop()

            if (noClient)
            {
                // Still hung up? poll reports POLLHUP on the master for as long as no client has the slave open.
                PollFd probe = new() { fd = _master.Fd, events = POLLIN };
                if (Poll(&probe, 1, 0) >= 0 && (probe.revents & POLLHUP) == 0)
                {
                    noClient = false;
                    _clientConnected = true;
                    blocked = false;
                }
                else
                {
                    recheckMs = Math.Min(2 * recheckMs, NoClientRecheckMaxMs);
                }

                continue;
            }

            short rev = fds[0].revents;
            if ((rev & POLLOUT) != 0) blocked = false;
            if ((rev & POLLIN) != 0 ? !ReadHost() : (rev & (POLLHUP | POLLERR)) != 0)
            {
                noClient = MarkHangUp();
                blocked = false;
                recheckMs = 1;
            }
        }
    }

    // The last client closed the tty. What it left unread is discarded (a real port loses it on close too; a pty
    // would otherwise hand it to the next client, which may not flush at open), and until a client opens again the
    // board's bytes go nowhere, as on a wire with no host at the end.
    private bool MarkHangUp()
    {
        // Discard first, count after: whoever waits on HangUps may open the tty at once and must find it empty.
        _clientConnected = false;
        _master.DiscardUnread();
        Interlocked.Increment(ref _hangUps);
        return true;
    }

    // Reads what the client sent and feeds it to the board; false when the client has gone (EIO).
    private bool ReadHost()
    {
        nint n;
        fixed (byte* p = _in)
        {
            n = PosixNative.Read(_master.Fd, p, (nuint)_in.Length);
        }

        if (n <= 0)
        {
            int e = n == 0 ? EIO : Marshal.GetLastPInvokeError();
            if (e == EINTR || e == EAGAIN) return true;
            if (e == EIO) return false;
            throw new SerialPortException(SlavePath, $"virtual board '{SlavePath}': read from the pty master failed: {Describe(e)}", e);
        }

        _clientConnected = true;
        long now = Stopwatch.GetTimestamp();
        var data = new ReadOnlySpan<byte>(_in, 0, (int)n);
        for (int i = 0; i < data.Length; i++)
        {
            switch (_framer.Feed(data[i]))
            {
                case NcxHostEvent.RunStart:
                    _pacer?.OnRunStart(now);
                    break;
                case NcxHostEvent.RunEnd:
                    Interlocked.Increment(ref _runs);
                    _pacer?.OnRunEnd(_framer.LastEventTimestep);
                    break;
                case NcxHostEvent.ReadBack:
                    Interlocked.Increment(ref _readBacks);
                    _pacer?.OnReadBack(now);
                    break;
            }
        }

        Interlocked.Add(ref _bytesIn, n);
        _hostBytes?.Invoke(data);
        _board.Write(data);
        PullBoardOutput();
        return true;
    }

    // Moves the board's answers into the send buffer (as much as fits; the rest waits in the board).
    private void PullBoardOutput()
    {
        while (_board.Available > 0)
        {
            if (_outStart > 0 && _outEnd == _out.Length)
            {
                Buffer.BlockCopy(_out, _outStart, _out, 0, _outEnd - _outStart);
                _outEnd -= _outStart;
                _outStart = 0;
            }

            if (_outEnd == _out.Length) return;
            int n = _board.Read(_out.AsSpan(_outEnd));
            _outEnd += n;
            _pacer?.OnProduced(n);
        }
    }

    // Writes the bytes that are due (drops them while no client is there); true when the tty's buffer is full.
    private bool SendDue(long now, bool noClient)
    {
        while (_outEnd > _outStart)
        {
            int pending = _outEnd - _outStart;
            int due = _pacer is null ? pending : _pacer.DueCount(now, pending);
            if (due == 0) return false;
            if (noClient)
            {
                Drop(due);
                continue;
            }

            nint n;
            fixed (byte* p = _out)
            {
                n = PosixNative.Write(_master.Fd, p + _outStart, (nuint)due);
            }

            if (n > 0)
            {
                Sent((int)n);
                Interlocked.Add(ref _bytesOut, n);
                PullBoardOutput();
                continue;
            }

            int e = n == 0 ? EAGAIN : Marshal.GetLastPInvokeError();
            if (e == EINTR) continue;
            if (e != EAGAIN && e != EIO) throw new SerialPortException(SlavePath, $"virtual board '{SlavePath}': write to the pty master failed: {Describe(e)}", e);
            return true; // EAGAIN: the client is not reading fast enough; EIO: it just closed (poll tells next)
        }

        return false;
    }

    private void Drop(int n)
    {
        Sent(n);
        Interlocked.Add(ref _bytesDropped, n);
        PullBoardOutput();
    }

    private void Sent(int n)
    {
        _outStart += n;
        if (_outStart == _outEnd) _outStart = _outEnd = 0;
        _pacer?.OnDelivered(n);
    }

    private long NextDue(long now) => _pacer is null ? now : _pacer.NextDue();

    private static int Wait(PollFd* fds, long wakeAt)
    {
        if (wakeAt == long.MaxValue) return PPoll(fds, 2, null, null);
        long ticks = Math.Max(0, wakeAt - Stopwatch.GetTimestamp());
        long ns = (long)(ticks * (1e9 / Stopwatch.Frequency));
        TimeSpec t = new() { tv_sec = ns / 1_000_000_000, tv_nsec = ns % 1_000_000_000 };
        return PPoll(fds, 2, &t, null);
    }
}
