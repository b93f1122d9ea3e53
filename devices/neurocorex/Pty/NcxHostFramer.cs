namespace NeuroRT.Devices.NeuroCoreX.Pty;

/// <summary>What a host→board byte completed, as far as the board's answers are concerned.</summary>
internal enum NcxHostEvent
{
    /// <summary>Nothing that produces output.</summary>
    None,

    /// <summary>The first event of a run entered the (empty) event FIFO: the run starts (spec §5.2).</summary>
    RunStart,

    /// <summary>The FF FF FF terminator ended a run with at least one event (spec §5.4).</summary>
    RunEnd,

    /// <summary>The byte after 0x5_ arrived: the 9 215-byte FF read-back begins (spec §4.5).</summary>
    ReadBack,
}

/// <summary>
/// Follows the command framing of the host→board stream (spec §4) byte by byte, the way the board's receiver does,
/// to tell when runs start and end and when a read-back begins, so the server can count runs and schedule the output
/// without looking inside the board. It mirrors the board model: an event beyond 1 024 per run is dropped (it does not
/// lengthen the run); a terminator without events starts nothing.
/// </summary>
internal sealed class NcxHostFramer
{
    private const int FifoDepth = 1024;

    private enum State { Idle, Fixed, Events, ReadBack }

    private State _state;
    private int _remaining;
    private int _tripletIndex;
    private readonly byte[] _triplet = new byte[3];
    private int _events;

    /// <summary>After <see cref="NcxHostEvent.RunEnd"/>: the timestep τₙ in which the run's last event is consumed.</summary>
    public int LastEventTimestep { get; private set; }

    private int _tau;

    /// <summary>Consumes one host→board byte.</summary>
    public NcxHostEvent Feed(byte b)
    {
        switch (_state)
        {
            case State.Idle:
                switch (b >> 4)
                {
                    case 0x0 or 0x1: Expect(9_216 + 1); break; // matrix + the ignored extra byte
                    case 0x2: Expect(3 * 384); break;
                    case 0x3: _state = State.Events; _tripletIndex = 0; break;
                    case 0x4: Expect(6); break;
                    case 0x5: _state = State.ReadBack; break;
                    case 0x6: Expect(2_304 + 1); break;
                    default: Expect(1); break; // undefined commands swallow one byte
                }

                return NcxHostEvent.None;
            case State.Fixed:
                if (--_remaining == 0) _state = State.Idle;
                return NcxHostEvent.None;
            case State.ReadBack:
                _state = State.Idle;
                return NcxHostEvent.ReadBack;
            default:
                _triplet[_tripletIndex++] = b;
                if (_tripletIndex < 3) return NcxHostEvent.None;
                _tripletIndex = 0;
                if (_triplet[0] == 0xFF && _triplet[1] == 0xFF && _triplet[2] == 0xFF)
                {
                    _state = State.Idle;
                    if (_events == 0) return NcxHostEvent.None;
                    LastEventTimestep = _tau;
                    _events = 0;
                    _tau = 0;
                    return NcxHostEvent.RunEnd;
                }

                if (_events == FifoDepth) return NcxHostEvent.None;
                _events++;
                _tau += _triplet[0] + 1; // τᵢ = τᵢ₋₁ + dtᵢ + 1 (spec §5.3)
                return _events == 1 ? NcxHostEvent.RunStart : NcxHostEvent.None;
        }
    }

    private void Expect(int payload)
    {
        _state = State.Fixed;
        _remaining = payload;
    }
}
