using System.Diagnostics;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

public sealed partial class NcxDriver
{
    /// <summary>Most frames a streaming run may keep in flight.</summary>
    public const int MaxLookahead = 32;

    private const int StreamRing = 2 * MaxLookahead;
    private readonly ulong[] _streamFrames = new ulong[2 * StreamRing];
    private readonly byte[] _stepBytes = new byte[3];
    private int _lookahead;
    private int _stepsSent;
    private int _framesDelivered;

    /// <summary>Timesteps queued in the current (or last) streaming run.</summary>
    public int StreamSteps => _stepsSent;

    /// <summary>
    /// Starts a closed-loop streaming run (spec §13): sends 0x30 and no terminator. Each <see cref="Step"/> then queues
    /// exactly one event for the next timestep, so the board consumes one event per timestep and the result is the same
    /// as a batch run of the same events. <paramref name="lookahead"/> events stay in flight: the frame of timestep t is
    /// returned by the step that queues timestep t + lookahead (the board needs the next event queued before a timestep
    /// starts, and a frame's last bits may share a byte with the next frame). At least 2 keeps the model and the real
    /// board fed; more absorbs host jitter at the cost of latency (one timestep, 0.96 ms, each).
    /// </summary>
    public void BeginStreaming(int lookahead = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookahead, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lookahead, MaxLookahead);
        Require(NcxDriverState.Idle, "BeginStreaming");
        RequireSilentAddress("BeginStreaming");
        try
        {
            SetActivity("a streaming run");
            SkipPending();
            _lookahead = lookahead;
            _stepsSent = 0;
            _framesDelivered = 0;
            _assembler.Begin(_streamFrames, StreamRing, int.MaxValue, -1);
            _tx[0] = (byte)NcxCommand.SpikeEvents;
            _link.Write(_tx.AsSpan(0, 1));
            State = NcxDriverState.Streaming;
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
    }

    /// <summary>
    /// Queues the input of the next timestep: <paramref name="address"/> 0…95, or −1 for none (an event to the silent
    /// address, so that the board still consumes one event this timestep). Returns true with the frame of timestep
    /// (steps queued − lookahead) once the pipeline is full, false during the first lookahead steps. Blocks until that
    /// frame has arrived; allocates nothing.
    /// </summary>
    public bool Step(int address, out NcxSpikeFrame frame)
    {
        if (State != NcxDriverState.Streaming)
        {
            Require(NcxDriverState.Streaming, "Step");
        }

        if (address < -1 || address >= NcxLayout.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "an input address is 0…95, or −1 for no input");
        }

        try
        {
            int a = address < 0 ? SilentAddress : address;
            _stepBytes[0] = 0; // dt 0: the next timestep
            _stepBytes[1] = (byte)a;
            _stepBytes[2] = 0;
            _link.Write(_stepBytes);
            _stepsSent++;
            int want = _stepsSent - _lookahead;
            if (want < 1)
            {
                frame = default;
                return false;
            }

            AwaitFrames(want, NcxTiming.FramesTimeout(_lookahead));
            frame = _assembler.Frame(want);
            _framesDelivered = want;
            return true;
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
    }

    /// <summary>
    /// Ends the streaming run: sends a last silent event and the terminator (so the last queued timestep is computed,
    /// spec §5.4), reads the rest of the stream exactly (⌊(90·steps + 89)/8⌋ data bytes in all) and writes the frames
    /// not yet returned into <paramref name="tail"/>; returns their count (at most the lookahead).
    /// </summary>
    public int EndStreaming(Span<NcxSpikeFrame> tail)
    {
        Require(NcxDriverState.Streaming, "EndStreaming");
        int owed = _stepsSent - _framesDelivered;
        if (tail.Length < owed)
        {
            throw new ArgumentException($"{owed} frames are still owed; the tail span holds {tail.Length}", nameof(tail));
        }

        try
        {
            SetActivity("the end of a streaming run");
            int p = 0;
            if (_stepsSent > 0)
            {
                _tx[p++] = 0;
                _tx[p++] = (byte)SilentAddress;
                _tx[p++] = 0;
            }

            _tx[p++] = 0xFF;
            _tx[p++] = 0xFF;
            _tx[p++] = 0xFF;
            _link.Write(_tx.AsSpan(0, p));
            if (_stepsSent > 0)
            {
                _assembler.SetTotalDataBytes(NcxSpikeDecoder.DataBytes(_stepsSent + 1));
                long start = Stopwatch.GetTimestamp();
                TimeSpan timeout = NcxTiming.FramesTimeout(owed + 1);
                while (!_assembler.Complete)
                {
                    ReadRunChunk(start, timeout);
                }

                CheckNoIdleTimesteps();
                for (int i = 0; i < owed; i++)
                {
                    tail[i] = _assembler.Frame(_framesDelivered + 1 + i);
                }

                StaleBytesSkipped += _assembler.StaleBytes;
                _runsSinceLoad++;
            }

            _framesDelivered = _stepsSent;
            State = NcxDriverState.Idle;
            return owed;
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
    }

    private void AwaitFrames(int frames, TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (_assembler.Frames < frames)
        {
            ReadRunChunk(start, timeout);
        }

        CheckNoIdleTimesteps();
    }

    /// <summary>
    /// More frames than queued events means the board ran timesteps with an empty FIFO (the host fell behind): inputs
    /// then land one timestep later than asked and every later frame is shifted. That is not recoverable in-stream.
    /// </summary>
    private void CheckNoIdleTimesteps()
    {
        if (_assembler.Frames > _stepsSent)
        {
            throw new NcxProtocolException(
                $"{Device}: streaming run: {_assembler.Frames} frames arrived for {_stepsSent} queued timesteps: the board ran idle timesteps because its event FIFO ran empty (the host fell behind); use a larger lookahead");
        }
    }
}
