using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// Bit-exact software model of the NeuroCoreX board (spec shared/specs/neurocorex.md §4–§8) at timestep level: feed it
/// the host→board byte stream, read back the board→host bytes. It reproduces the RTL's bugs (one event per timestep,
/// last event never applied, state leaking across runs, FF zeroing of neuron k+1, recurrent register carry, 7-bit
/// scaling wrap, read-back of 9 215 FF bytes, STDP wraps and transposed FF addressing). A run is computed in one go
/// when its terminator arrives (batch mode); the byte content equals the board's, the byte timing is not modelled.
/// </summary>
public sealed class NcxBoard
{
    private const int N = NcxLayout.Size;
    private const int M = NcxLayout.MatrixEntries;
    private const int MaxEvents = 1024;

    private readonly sbyte[] _ff = new sbyte[M];
    private readonly sbyte[] _aa = new sbyte[M];
    private readonly int[] _words = new int[NcxLayout.ParameterWords];
    private readonly bool[] _enable = new bool[2 * M]; // AA then FF, flat order
    private readonly NcxEvent[] _events = new NcxEvent[MaxEvents];
    private readonly NcxStdp _stdp;

    // Receiver (spec §4).
    private enum Rx { Idle, Matrix, Parameters, Events, Debug, ReadBack, Enables, Swallow }

    private Rx _rx = Rx.Idle;
    private bool _rxFf;
    private int _rxCount;
    private int _paramPointer;
    private int _enablePointer;
    private readonly byte[] _word = new byte[6];
    private int _eventCount;
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
                        RunToCompletion();
                    }
                    else if (_eventCount < MaxEvents)
                    {
                        _events[_eventCount++] = new NcxEvent(_word[0], (ushort)(_word[1] | _word[2] << 8));
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

    private void RunToCompletion()
    {
        if (_eventCount == 0)
        {
            return;
        }

        _enablePointer = 0;
        // Timestep at which each event is consumed: τᵢ = τᵢ₋₁ + dtᵢ + 1.
        int tauLast = 0;
        for (int e = 0; e < _eventCount; e++)
        {
            tauLast += _events[e].Dt + 1;
        }

        Push(0xFF);
        int bitBuffer = 0;
        int bitCount = 0;
        int nextEvent = 0;
        int nextEventTau = _events[0].Dt + 1;
        // The input latch is not cleared between runs (vector multirun_readback: input_flag = 1 in timestep 1 of
        // run 2, set by run 1's last event); the FF accumulator is.
        bool inPrev = _inCarry;
        bool inPrev2 = _inCarry2;
        int read89Prev = 0;
        int read89 = 0;
        Array.Clear(_f);
        bool firstTimestep = true;
        _stdp.OnRunStart();

        for (int t = 1; t < tauLast; t++)
        {
            _timestepGlobal++;
            Array.Clear(_sNew);
            Array.Clear(_aNew);
            int gain = _words[N] & 0xFF;
            int leak = _words[2 * N + 8];
            int biasSlot = _nDebug + 3;

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
                    bitBuffer |= (spike ? 1 : 0) << bitCount;
                    if (++bitCount == 8)
                    {
                        Push((byte)bitBuffer);
                        bitBuffer = 0;
                        bitCount = 0;
                    }
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

                _stdp.AfterSlot(s, spike, s == 1 && t == nextEventTau ? _events[nextEvent].Address : -1);
            }

            // Event consumption in this timestep (applies in t+1).
            inPrev2 = inPrev;
            inPrev = false;
            Array.Clear(_f);
            if (t == nextEventTau)
            {
                int a = _events[nextEvent].Address;
                for (int row = 0; row < N; row++)
                {
                    _f[row] = _ff[row * N + a];
                }

                inPrev = true;
                nextEvent++;
                if (nextEvent < _eventCount)
                {
                    nextEventTau += _events[nextEvent].Dt + 1;
                }
            }

            (_sPrev2, _sPrev, _sNew) = (_sPrev, _sNew, _sPrev2);
            (_aPrev, _aNew) = (_aNew, _aPrev);
            read89Prev = read89;
            firstTimestep = false;
        }

        // Truncated last timestep τₙ: 89 zero bits, incomplete byte dropped.
        for (int b = 0; b < 89; b++)
        {
            if (++bitCount == 8)
            {
                Push((byte)bitBuffer);
                bitBuffer = 0;
                bitCount = 0;
            }
        }

        _timestepGlobal++;

        // Between runs (spec §7.5).
        if (_sPrev2[94] > 0 || _sPrev2[95] > 0)
        {
            _iso = Wrap18(read89 + Scale(_aPrev[4]));
        }

        if (_sPrev[4] > 0)
        {
            _iso = Scale(_aPrev[4]);
        }

        _iff = 0;
        _inCarry = true; // the last event is consumed in τₙ
        _inCarry2 = inPrev;
        Array.Clear(_v);
        Array.Clear(_i);
        _eventCount = 0;
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
