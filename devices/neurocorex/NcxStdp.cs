using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// STDP machinery of the board (spec §8), applied once per slot window in the rules of §8.2 (one no-spike pass per
/// non-spiking window, i.e. without the 1 002-cycle drift of §8.3). Reproduces the 8-bit wraps, the −1 depression
/// floor, the transposed FF LTP element, the FF LTD write to row 3 and the FF catch-up on the wrong column. Trace
/// memories are 16 384 entries indexed modulo 16 384, as in the simulation the vectors come from (slot 95's window
/// addresses column 96).
/// </summary>
internal sealed class NcxStdp
{
    private const int N = NcxLayout.Size;
    private const int M = NcxLayout.MatrixEntries;
    private const int RamMask = 16384 - 1;

    private readonly NcxBoard _board;
    private readonly sbyte[] _tpre = new sbyte[RamMask + 1];
    private readonly bool[] _apre = new bool[RamMask + 1];
    private readonly sbyte[] _tpreFf = new sbyte[RamMask + 1];
    private readonly bool[] _apreFf = new bool[RamMask + 1];
    private readonly sbyte[] _tpost = new sbyte[128];
    private readonly bool[] _apost = new bool[128];
    private readonly bool[] _apreColumn = new bool[N];
    private bool _ffPassesActive;
    private int _ffSkipAddress = -1;

    public NcxStdp(NcxBoard board)
    {
        _board = board;
        Array.Fill(_tpre, (sbyte)-1);
        Array.Fill(_tpreFf, (sbyte)-1);
        Array.Fill(_tpost, (sbyte)-1);
    }

    private int TpreFfMax => (sbyte)_board.Word(3 * N);

    private int TpreAaMax => (sbyte)_board.Word(3 * N + 1);

    private int TpostAaMax => (sbyte)(_board.Word(3 * N + 1) >> 8);

    private int DwPos => (sbyte)_board.Word(3 * N + 2);

    private int DwNeg => (sbyte)(_board.Word(3 * N + 2) >> 8);

    /// <summary>Command 0x1_ resets all AA post traces.</summary>
    public void ResetAaTraces()
    {
        Array.Fill(_tpost, (sbyte)-1);
        Array.Clear(_apost);
    }

    /// <summary>An AA weight write also writes pre-trace timer −1 and flag 0 at the same flat index.</summary>
    public void OnAaWeightWrite(int flat)
    {
        _tpre[flat] = -1;
        _apre[flat] = false;
    }

    /// <summary>Start of a run: FF no-spike passes only run from the run's first input on.</summary>
    public void OnRunStart() => _ffPassesActive = false;

    /// <summary>The window after slot <paramref name="slot"/> (fast index slot + 1).</summary>
    /// <param name="slot">Slot just decided.</param>
    /// <param name="spike">Its spike decision.</param>
    /// <param name="inputAddress">Address of the event consumed in this window (slot 1's window only), or −1.</param>
    public void AfterSlot(int slot, bool spike, int inputAddress)
    {
        int c = slot + 1;
        if (spike)
        {
            SpikeWindow(c);
        }
        else
        {
            AaNoSpikePass(c);
        }

        if (inputAddress >= 0)
        {
            InputWindow(inputAddress);
        }
        else if (_ffPassesActive)
        {
            FfNoSpikePass(c);
        }
    }

    private void SpikeWindow(int c)
    {
        sbyte[] aa = _board.Aa;
        sbyte[] ff = _board.Ff;
        bool[] en = _board.Enable;

        // Row reset (step 2).
        for (int j = 0; j < N; j++)
        {
            _tpre[(c * N + j) & RamMask] = 0;
            _apre[(c * N + j) & RamMask] = true;
            TraceAa((c * N + j) & RamMask);
        }

        _tpost[c] = 0;
        _apost[c] = true;

        // LTP reads apre before the column catch-up (step 4 before step 3).
        for (int j = 0; j <= 94; j++)
        {
            _apreColumn[j] = _apre[(j * N + c) & RamMask];
        }

        // Column catch-up (step 3).
        for (int r = 0; r <= 94; r++)
        {
            int x = (r * N + c) & RamMask;
            if (r != c && _tpre[x] >= 0)
            {
                _tpre[x] = (sbyte)(_tpre[x] + 1);
                _apre[x] = true;
                TraceAa(x);
            }
        }

        // LTP (step 4): AA[c+1][j] += dw_pos, 8-bit wrap.
        int row = c + 1;
        if (row < N)
        {
            for (int j = 0; j <= 94; j++)
            {
                int x = row * N + j;
                if (_apreColumn[j] && en[x])
                {
                    Write(false, x, (sbyte)(aa[x] + DwPos));
                }
            }
        }

        // LTD (step 5): AA[r][c] -= dw_neg with a −1 floor.
        if (c < N)
        {
            for (int r = 1; r <= 95; r++)
            {
                int x = r * N + c;
                if (_apost[r - 1] && r - 1 != c && en[x])
                {
                    int d = (sbyte)(aa[x] - DwNeg);
                    Write(false, x, d < -1 ? -1 : d);
                }
            }

            // FF LTP (step 6): the transposed element FF[r][c].
            for (int r = 0; r <= 94; r++)
            {
                int x = r * N + c;
                if (_apreFf[x] && en[M + x])
                {
                    Write(true, x, (sbyte)(ff[x] + DwPos));
                }
            }
        }
    }

    private void AaNoSpikePass(int c)
    {
        if (_tpost[c] >= 0)
        {
            if (_tpost[c] < TpostAaMax)
            {
                _tpost[c]++;
            }
            else
            {
                _tpost[c] = -1;
                _apost[c] = false;
            }
        }

        int max = TpreAaMax;
        for (int r = 0; r <= 94; r++)
        {
            int x = (r * N + c) & RamMask;
            if (_tpre[x] >= 0)
            {
                if (_tpre[x] < max)
                {
                    _tpre[x]++;
                    _apre[x] = true;
                }
                else
                {
                    _tpre[x] = -1;
                    _apre[x] = false;
                }

                TraceAa(x);
            }
        }
    }

    private void InputWindow(int a)
    {
        sbyte[] ff = _board.Ff;
        bool[] en = _board.Enable;
        _ffPassesActive = true;
        _ffSkipAddress = a != 2 ? a : -1;
        for (int j = 0; j < N; j++)
        {
            _tpreFf[(a * N + j) & RamMask] = 0;
            _apreFf[(a * N + j) & RamMask] = true;
            TraceFf((a * N + j) & RamMask, true);
        }

        // Catch-up on column a (should be column 2).
        for (int r = 0; r <= 94; r++)
        {
            int x = (r * N + a) & RamMask;
            if (r != a && _tpreFf[x] >= 0)
            {
                _tpreFf[x] = (sbyte)(_tpreFf[x] + 1);
                TraceFf(x, false);
            }
        }

        // FF LTD: reads row a, writes row 3.
        for (int j = 1; j <= 94; j++)
        {
            if (_apost[j] && en[M + a * N + j])
            {
                int d = (sbyte)(ff[a * N + j] - DwNeg);
                Write(true, 3 * N + j, d < -1 ? -1 : d);
            }
        }
    }

    private void FfNoSpikePass(int c)
    {
        bool skipIncrement = c == _ffSkipAddress;
        if (skipIncrement)
        {
            _ffSkipAddress = -1;
        }

        int max = TpreFfMax;
        for (int r = 0; r <= 94; r++)
        {
            int x = (r * N + c) & RamMask;
            if (_tpreFf[x] >= 0)
            {
                if (_tpreFf[x] < max)
                {
                    // A suppressed increment writes nothing (vector stdp_dense's trace writes).
                    if (!skipIncrement)
                    {
                        _tpreFf[x]++;
                        TraceFf(x, false);
                    }
                }
                else
                {
                    _tpreFf[x] = -1;
                    _apreFf[x] = false;
                    TraceFf(x, true);
                }
            }
        }
    }

    private void TraceAa(int x) => _board.Probe?.OnTraceWrite(0, x, 10 * _tpre[x] + (_apre[x] ? 1 : 0));

    private void TraceFf(int x, bool flag)
    {
        _board.Probe?.OnTraceWrite(1, x, _tpreFf[x]);
        if (flag)
        {
            _board.Probe?.OnTraceWrite(2, x, _apreFf[x] ? 1 : 0);
        }
    }

    private void Write(bool ff, int flat, int value)
    {
        (ff ? _board.Ff : _board.Aa)[flat] = (sbyte)value;
        _board.Probe?.OnWeightWrite(ff, flat / N, flat % N, value);
    }
}
