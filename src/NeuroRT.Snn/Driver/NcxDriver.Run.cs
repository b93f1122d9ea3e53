using System.Diagnostics;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

public sealed partial class NcxDriver
{
    private readonly NcxRunResult _flushResult;

    /// <summary>
    /// A batch run of <paramref name="timestepCount"/> timesteps with input <c>addresses[i]</c> at timestep
    /// <c>timesteps[i]</c> (from 1, in time order). The board consumes at most one input per timestep (spec §5.3): inputs
    /// sharing a timestep are moved to the next free ones and counted in <see cref="NcxRunResult.Collisions"/> (the run
    /// grows if that pushes one past <paramref name="timestepCount"/>). Gaps of more than 256 timesteps are bridged with
    /// events to the silent address, and a trailing dummy event consumed at timestep count + 1 makes the board compute
    /// every timestep (§5.4). The raster and the events sent land in <paramref name="result"/>.
    /// </summary>
    public void Run(ReadOnlySpan<int> timesteps, ReadOnlySpan<int> addresses, int timestepCount, NcxRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Require(NcxDriverState.Idle, "Run");
        RequireSilentAddress("Run");
        if (timesteps.Length != addresses.Length)
        {
            throw new ArgumentException($"{timesteps.Length} timesteps but {addresses.Length} addresses: one of each per input", nameof(addresses));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(timestepCount, 1);
        result.Reset();
        NcxEvent[] events = result.EventBuffer;
        int silent = SilentAddress;
        int count = 0;
        int previous = 0; // timestep of the last event
        for (int i = 0; i < timesteps.Length; i++)
        {
            int t = timesteps[i];
            if (t < 1 || (i > 0 && t < timesteps[i - 1]))
            {
                throw new ArgumentException($"input {i}: timestep {t} {(t < 1 ? "is before timestep 1" : $"comes after timestep {timesteps[i - 1]}: inputs must be in time order")}", nameof(timesteps));
            }

            if ((uint)addresses[i] >= NcxLayout.Size)
            {
                throw new ArgumentException($"input {i} at timestep {t}: address {addresses[i]} is outside 0…95", nameof(addresses));
            }

            int at = Math.Max(t, previous + 1);
            if (at != t)
            {
                result.Collisions++;
                result.MaxCollisionDelay = Math.Max(result.MaxCollisionDelay, at - t);
            }

            count = Bridge(events, count, ref previous, at, silent, result);
            events[count++] = new NcxEvent((byte)(at - previous - 1), (ushort)addresses[i]);
            previous = at;
        }

        int end = Math.Max(timestepCount, previous) + 1;
        count = Bridge(events, count, ref previous, end, silent, result);
        events[count++] = new NcxEvent((byte)(end - previous - 1), (ushort)silent);
        result.EventCount = count;
        FlushIfBetweenRuns();
        Execute(events.AsSpan(0, count), result, "a batch run");
    }

    /// <summary>
    /// A batch run that sends exactly <paramref name="events"/> (the last one is never applied by the board: it must be a
    /// dummy consumed one timestep after the last meaningful one, spec §5.4), then the terminator.
    /// </summary>
    public void RunEvents(ReadOnlySpan<NcxEvent> events, NcxRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Require(NcxDriverState.Idle, "RunEvents");
        if (events.IsEmpty)
        {
            throw new ArgumentException("a run needs at least one event (the board starts a run with its first event)", nameof(events));
        }

        if (events.Length > result.EventCapacity)
        {
            throw new ArgumentException($"{events.Length} events do not fit the result's {result.EventCapacity}", nameof(result));
        }

        result.Reset();
        for (int i = 0; i < events.Length; i++)
        {
            NcxEvent e = events[i];
            if (e.Address >= NcxLayout.Size)
            {
                throw new ArgumentException($"event {i}: address {e.Address} is outside 0…95", nameof(events));
            }

            result.EventBuffer[i] = e;
        }

        result.EventCount = events.Length;
        FlushIfBetweenRuns();
        Execute(result.EventBuffer.AsSpan(0, events.Length), result, "a batch run");
    }

    /// <summary>
    /// A run of <paramref name="timesteps"/> timesteps without input (events to the silent address), whose output is
    /// read and dropped: lets state that leaks between runs (spec §5.5) decay between independent samples.
    /// </summary>
    public void Flush(int timesteps)
    {
        Require(NcxDriverState.Idle, "Flush");
        RequireSilentAddress("Flush");
        ArgumentOutOfRangeException.ThrowIfLessThan(timesteps, 1);
        NcxRunResult scratch = _flushResult.TimestepCapacity >= timesteps && _flushResult.EventCapacity >= 2 + timesteps / 256
            ? _flushResult
            : new NcxRunResult(timesteps, 2 + timesteps / 256);
        scratch.Reset();
        int previous = 0;
        int count = Bridge(scratch.EventBuffer, 0, ref previous, timesteps + 1, SilentAddress, scratch);
        scratch.EventBuffer[count++] = new NcxEvent((byte)(timesteps - previous), (ushort)SilentAddress);
        scratch.EventCount = count;
        Execute(scratch.EventBuffer.AsSpan(0, count), scratch, "a flush run");
    }

    private void FlushIfBetweenRuns()
    {
        if (_options.FlushBetweenRuns > 0 && _runsSinceLoad > 0)
        {
            Flush(_options.FlushBetweenRuns);
        }
    }

    /// <summary>Fillers so that the next event, at timestep <paramref name="next"/>, is at most 256 after the previous one.</summary>
    private static int Bridge(NcxEvent[] events, int count, ref int previous, int next, int silent, NcxRunResult result)
    {
        while (next - previous > 256)
        {
            Need(events, count + 2);
            events[count++] = new NcxEvent(255, (ushort)silent);
            previous += 256;
            result.FillerEvents++;
        }

        Need(events, count + 1);
        return count;
    }

    private static void Need(NcxEvent[] events, int count)
    {
        if (count > events.Length)
        {
            throw new ArgumentException($"the run needs more than the result's {events.Length} events; make the NcxRunResult with a larger maxEvents");
        }
    }

    private void RequireSilentAddress(string operation)
    {
        if (!Loaded)
        {
            throw new NcxDriverStateException(State, $"{operation} on {Device}: no image loaded, so no silent input address is known for filler and dummy events; call Load first");
        }

        if (SilentAddress < 0)
        {
            throw new InvalidOperationException($"{operation} on {Device}: the loaded image has no silent input address (every FF column drives some row), which the driver needs for the trailing dummy and filler events; leave one FF column all zero");
        }
    }

    /// <summary>
    /// Sends the events (fed as the board consumes them when there are more than the FIFO holds) and the terminator,
    /// and decodes exactly ⌊(90(τₙ−1)+89)/8⌋ data bytes after the 0xFF marker into the result's raster.
    /// </summary>
    private void Execute(ReadOnlySpan<NcxEvent> events, NcxRunResult result, string what)
    {
        int tauLast = 0;
        foreach (NcxEvent e in events)
        {
            tauLast += e.Dt + 1;
        }

        int meaningful = tauLast - 1;
        if (meaningful > result.TimestepCapacity)
        {
            throw new ArgumentException($"the run has {meaningful} meaningful timesteps; the result holds {result.TimestepCapacity}", nameof(result));
        }

        try
        {
            State = NcxDriverState.InRun;
            // The description is built only if something goes wrong (a run allocates nothing).
            _activity = what;
            _activityEvents = events.Length;
            _activityTimesteps = meaningful;
            SkipPending();
            int dataBytes = NcxSpikeDecoder.DataBytes(tauLast);
            Array.Clear(result.Raster, 0, 2 * Math.Max(meaningful, 0));
            _assembler.Begin(result.Raster, Math.Max(meaningful, 1), meaningful, dataBytes);
            TimeSpan timeout = NcxTiming.RunTimeout(tauLast, NcxEncoder.EventCommandBytes(events.Length));

            // Feed: keep at most FifoLimit events queued; an event is certainly consumed once the frame of its
            // timestep has arrived (it is consumed at that timestep's start), so received frames pace the feeding.
            int sent = SendEvents(events, 0, Math.Min(events.Length, _options.FifoLimit), first: true);
            int consumed = 0;
            int consumedTau = 0;
            int nextTau = events[0].Dt + 1;
            long start = Stopwatch.GetTimestamp();
            while (!_assembler.Complete)
            {
                ReadRunChunk(start, timeout);
                if (sent < events.Length)
                {
                    int frames = _assembler.Frames;
                    while (consumed < sent && nextTau <= frames)
                    {
                        consumedTau = nextTau;
                        consumed++;
                        nextTau = consumed < events.Length ? consumedTau + events[consumed].Dt + 1 : int.MaxValue;
                    }

                    if (sent - consumed <= _options.FifoLowWater)
                    {
                        sent = SendEvents(events, sent, Math.Min(events.Length, consumed + _options.FifoLimit), first: false);
                    }
                }
            }

            StaleBytesSkipped += _assembler.StaleBytes;
            result.LastEventTimestep = tauLast;
            result.Timesteps = meaningful;
            int spikes = 0;
            for (int i = 0; i < 2 * meaningful; i++)
            {
                spikes += System.Numerics.BitOperations.PopCount(result.Raster[i]);
            }

            result.SpikeCount = spikes;
            _runsSinceLoad++;
            State = NcxDriverState.Idle;
        }
        catch (Exception e) when (Faults(e))
        {
            throw Faulted(e);
        }
    }

    /// <summary>
    /// Sends events[from..to) in one write (0x30 first when <paramref name="first"/>), the terminator with the last
    /// event; returns <paramref name="to"/>.
    /// </summary>
    private int SendEvents(ReadOnlySpan<NcxEvent> events, int from, int to, bool first)
    {
        int limit = to;
        int p = 0;
        if (first)
        {
            _tx[p++] = (byte)NcxCommand.SpikeEvents;
        }

        for (int i = from; i < limit; i++)
        {
            NcxEvent e = events[i];
            _tx[p++] = e.Dt;
            _tx[p++] = (byte)e.Address;
            _tx[p++] = (byte)(e.Address >> 8);
        }

        if (limit == events.Length && (first || from < limit))
        {
            _tx[p++] = 0xFF;
            _tx[p++] = 0xFF;
            _tx[p++] = 0xFF;
        }

        if (p > 0)
        {
            _link.Write(_tx.AsSpan(0, p));
        }

        return limit;
    }
}
