using System.Threading.Channels;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Metrics;
using NeuroRT.Core.Threading;
using NeuroRT.Core.Time;

namespace NeuroRT.Core.Outputs;

/// <summary>
/// The edge from a pipeline node to one output: a bounded channel of pooled packets, the output's
/// consumer loop, and the counters of that edge (emitted, delivered, dropped, failed, latency).
/// </summary>
public sealed class OutputPort : IDisposable
{
    private readonly PacketPool _pool;
    private readonly Channel<OutputPacket> _channel;
    private long _sequence;
    private long _emitted;
    private long _dropped;
    private long _delivered;
    private long _failures;
    private Thread? _consumer;
    // Wakes the consumer thread. The consumer never awaits the channel: an awaited channel resumes
    // its reader through the thread pool, which would allocate on the pipeline thread at every wake-up.
    private readonly WakeSignal _wake = new(false);
    private volatile Exception? _lastError;
    private readonly IDropOldestOutput? _dropOldest;
    private bool _inline;

    internal OutputPort(string name, IPipelineOutput output, int nodeIndex, string nodeName, Streams.StreamFormat format, int framesPerPacket, int queuePackets)
    {
        Name = name;
        Output = output;
        NodeIndex = nodeIndex;
        NodeName = nodeName;
        Format = format;
        _dropOldest = output as IDropOldestOutput;
        _pool = new PacketPool(queuePackets, format.ChannelCount, format.FrameLength, framesPerPacket);
        // The pipeline thread also reads (to drop the oldest packet when the output lags), so not SingleReader.
        _channel = Channel.CreateBounded<OutputPacket>(new BoundedChannelOptions(queuePackets)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        Latency = new LatencyHistogram($"output {name} latency");
        PreGrowQueue(queuePackets);
    }

    // The channel's internal queue grows by doubling the first time it gets deep, which would
    // allocate on the pipeline thread in the middle of a run; fill it once to its bound now.
    private void PreGrowQueue(int packets)
    {
        var held = new OutputPacket[packets];
        for (int i = 0; i < packets; i++)
        {
            _pool.TryRent(out held[i]);
            _channel.Writer.TryWrite(held[i]);
        }
        while (_channel.Reader.TryRead(out OutputPacket? p)) _pool.Return(p);
    }

    /// <summary>The output's name (its <c>name:</c> in the pipeline file, else its type).</summary>
    public string Name { get; }

    /// <summary>The consumer behind this port.</summary>
    public IPipelineOutput Output { get; }

    /// <summary>Index of the node it taps (-1 = the source).</summary>
    public int NodeIndex { get; }

    /// <summary>Name of the node it taps.</summary>
    public string NodeName { get; }

    /// <summary>Format of the frames it receives.</summary>
    public Streams.StreamFormat Format { get; }

    /// <summary>Emission minus arrival of the newest contributing sample, per frame: NeuroRT's own latency.</summary>
    public LatencyHistogram Latency { get; }

    /// <summary>Frames emitted by the pipeline towards this output.</summary>
    public long FramesEmitted => Volatile.Read(ref _emitted);

    /// <summary>Frames the output handled.</summary>
    public long FramesDelivered => Volatile.Read(ref _delivered);

    /// <summary>Frames lost because the output fell behind (oldest dropped first).</summary>
    public long FramesDropped => Volatile.Read(ref _dropped);

    /// <summary>Packets whose <see cref="IPipelineOutput.Write"/> threw.</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>The last exception the output threw, if any.</summary>
    public Exception? LastError => _lastError;

    /// <summary>True when the output is written on the pipeline thread (<see cref="IInlineOutput"/>), with no thread of its own.</summary>
    public bool Inline => _inline;

    internal void Start()
    {
        // Decided here, after Open: an output's parameters may choose.
        _inline = Output is IInlineOutput { Inline: true };
        if (_inline) return;
        _consumer = new Thread(Consume) { Name = $"neurort-output:{Name}", IsBackground = true };
        _consumer.Start();
    }

    /// <summary>
    /// Pipeline thread: copies <paramref name="block"/>'s frames into a pooled packet and queues it.
    /// Never blocks when <paramref name="lossless"/> is false; for an <see cref="IDropOldestOutput"/>, waits only while the
    /// output is not stuck past its deadline, then drops the oldest.
    /// </summary>
    internal void Publish(SampleBlock block, bool lossless, ref bool stopping)
    {
        int n = block.Count;
        if (!_pool.TryRent(out OutputPacket packet))
        {
            switch (lossless ? WaitForPacket(out packet, ref stopping) : Wait.DropOldest)
            {
                case Wait.Rented:
                    break;
                case Wait.Lost:
                    Lose(n);
                    return;
                default:
                    if (!_channel.Reader.TryRead(out packet!))
                    {
                        Lose(n); // every packet is inside the output right now
                        return;
                    }

                    Interlocked.Add(ref _dropped, packet.Frames.Count); // drop the oldest queued packet
                    break;
            }
        }
        SampleBlock frames = packet.Frames;
        frames.Count = 0;
        frames.Append(block, 0, n);
        packet.FirstSequence = _sequence;
        _sequence += n;
        long now = LocalClock.Ticks;
        packet.EmittedTicks = now;
        Span<long> arrival = frames.ArrivalTicks;
        for (int i = 0; i < arrival.Length; i++) Latency.Record(LocalClock.ToNanoseconds(now - arrival[i]));
        Volatile.Write(ref _emitted, _emitted + n);
        if (_inline)
        {
            Deliver(packet);
            return;
        }

        if (!_channel.Writer.TryWrite(packet))
        {
            // Cannot happen while the channel is as large as the pool, unless completed; count it anyway.
            _pool.Return(packet);
            Interlocked.Add(ref _dropped, n);
        }
        if (!_wake.IsSet) _wake.Set();
    }

    private enum Wait { Rented, Lost, DropOldest }

    // Lossless publishing: waits for the output to free a packet, unless the run is stopping, the consumer died, or
    // the output is a plugin stuck past its deadline (then the oldest packet is dropped instead).
    private Wait WaitForPacket(out OutputPacket packet, ref bool stopping)
    {
        while (!_pool.TryRent(out packet, 50))
        {
            if (Volatile.Read(ref stopping) || _consumer is { IsAlive: false }) return Wait.Lost;
            if (_dropOldest is { IsStuck: true }) return Wait.DropOldest;
        }

        return Wait.Rented;
    }

    private void Lose(int frames)
    {
        _sequence += frames;
        Volatile.Write(ref _emitted, _emitted + frames);
        Interlocked.Add(ref _dropped, frames);
    }

    internal void Complete()
    {
        _channel.Writer.TryComplete();
        _wake.Set();
    }

    internal bool WaitDrained(TimeSpan timeout) => _consumer is null || _consumer.Join(timeout);

    private void Consume()
    {
        ChannelReader<OutputPacket> reader = _channel.Reader;
        while (!reader.Completion.IsCompleted)
        {
            _wake.Reset();
            if (reader.Count == 0 && !reader.Completion.IsCompleted) _wake.Wait(100);
            while (reader.TryRead(out OutputPacket? packet)) Deliver(packet);
        }
    }

    // Hands one packet to the output (on its own thread, or on the pipeline thread when inline) and recycles it.
    // A failing Write is counted and remembered, never thrown: one bad packet must not end the run.
    private void Deliver(OutputPacket packet)
    {
        try
        {
            Output.Write(packet);
            Interlocked.Add(ref _delivered, packet.Frames.Count);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            _lastError = e;
        }
        finally
        {
            _pool.Return(packet);
        }
    }

    /// <summary>Releases the pooled packets.</summary>
    public void Dispose()
    {
        _pool.Dispose();
    }
}
