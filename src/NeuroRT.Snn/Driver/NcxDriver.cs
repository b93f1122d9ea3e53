using System.Diagnostics;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Serial;

namespace NeuroRT.Snn.Driver;

/// <summary>
/// Drives a NeuroCoreX board (or its model) over an <see cref="INcxLink"/> with an explicit protocol state machine
/// (<see cref="NcxDriverState"/>): loads (<see cref="Load"/>, with FF read-back verification), batch runs
/// (<see cref="Run(ReadOnlySpan{int}, ReadOnlySpan{int}, int, NcxRunResult)"/>, <see cref="RunEvents"/>,
/// <see cref="Flush"/>) and closed-loop streaming (<see cref="BeginStreaming"/>, <see cref="Step"/>,
/// <see cref="EndStreaming"/>). It knows how many bytes every command and every answer has, so it never sleeps on
/// a guess: waits and timeouts are derived from the protocol (<see cref="NcxTiming"/>). Runs and streaming steps
/// allocate nothing. One thread at a time.
/// </summary>
public sealed partial class NcxDriver
{
    private readonly INcxLink _link;
    private readonly NcxDriverOptions _options;
    private readonly byte[] _tx = new byte[NcxEncoder.MatrixCommandBytes];
    private readonly byte[] _rx = new byte[4096];
    private readonly sbyte[] _readBack = new sbyte[NcxLayout.ReadBackBytes];
    private readonly NcxFrameAssembler _assembler = new();
    private string _activity = "nothing";
    private int _activityEvents = -1;
    private int _activityTimesteps;
    private Exception? _fault;
    private int _runsSinceLoad;

    /// <summary>Creates a driver on <paramref name="link"/> (which it does not own). Nothing is sent yet.</summary>
    public NcxDriver(INcxLink link, NcxDriverOptions? options = null)
    {
        _link = link ?? throw new ArgumentNullException(nameof(link));
        _options = options ?? new NcxDriverOptions();
        if (_options.FifoLimit is < 1 or > 1024 || _options.FifoLowWater < 0 || _options.FifoLowWater >= _options.FifoLimit)
        {
            throw new ArgumentException($"FifoLimit must be 1…1 024 and FifoLowWater 0…FifoLimit − 1 (got {_options.FifoLimit}, {_options.FifoLowWater})", nameof(options));
        }

        _flushResult = new NcxRunResult(Math.Max(1, _options.FlushBetweenRuns), 2 + _options.FlushBetweenRuns / 256);
    }

    /// <summary>The protocol state.</summary>
    public NcxDriverState State { get; private set; }

    /// <summary>The link's description.</summary>
    public string Device => _link.Description;

    /// <summary>Whether an image has been loaded.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The loaded image's silent input address (FF column all zero), −1 if it has none or nothing is loaded.</summary>
    public int SilentAddress { get; private set; } = -1;

    /// <summary>
    /// Board→host bytes that belonged to no answer and were skipped: the power-up 0x00, anything before a run's 0xFF
    /// start marker, anything pending before a read-back.
    /// </summary>
    public long StaleBytesSkipped { get; private set; }

    /// <summary>Why the driver is faulted, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>
    /// Sends <paramref name="image"/>: debug words, AA, FF, [STDP enables], parameters (its <see cref="NcxImage.Steps"/>,
    /// each command whole). After the enables it waits until the board's loader has stored them (2 305 × 16 µs from the
    /// first data byte, counted from the drained line). With <paramref name="verify"/> it reads the FF matrix back and
    /// compares: only 9 215 of the 9 216 entries are ever delivered by the board (FF[95][95] is lost, spec §4.5), so
    /// the last one cannot be verified. Throws <see cref="NcxVerifyException"/> listing the first differences.
    /// </summary>
    public void Load(NcxImage image, bool verify)
    {
        ArgumentNullException.ThrowIfNull(image);
        Require(NcxDriverState.Idle, "Load");
        try
        {
            State = NcxDriverState.Loading;
            Loaded = false;
            foreach (NcxConfigStep step in image.Steps())
            {
                SetActivity($"the load's {step} command");
                int n = image.WriteCommand(step, _tx);
                _link.Write(_tx.AsSpan(0, n));
                if (step == NcxConfigStep.StdpEnables)
                {
                    _link.Drain();
                    Thread.Sleep(NcxTiming.EnableSettleAfterDrain);
                }
            }

            _link.Drain();
            SilentAddress = image.SilentAddress();
            Loaded = true;
            _runsSinceLoad = 0;
            State = NcxDriverState.Idle;
            if (verify)
            {
                ReadBack(_readBack);
                Compare(image.Ff, _readBack);
            }
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
        catch (Exception) when (State != NcxDriverState.Faulted)
        {
            // Refused before anything reached the link (bad arguments, an image the encoder rejects): still in step.
            State = NcxDriverState.Idle;
            throw;
        }
    }

    /// <summary>
    /// Reads the FF weight matrix back (0x5_): exactly 9 215 bytes in row-major order into
    /// <paramref name="destination"/> (FF[95][95] is never delivered, spec §4.5). Takes ≈ 194 ms. Returns 9 215.
    /// </summary>
    public int ReadBack(Span<sbyte> destination)
    {
        if (destination.Length < NcxLayout.ReadBackBytes)
        {
            throw new ArgumentException($"the read-back delivers {NcxLayout.ReadBackBytes} bytes; the destination holds {destination.Length}", nameof(destination));
        }

        Require(NcxDriverState.Idle, "ReadBack");
        try
        {
            State = NcxDriverState.ReadingBack;
            SetActivity("the FF read-back");
            // The read-back has no marker: whatever is pending now would be taken for weights.
            SkipPending();
            int n = NcxEncoder.WriteReadBack(_tx);
            _link.Write(_tx.AsSpan(0, n));
            Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination[..NcxLayout.ReadBackBytes]);
            ReadExactly(bytes, NcxTiming.ReadBackTimeout, "the FF read-back");
            State = NcxDriverState.Idle;
            return NcxLayout.ReadBackBytes;
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
        catch (Exception) when (State != NcxDriverState.Faulted)
        {
            // Refused before anything reached the link (bad arguments, an image the encoder rejects): still in step.
            State = NcxDriverState.Idle;
            throw;
        }
    }

    private static void Compare(ReadOnlySpan<sbyte> sent, ReadOnlySpan<sbyte> read)
    {
        int mismatches = 0;
        var first = new List<NcxWeightMismatch>();
        for (int i = 0; i < NcxLayout.ReadBackBytes; i++)
        {
            if (sent[i] != read[i])
            {
                if (mismatches++ < 8)
                {
                    first.Add(new NcxWeightMismatch(i / NcxLayout.Size, i % NcxLayout.Size, sent[i], read[i]));
                }
            }
        }

        if (mismatches > 0)
        {
            throw new NcxVerifyException(
                $"FF weights read back differ from the image in {mismatches} of {NcxLayout.ReadBackBytes} entries (FF[95][95] is never read back); first: {string.Join("; ", first)}",
                mismatches,
                first);
        }
    }

    // ---- state machine ----

    private void Require(NcxDriverState expected, string operation)
    {
        if (State == expected)
        {
            return;
        }

        if (State == NcxDriverState.Faulted)
        {
            throw new NcxDriverStateException(State, $"{operation} on {Device}: the driver is faulted since {_fault!.Message}; open the link again and make a new driver", _fault);
        }

        string why = State switch
        {
            NcxDriverState.Streaming => "a streaming run is in progress (the board's receiver is in event mode and would take the bytes for spike events); call EndStreaming first",
            NcxDriverState.InRun => "a batch run is in progress (a load or read-back now would corrupt it, spec §4); wait for it to finish",
            NcxDriverState.ReadingBack => "a read-back is in progress; wait for it to finish",
            NcxDriverState.Loading => "a load is in progress; wait for it to finish",
            _ => expected == NcxDriverState.Streaming ? "no streaming run is in progress; call BeginStreaming first" : "the driver is idle",
        };
        throw new NcxDriverStateException(State, $"{operation} on {Device} is not allowed in state {State}: {why}");
    }

    // A verification mismatch leaves the protocol in step; a lost link, a timeout or a protocol error do not.
    private static bool Faults(Exception e) => e is IOException or TimeoutException && e is not NcxVerifyException;

    private Exception Faulted(Exception e)
    {
        Exception reported = e is SerialPortClosedException closed ? new NcxLinkLostException(Device, Activity(), closed) : e;
        _fault = reported;
        State = NcxDriverState.Faulted;
        return reported;
    }

    private string Activity() => _activityEvents < 0 ? _activity : $"{_activity} of {_activityEvents} events ({_activityTimesteps} timesteps)";

    private void SetActivity(string what)
    {
        _activity = what;
        _activityEvents = -1;
    }

    // ---- reading ----

    /// <summary>Reads and counts whatever the board sent that belongs to no answer (without waiting).</summary>
    private void SkipPending()
    {
        int n;
        while ((n = _link.Read(_rx, TimeSpan.Zero)) > 0)
        {
            StaleBytesSkipped += n;
        }
    }

    private void ReadExactly(Span<byte> destination, TimeSpan timeout, string what)
    {
        long start = Stopwatch.GetTimestamp();
        int got = 0;
        while (got < destination.Length)
        {
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            int n = left > TimeSpan.Zero ? _link.Read(destination[got..], left) : 0;
            if (n == 0 && Stopwatch.GetElapsedTime(start) >= timeout)
            {
                throw new TimeoutException($"{Device}: {what}: received {got} of {destination.Length} bytes within {timeout.TotalMilliseconds:0} ms");
            }

            got += n;
        }
    }

    /// <summary>Reads the next chunk of the current run into the assembler; throws on the run's deadline.</summary>
    private void ReadRunChunk(long start, TimeSpan timeout)
    {
        TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
        int n = left > TimeSpan.Zero ? _link.Read(_rx, left) : 0;
        if (n == 0)
        {
            if (Stopwatch.GetElapsedTime(start) >= timeout)
            {
                throw new TimeoutException(
                    $"{Device}: {Activity()}: {(_assembler.Marker ? $"received {_assembler.DataBytes} data bytes ({_assembler.Frames} frames)" : "no 0xFF start marker")} within {timeout.TotalMilliseconds:0} ms");
            }

            return;
        }

        int used = _assembler.Feed(_rx.AsSpan(0, n));
        // Bytes after a run's last data byte belong to no answer (the board sends nothing after a run).
        StaleBytesSkipped += n - used;
    }
}
