using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Xml.XPath;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Net;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Outlet;

/// <summary>
/// Makes a stream visible and receivable by any LSL program: answers discovery on the multicast and
/// service ports, time probes on the service port, and shortinfo/fullinfo/feed requests on the TCP
/// data port, each consumer with its own bounded drop-oldest queue and sender thread. Pushing a sample
/// or a chunk encodes it once and never allocates; pushes are thread-safe.
/// IPv4 only: the info advertises IPv6 ports 0, so liblsl inlets connect over IPv4.
/// </summary>
public sealed class LslOutlet : IDisposable
{
    private readonly Lock _pushGate = new();
    private readonly object _consumersGate = new();
    private readonly Socket _listener;
    private readonly List<DiscoveryResponder> _responders = [];
    private readonly Thread _acceptThread;
    private readonly ILslLog _log;
    private readonly byte[] _record;
    private readonly double _interval;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Socket, byte> _sessions = new();
    private ConsumerQueue[] _consumers = [];
    private volatile bool _closed;
    private long _pushed;
    private long _droppedByGone;

    /// <summary>Creates the outlet for <paramref name="description"/> (name, type, channels, format, rate, source_id, desc) and starts serving it.</summary>
    public LslOutlet(LslStreamInfo description, LslOutletOptions? options = null)
    {
        Options = options ?? new LslOutletOptions();
        Config = Options.Config ?? LslConfig.Current;
        _log = Options.Log ?? StderrLslLog.Instance;
        if (description.Name.Length == 0) throw new ArgumentException("an LSL stream needs a name", nameof(description));
        if (description.ChannelCount < 1) throw new ArgumentException($"stream {description.Name}: channel count must be at least 1, got {description.ChannelCount}", nameof(description));
        if (description.ChannelFormat == ChannelFormat.Undefined) throw new ArgumentException($"stream {description.Name}: the channel format is undefined", nameof(description));
        if (!(description.NominalRate >= 0) || double.IsInfinity(description.NominalRate)) throw new ArgumentException($"stream {description.Name}: nominal rate must be >= 0 (0 = irregular), got {description.NominalRate}", nameof(description));

        var info = description.Clone();
        info.ProtocolVersion = Config.UseProtocolVersion;
        info.CreatedAt = LslClock.Now;
        info.Uid = Guid.NewGuid().ToString("D");
        info.SessionId = Config.SessionId;
        info.Hostname = Dns.GetHostName();
        info.V4Address = "";
        info.V6Address = "";
        info.V6DataPort = 0;
        info.V6ServicePort = 0;
        Info = info;
        _interval = info.NominalRate > 0 ? 1.0 / info.NominalRate : 0;
        BufferSamples = (long)Math.Max(1, Math.Ceiling(Options.MaxBufferedSeconds * (info.NominalRate > 0 ? info.NominalRate : 100)));
        _record = new byte[MaxRecordLength(patterns: false)];

        // Sockets in liblsl's order: UDP service port, discovery responders, then the TCP listener.
        var service = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Socket? responder = null;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            info.V4ServicePort = SocketSetup.BindInRange(service, Config, IPAddress.Any);
            responder = OpenMulticastResponder();
            info.V4DataPort = SocketSetup.BindInRange(_listener, Config, IPAddress.Any);
            _listener.Listen(10);
        }
        catch (SocketException e)
        {
            service.Dispose();
            responder?.Dispose();
            _listener.Dispose();
            throw new LslConfigException($"outlet {info.Name}: no free port in {Config.BasePort}..{Config.BasePort + Config.PortRange - 1} ({e.SocketErrorCode}); close other LSL programs or widen ports.PortRange");
        }

        ShortInfoXml = StreamInfoXml.ToShortXml(info);
        FullInfoXml = StreamInfoXml.ToFullXml(info);
        ShortInfoNavigator = StreamQuery.Navigate(ShortInfoXml);
        var cache = new QueryCache(ShortInfoNavigator, Config.MaxCachedQueries);
        _responders.Add(new DiscoveryResponder(service, answersTimeProbes: true, ShortInfoXml, cache, _log, $"lsl-service {info.Name}"));
        if (responder is not null) _responders.Add(new DiscoveryResponder(responder, answersTimeProbes: false, ShortInfoXml, cache, _log, $"lsl-discovery {info.Name}"));
        _acceptThread = new Thread(Accept) { IsBackground = true, Name = $"lsl-accept {info.Name}" };
        _acceptThread.Start();
        _log.Write(LslLogLevel.Info, $"outlet {info.Name}: data port {info.V4DataPort}, service port {info.V4ServicePort}, uid {info.Uid}");
    }

    /// <summary>The served info (uid, ports, created_at filled in).</summary>
    public LslStreamInfo Info { get; }

    /// <summary>Settings in use.</summary>
    public LslOutletOptions Options { get; }

    /// <summary>Network settings in use.</summary>
    public LslConfig Config { get; }

    /// <summary>Short info XML as sent in discovery replies.</summary>
    public string ShortInfoXml { get; }

    /// <summary>Full info XML as sent to <c>LSL:fullinfo</c>.</summary>
    public string FullInfoXml { get; }

    internal XPathNavigator ShortInfoNavigator { get; }

    internal long BufferSamples { get; }

    internal bool IsClosed => _closed;

    /// <summary>Bytes the UDP responders allocated after warm-up (repeated discovery queries and time probes cost none).</summary>
    public long ResponderAllocatedBytes => _responders.Sum(r => r.AllocatedBytesAfterWarmup);

    /// <summary>Consumers connected now.</summary>
    public int ConsumerCount => Volatile.Read(ref _consumers).Length;

    /// <summary>Samples pushed so far.</summary>
    public long SamplesPushed => Interlocked.Read(ref _pushed);

    /// <summary>Samples dropped from consumer queues (consumers that fell behind), over all consumers past and present.</summary>
    public long SamplesDropped
    {
        get
        {
            long dropped = Interlocked.Read(ref _droppedByGone);
            foreach (var consumer in Volatile.Read(ref _consumers)) dropped += consumer.Dropped;
            return dropped;
        }
    }

    /// <summary>Waits until at least one consumer is connected (its handshake done); false on timeout.</summary>
    public bool WaitForConsumers(double timeoutSeconds)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeoutSeconds * Stopwatch.Frequency);
        while (ConsumerCount == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline || _closed) return false;
            Thread.Sleep(5);
        }

        return true;
    }

    /// <summary>
    /// Pushes one numeric sample. <paramref name="timestamp"/>: 0 = now (this host's LSL clock), -1 = deduced by the
    /// receiver (previous + 1/rate), else the sample's time. <paramref name="pushthrough"/> sends it at once.
    /// </summary>
    public void PushSample<T>(ReadOnlySpan<T> values, double timestamp = 0, bool pushthrough = true) where T : unmanaged, INumberBase<T>
    {
        CheckWidth(values.Length);
        lock (_pushGate)
        {
            int n = SampleEncoder.EncodeNumeric(_record, Stamp(timestamp), values, Info.ChannelFormat);
            Deliver(n, pushthrough);
        }
    }

    /// <summary>Pushes one string sample (marker streams).</summary>
    public void PushSample(ReadOnlySpan<string> values, double timestamp = 0, bool pushthrough = true)
    {
        if (Info.ChannelFormat != ChannelFormat.String) throw new InvalidOperationException($"stream {Info.Name} is {Info.ChannelFormat.Name()}: push numbers, not strings");
        CheckWidth(values.Length);
        lock (_pushGate)
        {
            int size = SampleEncoder.StringSize(values);
            var buffer = size <= _record.Length ? _record : new byte[size];
            int n = SampleEncoder.EncodeStrings(buffer, Stamp(timestamp), values);
            DeliverFrom(buffer, n, pushthrough);
        }
    }

    /// <summary>
    /// Pushes a chunk of interleaved (sample-major) values with one timestamp for the last sample, as liblsl's
    /// push_chunk: the first goes out with its back-dated time, the rest deduced; sent in one write.
    /// </summary>
    public void PushChunk<T>(ReadOnlySpan<T> interleaved, double timestamp = 0, bool pushthrough = true) where T : unmanaged, INumberBase<T>
    {
        int channels = Info.ChannelCount;
        if (interleaved.Length % channels != 0) throw new ArgumentException($"stream {Info.Name}: a chunk of {interleaved.Length} values is not a whole number of {channels}-channel samples", nameof(interleaved));
        int samples = interleaved.Length / channels;
        if (samples == 0) return;
        lock (_pushGate)
        {
            double last = Stamp(timestamp);
            for (int i = 0; i < samples; i++)
            {
                double t = i == 0 ? last - (samples - 1) * _interval : SampleEncoder.DeducedTimestamp;
                int n = SampleEncoder.EncodeNumeric(_record, t, interleaved.Slice(i * channels, channels), Info.ChannelFormat);
                Deliver(n, pushthrough && i == samples - 1);
            }
        }
    }

    /// <summary>Pushes a chunk of interleaved values with one timestamp per sample (same rules as <see cref="PushSample{T}"/>).</summary>
    public void PushChunk<T>(ReadOnlySpan<T> interleaved, ReadOnlySpan<double> timestamps, bool pushthrough = true) where T : unmanaged, INumberBase<T>
    {
        int channels = Info.ChannelCount;
        if (interleaved.Length != timestamps.Length * channels)
            throw new ArgumentException($"stream {Info.Name}: {interleaved.Length} values do not make {timestamps.Length} samples of {channels} channels", nameof(interleaved));
        lock (_pushGate)
        {
            for (int i = 0; i < timestamps.Length; i++)
            {
                int n = SampleEncoder.EncodeNumeric(_record, Stamp(timestamps[i]), interleaved.Slice(i * channels, channels), Info.ChannelFormat);
                Deliver(n, pushthrough && i == timestamps.Length - 1);
            }
        }
    }

    private double Stamp(double timestamp)
    {
        if (Config.ForceDefaultTimestamps || timestamp == 0) return LslClock.Now;
        return timestamp;
    }

    private void CheckWidth(int values)
    {
        if (values != Info.ChannelCount) throw new ArgumentException($"stream {Info.Name} has {Info.ChannelCount} channels, got a sample of {values} values");
    }

    private void Deliver(int length, bool pushthrough) => DeliverFrom(_record, length, pushthrough);

    private void DeliverFrom(byte[] buffer, int length, bool pushthrough)
    {
        _pushed++;
        var record = new ReadOnlySpan<byte>(buffer, 0, length);
        foreach (var consumer in Volatile.Read(ref _consumers)) consumer.Enqueue(record, pushthrough);
    }

    internal int MaxRecordLength(bool patterns)
    {
        if (Info.ChannelFormat != ChannelFormat.String) return SampleEncoder.NumericSize(Info.ChannelFormat, Info.ChannelCount);
        return 9 + Info.ChannelCount * (patterns ? 8 : 264);
    }

    internal void AddConsumer(ConsumerQueue queue)
    {
        lock (_consumersGate) Volatile.Write(ref _consumers, [.. _consumers, queue]);
    }

    internal void RemoveConsumer(ConsumerQueue queue)
    {
        lock (_consumersGate)
        {
            Volatile.Write(ref _consumers, Array.FindAll(_consumers, c => !ReferenceEquals(c, queue)));
            Interlocked.Add(ref _droppedByGone, queue.Dropped);
        }
    }

    private Socket? OpenMulticastResponder()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SocketSetup.ReuseAddress(socket);
            var listen = Config.ListenAddress.Length > 0 ? IPAddress.Parse(Config.ListenAddress) : IPAddress.Any;
            socket.Bind(new IPEndPoint(listen, Config.MulticastPort));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, Config.MulticastTtl);
            int joined = 0, groups = 0;
            foreach (var group in Config.DiscoveryAddresses())
            {
                if (!SocketSetup.IsMulticast(group)) continue;
                groups++;
                foreach (var local in SocketSetup.MulticastInterfaces(Config))
                {
                    try
                    {
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local));
                        joined++;
                    }
                    catch (SocketException)
                    {
                    }
                }
            }

            if (groups > 0 && joined == 0)
                _log.Write(LslLogLevel.Warning, $"outlet {Info.Name}: could not join any discovery multicast group on any interface; only unicast and broadcast queries will find it");
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            _log.Write(LslLogLevel.Warning, $"outlet {Info.Name}: cannot listen on the discovery port {Config.MulticastPort} ({e.SocketErrorCode}); it can still be found through its service port (known peers)");
            return null;
        }
    }

    private void Accept()
    {
        while (!_closed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_closed) return;
                continue;
            }

            client.NoDelay = true;
            if (Config.SendSocketBufferSize > 0) client.SendBufferSize = Config.SendSocketBufferSize;
            if (Config.ReceiveSocketBufferSize > 0) client.ReceiveBufferSize = Config.ReceiveSocketBufferSize;
            var session = new FeedSession(this, client, _log);
            _sessions[client] = 0;
            new Thread(() => { session.Run(); _sessions.TryRemove(client, out _); }) { IsBackground = true, Name = $"lsl-feed {Info.Name}" }.Start();
        }
    }

    /// <summary>Stops serving: closes every socket; consumers see the connection end.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _listener.Dispose();
        foreach (var responder in _responders) responder.Dispose();
        foreach (var consumer in Volatile.Read(ref _consumers)) consumer.Ready.Set();
        // A sender blocked on a stalled client unblocks when its socket closes.
        foreach (var client in _sessions.Keys) client.Dispose();
        _acceptThread.Join(1000);
    }
}
