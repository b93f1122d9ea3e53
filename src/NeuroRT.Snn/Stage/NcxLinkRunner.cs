using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Stage;

/// <summary>
/// <see cref="INcxRunner"/> over a byte link: the load is sent as its commands in order; a run is sent as one 0x3_
/// command whose inputs are followed by a dummy event to the image's silent input at T + 1 (the board never applies a
/// run's last event and truncates its last timestep, spec §5.4) and the terminator; the reply is decoded by
/// <see cref="NcxSpikeStream"/> until its exact byte count has arrived. Gaps longer than dt can express (256) get
/// filler events to the silent input. Buffers are sized at construction for runs of up to
/// MaxTimesteps timesteps; a run allocates nothing.
/// </summary>
public sealed class NcxLinkRunner : INcxRunner
{
    private readonly INcxLink _link;
    private readonly NcxSpikeStream _stream = new();
    private readonly NcxSpikeStream.FrameHandler _onFrame;
    private readonly NcxEvent[] _events;
    private readonly int[] _eventTimesteps;
    private readonly int[] _eventAddresses;
    private readonly byte[] _command;
    private readonly byte[] _reply = new byte[4096];
    private readonly int[] _counts = new int[NcxLayout.Neurons];
    private readonly int[] _first = new int[NcxLayout.Neurons];
    private int _silent = -1;

    /// <summary>A runner on <paramref name="link"/> (owned: disposed with the runner).</summary>
    public NcxLinkRunner(INcxLink link, int maxTimesteps, TimeSpan? replyTimeout = null)
    {
        if (maxTimesteps < 1 || maxTimesteps > 1022)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTimesteps), maxTimesteps, "a batch run holds 1…1022 timesteps (the board queues at most 1 024 events)");
        }

        _link = link;
        _onFrame = OnFrame;
        int capacity = maxTimesteps + 2;
        _events = new NcxEvent[capacity];
        _eventTimesteps = new int[capacity];
        _eventAddresses = new int[capacity];
        _command = new byte[Math.Max(NcxEncoder.MatrixCommandBytes, NcxEncoder.EventCommandBytes(capacity))];
        MaxTimesteps = maxTimesteps;
        ReplyTimeout = replyTimeout ?? TimeSpan.FromSeconds(2);
    }

    /// <inheritdoc />
    public string Description => _link.Description;

    /// <summary>Longest run.</summary>
    public int MaxTimesteps { get; }

    /// <summary>How long a run may stay silent before it counts as lost.</summary>
    public TimeSpan ReplyTimeout { get; }

    /// <inheritdoc />
    public void Load(NcxImage image)
    {
        _silent = image.SilentAddress();
        if (_silent < 0)
        {
            throw new InvalidOperationException("the network drives every input address; one FF column must stay all zero for the run's trailing dummy event");
        }

        foreach (NcxConfigStep step in image.Steps())
        {
            int n = image.WriteCommand(step, _command);
            _link.Write(_command.AsSpan(0, n));
        }

        _link.Drain();
    }

    /// <inheritdoc />
    public void Run(ReadOnlySpan<int> timesteps, ReadOnlySpan<int> addresses, int timestepCount, Span<int> spikeCounts, Span<int> firstSpike)
    {
        if (_silent < 0)
        {
            throw new InvalidOperationException("load a network before running it");
        }

        if (timestepCount < 1 || timestepCount > MaxTimesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(timestepCount), timestepCount, $"runs of this runner hold 1…{MaxTimesteps} timesteps");
        }

        int n = 0;
        int previous = 0;
        for (int i = 0; i < timesteps.Length; i++)
        {
            int t = timesteps[i];
            if (t <= previous || t > timestepCount)
            {
                throw new ArgumentException($"input {i} at timestep {t}: inputs must be at strictly increasing timesteps within 1…{timestepCount}", nameof(timesteps));
            }

            n = Gap(n, ref previous, t);
            _eventTimesteps[n] = t;
            _eventAddresses[n++] = addresses[i];
            previous = t;
        }

        n = Gap(n, ref previous, timestepCount + 1);
        _eventTimesteps[n] = timestepCount + 1;
        _eventAddresses[n++] = _silent;
        NcxSchedule.FromTimesteps(_eventTimesteps.AsSpan(0, n), _eventAddresses.AsSpan(0, n), _events);
        int bytes = NcxEncoder.WriteEvents(_command, _events.AsSpan(0, n));

        _stream.BeginRun(timestepCount + 1);
        _link.Write(_command.AsSpan(0, bytes));
        ReadRun(spikeCounts, firstSpike);
    }

    // Filler events to the silent input where the next input is more than 256 timesteps away.
    private int Gap(int n, ref int previous, int next)
    {
        while (next - previous > 256)
        {
            previous += 256;
            _eventTimesteps[n] = previous;
            _eventAddresses[n++] = _silent;
        }

        return n;
    }

    private void ReadRun(Span<int> spikeCounts, Span<int> firstSpike)
    {
        // The frame callback cannot capture spans: results go through the two arrays, copied out at the end.
        Array.Clear(_counts);
        Array.Clear(_first);
        while (!_stream.Complete)
        {
            int got = _link.Read(_reply, ReplyTimeout);
            if (got == 0)
            {
                throw new IOException($"{_link.Description}: no spike data for {ReplyTimeout.TotalSeconds:0.#} s during a run ({_stream.Frames} of {_stream.ExpectedFrames} timesteps received)");
            }

            int used = _stream.Feed(_reply.AsSpan(0, got), _onFrame);
            if (used < got)
            {
                throw new IOException($"{_link.Description}: {got - used} bytes after the end of a run (the board and host are out of step)");
            }
        }

        _counts.AsSpan().CopyTo(spikeCounts);
        _first.AsSpan().CopyTo(firstSpike);
    }

    private void OnFrame(int timestep, ReadOnlySpan<bool> spiked)
    {
        for (int k = 0; k < spiked.Length; k++)
        {
            if (spiked[k])
            {
                _counts[k]++;
                if (_first[k] == 0)
                {
                    _first[k] = timestep;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _link.Dispose();
}
