using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// Bit-exact software model of the NeuroCoreX board (spec shared/specs/neurocorex.md §4–§8) at timestep level: feed it
/// the host→board byte stream, read back the board→host bytes. It reproduces the RTL's bugs (one event per timestep,
/// last event never applied, state leaking across runs, FF zeroing of neuron k+1, recurrent register carry, 7-bit
/// scaling wrap, read-back of 9 215 FF bytes, STDP wraps and transposed FF addressing). Timesteps are computed as the
/// events that drive them arrive (a batch run is complete when its terminator arrives; a streaming run advances with
/// every event) or, with <see cref="RealTime"/>, on a caller-driven clock. Byte content equals the board's; the timing
/// of bytes within a timestep is not modelled.
/// </summary>
public sealed class NcxBoard
{
    private const int N = NcxLayout.Size;
    private const int M = NcxLayout.MatrixEntries;
    private const int MaxEvents = 1024;
    private bool _realTime;

    private readonly sbyte[] _ff = new sbyte[M];
    private readonly sbyte[] _aa = new sbyte[M];
    private readonly int[] _words = new int[NcxLayout.ParameterWords];
    private readonly bool[] _enable = new bool[2 * M]; // AA then FF, flat order
    private readonly NcxEvent[] _fifo = new NcxEvent[MaxEvents];
    private readonly NcxStdp _stdp;

    // Receiver (spec §4).
    private enum Rx { Idle, Matrix, Parameters, Events, Debug, ReadBack, Enables, Swallow }

    private Rx _rx = Rx.Idle;
    private bool _rxFf;
    private int _rxCount;
    private int _paramPointer;
    private int _enablePointer;
    private readonly byte[] _word = new byte[6];
    private int _fifoHead;
    private int _fifoCount;
    private int _bias;
    private int _nDebug;

    // Neuron core state (spec §7.2, §5.5).
    private readonly int[] _v = new int[NcxLayout.Neurons];
    private readonly int[] _i = new int[NcxLayout.Neurons];
    private readonly int[] _r = new int[N];
    private int[] _sPrev = new int[N];
    private int[] _sPrev2 = new int[N];
    private int[] _sNew = new int[N];
    private int[] _aPrev = new int[N];
    private int[] _aNew = new int[N];
    private readonly int[] _f = new int[N];
    private readonly bool[] _spiked = new bool[N];
    private int _iso;
    private int _iff;
    private int _timestepGlobal;
    private bool _inCarry;
    private bool _inCarry2;

    // The running run (spec §5): consumption counters, timestep within the run, carried registers, output bit packer.
    private bool _running;
    private bool _stopWhenEmpty;
    private int _c;
    private int _cPrev;
    private int _t;
    private bool _inPrev;
    private bool _inPrev2;
    private int _read89;
    private int _read89Prev;
    private bool _firstTimestep;
    private int _bitBuffer;
    private int _bitCount;

    // Output queue.
    private byte[] _out = new byte[16384];
    private int _outHead;
    private int _outTail;

    /// <summary>Creates a board in its power-up state; the power-up 0x00 byte is already queued (spec §3).</summary>
    public NcxBoard(INcxProbe? probe = null)
    {
        Probe = probe;
        Array.Fill(_ff, (sbyte)1);
        Array.Fill(_aa, (sbyte)6);
        Array.Fill(_words, 512, 0, N);
        Array.Fill(_words, 4, N, N);
        _stdp = new NcxStdp(this);
        Push(0x00);
    }

    /// <summary>Observer of internal state, or null.</summary>
    public INcxProbe? Probe { get; set; }

    /// <summary>Bytes waiting to be read.</summary>
    public int Available => _outTail - _outHead;

    /// <summary>
    /// Real-time pacing: timesteps are computed only by <see cref="Tick"/> (960 µs each, idle timesteps while the FIFO
    /// is empty, events queue up to 1 024 and further ones are dropped), as on the real board. When false (the default)
    /// the board computes "as fast as possible": virtual time advances only while events are queued, so a run is
    /// computed as its events arrive (streaming) and completely at its terminator (batch). Change it only between runs.
    /// </summary>
    public bool RealTime
    {
        get => _realTime;
        set
        {
            if (_running)
            {
                throw new InvalidOperationException("NcxBoard.RealTime can only change between runs");
            }

            _realTime = value;
        }
    }

    /// <summary>Whether a run is in progress (its first event arrived, its last timestep not yet computed).</summary>
    public bool Running => _running;

    /// <summary>Timesteps computed in the current run (or the last one), its truncated last timestep excluded.</summary>
    public int RunTimestep => _t;

    /// <summary>Events in the event FIFO.</summary>
    public int QueuedEvents => _fifoCount;

    /// <summary>Events dropped because the 1 024-entry FIFO was full (the board drops them silently, spec §4.3).</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Runs completed since power-up.</summary>
    public int RunsCompleted { get; private set; }

    internal sbyte[] Ff => _ff;

    internal sbyte[] Aa => _aa;

    internal bool[] Enable => _enable;

    internal int Word(int index) => _words[index];

    /// <summary>Feeds host→board bytes.</summary>
    public void Write(ReadOnlySpan<byte> input)
    {
        foreach (byte b in input)
        {
            Receive(b);
        }
    }

    /// <summary>Moves up to <c>destination.Length</c> queued board→host bytes into <paramref name="destination"/>.</summary>
    public int Read(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, Available);
        _out.AsSpan(_outHead, n).CopyTo(destination);
        _outHead += n;
        if (_outHead == _outTail)
        {
            _outHead = _outTail = 0;
        }

        return n;
    }

    private void Receive(byte b)
    {
        switch (_rx)
        {
            case Rx.Idle:
                _rxCount = 0;
                switch (b >> 4)
                {
                    case 0x0: _rx = Rx.Matrix; _rxFf = true; break;
                    case 0x1: _rx = Rx.Matrix; _rxFf = false; _stdp.ResetAaTraces(); break;
                    case 0x2: _rx = Rx.Parameters; break;
                    case 0x3: _rx = Rx.Events; break;
                    case 0x4: _rx = Rx.Debug; break;
                    case 0x5: _rx = Rx.ReadBack; break;
                    case 0x6: _rx = Rx.Enables; break;
                    default: _rx = Rx.Swallow; break;
                }

                break;
            case Rx.Matrix:
                if (_rxCount < M)
                {
                    (_rxFf ? _ff : _aa)[_rxCount] = (sbyte)b;
                    if (!_rxFf)
                    {
                        _stdp.OnAaWeightWrite(_rxCount);
                    }

                    _rxCount++;
                }
                else
                {
                    _rx = Rx.Idle; // the extra byte
                }

                break;
            case Rx.Parameters:
                _word[_rxCount % 3] = b;
                if (++_rxCount % 3 == 0)
                {
                    _words[_paramPointer] = Signed18(_word[0] | _word[1] << 8 | (_word[2] & 3) << 16);
                    _paramPointer = (_paramPointer + 1) % NcxLayout.ParameterWords;
                    if (_rxCount == 3 * NcxLayout.ParameterWords)
                    {
                        _rx = Rx.Idle;
                    }
                }

                break;
            case Rx.Debug:
                _word[_rxCount++] = b;
                if (_rxCount == 6)
                {
                    _bias = Signed18(_word[0] | _word[1] << 8 | (_word[2] & 3) << 16);
                    _nDebug = _word[3];
                    _rx = Rx.Idle;
                }

                break;
            case Rx.Events:
                _word[_rxCount++] = b;
                if (_rxCount == 3)
                {
                    _rxCount = 0;
                    if (_word[0] == 0xFF && _word[1] == 0xFF && _word[2] == 0xFF)
                    {
                        _rx = Rx.Idle;
                        Terminate();
                    }
                    else
                    {
                        QueueEvent(new NcxEvent(_word[0], (ushort)(_word[1] | _word[2] << 8)));
                    }
                }

                break;
            case Rx.ReadBack:
                _rx = Rx.Idle;
                for (int i = 0; i < NcxLayout.ReadBackBytes; i++)
                {
                    Push((byte)_ff[i]);
                }

                _enablePointer = 0;
                break;
            case Rx.Enables:
                if (_rxCount < NcxLayout.EnableBytes)
                {
                    for (int j = 0; j < 8; j++)
                    {
                        int p = _enablePointer++;
                        if (p < _enable.Length)
                        {
                            _enable[p] = (b >> (7 - j) & 1) != 0;
                        }
                    }

                    _rxCount++;
                }
                else
                {
                    _rx = Rx.Idle;
                }

                break;
            default:
                _rx = Rx.Idle;
                break;
        }
    }

    // Run control (spec §5.2–§5.4). The event FIFO is a ring of 1 024 entries; C and C_prev are the RTL's consumption
    // counters; the run's per-timestep state lives in fields so that a run can be computed timestep by timestep while
    // events keep arriving (streaming) or on a clock (real-time pacing).
    private void QueueEvent(NcxEvent e)
    {
        _stopWhenEmpty = false; // the next event clears the terminator's flag
        if (_fifoCount == MaxEvents)
        {
            DroppedEvents++;
            return;
        }

        _fifo[(_fifoHead + _fifoCount) % MaxEvents] = e;
        _fifoCount++;
        if (!_running)
        {
            StartRun();
        }

        if (!RealTime)
        {
            Pump();
        }
    }

    private void Terminate()
    {
        _stopWhenEmpty = true;
        if (_running && !RealTime)
        {
            Pump();
        }
    }

    /// <summary>
    /// As fast as possible: computes every timestep whose input is known. A timestep that does not consume the head
    /// event needs only a non-empty FIFO; one that consumes the last queued event waits for what follows it (another
    /// event, or the terminator that makes it the run's truncated last timestep), so the result never depends on how
    /// the bytes were chunked.
    /// </summary>
    private void Pump()
    {
        while (_running)
        {
            if (_fifoCount == 0)
            {
                if (_stopWhenEmpty)
                {
                    EndRun(consumedLast: false);
                }

                return;
            }

            bool due = _c + 1 - _cPrev > _fifo[_fifoHead].Dt;
            if (due && _fifoCount == 1 && !_stopWhenEmpty)
            {
                return;
            }

            StepTimestep(fifoNonEmpty: true);
        }
    }

    /// <summary>
    /// Real-time pacing (<see cref="RealTime"/>): advances the board by <paramref name="timesteps"/> timesteps of 960 µs,
    /// as the real board does whether or not events are queued: a timestep with an empty FIFO is an idle timestep (no
    /// input, the dt counter C does not advance, spec §5.3). Returns the timesteps computed (fewer when the run ends, 0
    /// between runs). The caller owns the clock (a pseudo-terminal server calls it from its wall clock).
    /// </summary>
    public int Tick(int timesteps)
    {
        if (!RealTime)
        {
            throw new InvalidOperationException("NcxBoard.Tick is for real-time pacing; set RealTime = true first (as-fast-as-possible boards compute timesteps as events arrive)");
        }

        int done = 0;
        while (done < timesteps && _running)
        {
            if (_fifoCount == 0 && _stopWhenEmpty)
            {
                EndRun(consumedLast: false);
                break;
            }

            bool ended = !StepTimestep(_fifoCount > 0);
            done++;
            if (ended)
            {
                break;
            }
        }

        return done;
    }

    /// <summary>One timestep of the running run; returns false when it was the truncated last one (the run ended).</summary>
    private bool StepTimestep(bool fifoNonEmpty)
    {
        int address = -1;
        if (fifoNonEmpty)
        {
            _c++;
            NcxEvent head = _fifo[_fifoHead];
            if (_c - _cPrev > head.Dt)
            {
                _cPrev = _c;
                _fifoHead = (_fifoHead + 1) % MaxEvents;
                _fifoCount--;
                if (_fifoCount == 0 && _stopWhenEmpty)
                {
                    // The last event of a run is consumed in τₙ, which is truncated and never applies it (§5.4).
                    EndRun(consumedLast: true);
                    return false;
                }

                address = head.Address;
            }
        }

        ComputeTimestep(address);
        return true;
    }

    private void StartRun()
    {
        _running = true;
        _enablePointer = 0;
        _c = 0;
        _cPrev = 0;
        _t = 0;
        Push(0xFF);
        _bitBuffer = 0;
        _bitCount = 0;
        // The input latch is not cleared between runs (vector multirun_readback: input_flag = 1 in timestep 1 of
        // run 2, set by run 1's last event); the FF accumulator is.
        _inPrev = _inCarry;
        _inPrev2 = _inCarry2;
        _read89Prev = 0;
        _read89 = 0;
        Array.Clear(_f);
        _firstTimestep = true;
        _stdp.OnRunStart();
    }

    /// <summary>Computes timestep t of the run (spec §7.3), consuming an event to <paramref name="address"/> (or none: -1).</summary>
    private void ComputeTimestep(int address)
    {
        _t++;
        _timestepGlobal++;
        Array.Clear(_sNew);
        Array.Clear(_aNew);
        int gain = _words[N] & 0xFF;
        int leak = _words[2 * N + 8];
        int biasSlot = _nDebug + 3;
        bool inPrev = _inPrev;
        bool inPrev2 = _inPrev2;
        bool firstTimestep = _firstTimestep;
        int read89 = _read89;
        int read89Prev = _read89Prev;

        for (int s = 0; s < N; s++)
        {
            bool spike = false;
            // Register inputs for this slot (spec §7.4).
            int si = s switch
            {
                >= 3 and <= 93 => _sPrev[s + 1],
                1 or 2 => firstTimestep ? _sPrev[4] : _sPrev2[s + 93],
                _ => 0,
            };
            int w = s is >= 1 and <= 92 ? _aPrev[s + 3] : s == 93 ? _aPrev[95] : 0;
            int fs = s is >= 1 and <= 92 ? _f[s + 3] : 0;
            bool ins = s >= 3 ? inPrev : inPrev2;
            int iin;
            if (s is >= 3 and <= 92)
            {
                iin = _i[s - 3];
                if (s == 92)
                {
                    read89 = iin;
                }
            }
            else
            {
                iin = s >= 93 ? read89 : read89Prev;
            }

            if (s is >= 4 and <= 93)
            {
                int k = s - 4;
                int u = Wrap18(_v[k] + (s == biasSlot ? _bias : 0));
                int vth = _words[s];
                spike = u >= vth && _r[s] == 0;
                Probe?.OnNeuron(new NcxNeuronState(_timestepGlobal, s, k, u, _iso, _iff, inPrev ? 1 : 0, si, _r[s], vth, w, fs));
                _v[k] = spike ? 0 : Wrap18(u - leak + _iso + _iff);
                _i[k] = _iso;
                PushBit(spike);
            }

            _spiked[s] = spike;
            if (si > 0)
            {
                _iso = Wrap18(iin + Scale(w));
            }

            if (ins)
            {
                _iff = spike ? 0 : Scale(fs * gain);
            }
            else if (!(si > 0))
            {
                _iff = 0;
            }

            int rmax = _words[N + s];
            if (spike)
            {
                _r[s] = 1;
            }
            else if (_r[s] >= 1 && _r[s] < rmax)
            {
                _r[s] = Wrap18(_r[s] + 1);
            }
            else if (_r[s] >= rmax)
            {
                _r[s] = 0;
            }

            if (spike)
            {
                for (int j = 0; j < N; j++)
                {
                    if (j != s)
                    {
                        _sNew[j] = (sbyte)(_sNew[j] + 1);
                    }
                }

                int c = s + 1;
                for (int row = 0; row < N; row++)
                {
                    if (row != c)
                    {
                        _aNew[row] = Wrap15(_aNew[row] + _aa[row * N + c]);
                    }
                }
            }

            _stdp.AfterSlot(s, spike, s == 1 ? address : -1);
        }

        // Event consumption in this timestep (applies in t+1).
        _inPrev2 = inPrev;
        _inPrev = false;
        Array.Clear(_f);
        if (address >= 0)
        {
            for (int row = 0; row < N; row++)
            {
                _f[row] = _ff[row * N + address];
            }

            _inPrev = true;
        }

        (_sPrev2, _sPrev, _sNew) = (_sPrev, _sNew, _sPrev2);
        (_aPrev, _aNew) = (_aNew, _aPrev);
        _read89Prev = read89;
        _read89 = read89;
        _firstTimestep = false;
    }

    private void EndRun(bool consumedLast)
    {
        // Truncated last timestep τₙ: 89 zero bits, incomplete byte dropped.
        for (int b = 0; b < 89; b++)
        {
            PushBit(false);
        }

        _timestepGlobal++;

        // Between runs (spec §7.5).
        if (_sPrev2[94] > 0 || _sPrev2[95] > 0)
        {
            _iso = Wrap18(_read89 + Scale(_aPrev[4]));
        }

        if (_sPrev[4] > 0)
        {
            _iso = Scale(_aPrev[4]);
        }

        _iff = 0;
        _inCarry = consumedLast; // the input latch holds what τₙ consumed
        _inCarry2 = _inPrev;
        Array.Clear(_v);
        Array.Clear(_i);
        _running = false;
        _stopWhenEmpty = false;
        RunsCompleted++;
    }

    private void PushBit(bool bit)
    {
        _bitBuffer |= (bit ? 1 : 0) << _bitCount;
        if (++_bitCount == 8)
        {
            Push((byte)_bitBuffer);
            _bitBuffer = 0;
            _bitCount = 0;
        }
    }

    /// <summary>G(p): keeps the sign of p and its low 7 bits, in units of 1.0 (spec §7.1).</summary>
    internal static int Scale(int p) => ((p & 127) - (p < 0 ? 128 : 0)) * NcxLayout.One;

    internal static int Wrap18(int x) => (x << 14) >> 14;

    internal static int Wrap15(int x) => (x << 17) >> 17;

    internal static int Signed18(int x) => Wrap18(x);

    private void Push(byte b)
    {
        if (_outTail == _out.Length)
        {
            Array.Resize(ref _out, _out.Length * 2);
        }

        _out[_outTail++] = b;
    }
}
