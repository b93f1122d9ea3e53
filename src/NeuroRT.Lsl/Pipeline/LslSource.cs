using NeuroRT.Core.Configuration;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Pipeline;

/// <summary>
/// A live LSL stream as a pipeline source: resolved by name, type, source_id or an XPath predicate, its channel
/// labels and units read from the full info, samples decoded from the socket into the ring as float32, with
/// timestamps mapped to this host's clock by the measured offset (and optionally dejittered). A lost outlet is
/// recovered (by source_id) and the gap reported; the run never hangs on a dead stream.
/// </summary>
[Component(ComponentKind.Source, "lsl", Summary = "a live Lab Streaming Layer stream (any liblsl outlet on the network)")]
public sealed class LslSource : ISampleSource
{
    private LslInlet? _inlet;
    private LslConfig? _config;
    private readonly List<MarkerFeed> _markerFeeds = [];
    private int _signalChannels;

    /// <summary>Stream name to resolve (the key is <c>stream</c>: <c>name</c> names the pipeline node itself).</summary>
    [Parameter("stream", Help = "name of the stream to receive, e.g. BioSemi")]
    public string Name { get; set; } = "";

    /// <summary>Stream type to resolve.</summary>
    [Parameter("type", Help = "content type of the stream to receive, e.g. EEG")]
    public string Type { get; set; } = "";

    /// <summary>source_id to resolve.</summary>
    [Parameter("source-id", Help = "source_id of the stream (the device), e.g. a serial number")]
    public string SourceId { get; set; } = "";

    /// <summary>XPath predicate (LSL query language).</summary>
    [Parameter("predicate", Help = "an LSL query (XPath over the stream info), e.g. \"starts-with(name,'BioSemi')\"")]
    public string Predicate { get; set; } = "";

    /// <summary>Seconds to wait for the stream to appear.</summary>
    [Parameter("timeout", Quantity = Quantity.Time, Help = "how long to look for the stream before giving up (default 10s)")]
    public double Timeout { get; set; } = 10;

    /// <summary>Seconds the outlet may queue for us.</summary>
    [Parameter("buffer", Quantity = Quantity.Time, Help = "data the outlet queues for NeuroRT if it falls behind (default 360s, as liblsl)")]
    public double Buffer { get; set; } = 360;

    /// <summary>Samples per network write asked of the outlet.</summary>
    [Parameter("max-chunk", Help = "samples per network write asked of the outlet (default 0 = every push)")]
    public int MaxChunk { get; set; }

    /// <summary>Map timestamps to this host's clock.</summary>
    [Parameter("clock-sync", Help = "add the measured clock offset to timestamps (default true)")]
    public bool ClockSync { get; set; } = true;

    /// <summary>Smooth timestamps of regular streams.</summary>
    [Parameter("dejitter", Help = "smooth the timestamps of a regular stream with a linear fit (default false)")]
    public bool Dejitter { get; set; }

    /// <summary>Back-pressure instead of drops when the pipeline falls behind.</summary>
    [Parameter("lossless", Help = "never drop: when NeuroRT falls behind, let the outlet queue the data (for recordings served faster than real time; default false)")]
    public bool Lossless { get; set; }

    /// <summary>Marker streams received beside the signal, each as one extra channel.</summary>
    [Parameter("markers", Help = "marker streams to receive beside the signal, by name; each adds a channel holding each marker's code on the sample at its (clock-corrected) time, 0 elsewhere")]
    public string[] Markers { get; set; } = [];

    /// <summary>Marker texts in the order of their codes (1, 2, ...).</summary>
    [Parameter("marker-names", Help = "marker texts in code order, e.g. [left, right] gives left = 1, right = 2 (numeric markers keep their value; unknown texts get the next free code)")]
    public string[] MarkerNames { get; set; } = [];

    /// <summary>An lsl_api.cfg file.</summary>
    [Parameter("config", InputFile = true, Help = "an lsl_api.cfg file (default: found as liblsl finds it)")]
    public string ConfigFile { get; set; } = "";

    /// <summary>Hosts to query by unicast.</summary>
    [Parameter("known-peers", Help = "hosts to query directly, for networks without multicast, e.g. [192.168.1.20]")]
    public string[] KnownPeers { get; set; } = [];

    /// <summary>Where network events go (the CLI's status line reads <see cref="Inlet"/>).</summary>
    public ILslLog Log { get; set; } = StderrLslLog.Instance;

    /// <summary>The inlet once opened (state, recoveries, clock offset).</summary>
    public LslInlet? Inlet => _inlet;

    /// <inheritdoc />
    public bool IsRealTime => !Lossless;

    /// <inheritdoc />
    public double? DurationSeconds => null;

    /// <summary>The query this source resolves with.</summary>
    public string Query(string sessionId)
    {
        if (Predicate.Length > 0) return StreamQuery.ByPredicate(sessionId, Predicate);
        string query = StreamQuery.All(sessionId);
        if (Name.Length > 0) query += $" and name='{Name}'";
        if (Type.Length > 0) query += $" and type='{Type}'";
        if (SourceId.Length > 0) query += $" and source_id='{SourceId}'";
        return query;
    }

    /// <inheritdoc />
    public StreamFormat Open()
    {
        if (Name.Length + Type.Length + SourceId.Length + Predicate.Length == 0)
            throw new StageConfigurationException("stream", "say which stream to receive: give stream (its name), type, source-id or predicate");
        foreach (var (parameter, value) in new[] { ("stream", Name), ("type", Type), ("source-id", SourceId) })
            if (value.Contains('\'')) throw new StageConfigurationException(parameter, $"'{value}' cannot contain a single quote");
        if (!(Timeout > 0)) throw new StageConfigurationException("timeout", $"timeout must be positive, got {Timeout} s");
        if (!(Buffer > 0)) throw new StageConfigurationException("buffer", $"buffer must be positive, got {Buffer} s");
        if (MaxChunk < 0) throw new StageConfigurationException("max-chunk", $"max-chunk must be >= 0, got {MaxChunk}");
        MarkerCodes.Validate(MarkerNames); // before any network wait
        try
        {
            _config = ConfigFile.Length > 0 ? LslConfig.Load(ConfigFile) : LslConfig.Current;
        }
        catch (LslConfigException e)
        {
            throw new StageConfigurationException("config", e.Message);
        }

        if (KnownPeers.Length > 0) _config = _config with { KnownPeers = [.. _config.KnownPeers, .. KnownPeers] };
        string query = Query(_config.SessionId);
        IReadOnlyList<LslStreamInfo> found;
        using (var resolver = new LslResolver(_config, Log))
            found = resolver.Resolve(query, 1, Timeout, 0);
        if (found.Count == 0)
            throw new StageConfigurationException(Predicate.Length > 0 ? "predicate" : Name.Length > 0 ? "stream" : Type.Length > 0 ? "type" : "source-id",
                $"no LSL stream matching {query} answered within {Timeout:0.#} s (is the outlet running? try 'neurort streams' and 'neurort doctor')");
        var resolved = found[0];
        if (resolved.ChannelFormat == ChannelFormat.String)
            throw new StageConfigurationException("stream", $"stream {resolved.Name} carries strings (markers); a signal source needs a numeric stream");
        try
        {
            resolved = InfoFetcher.FetchFullInfo(resolved, Math.Min(5, Timeout));
        }
        catch (Exception e) when (e is TimeoutException or LslProtocolException or LslInfoException or System.Net.Sockets.SocketException)
        {
            Log.Write(LslLogLevel.Warning, $"stream {resolved.Name}: no full info ({e.Message}); channels are named ch1..ch{resolved.ChannelCount}");
        }

        _inlet = new LslInlet(resolved, new LslInletOptions
        {
            Config = _config, Log = Log, MaxBufferSeconds = Buffer, MaxChunkLength = MaxChunk, ClockSync = ClockSync, Dejitter = Dejitter,
        });
        var format = FormatOf(resolved);
        _signalChannels = format.ChannelCount;
        if (Markers.Length == 0) return format;
        if (!ClockSync) throw new StageConfigurationException("markers", "markers are placed by clock-corrected time: clock-sync must stay on");
        var channels = format.Channels.ToList();
        foreach (string marker in Markers)
        {
            if (marker.Contains('\'')) throw new StageConfigurationException("markers", $"'{marker}' cannot contain a single quote");
            IReadOnlyList<LslStreamInfo> markerStreams;
            using (var resolver = new LslResolver(_config, Log))
                markerStreams = resolver.Resolve(StreamQuery.ByProperty(_config.SessionId, "name", marker), 1, Timeout, 0);
            if (markerStreams.Count == 0)
                throw new StageConfigurationException("markers", $"no LSL marker stream named '{marker}' answered within {Timeout:0.#} s");
            _markerFeeds.Add(new MarkerFeed(markerStreams[0], MarkerNames, _config, Log));
            channels.Add(new ChannelInfo(marker, ChannelTypes.Marker, ""));
        }

        return format with { Channels = channels };
    }

    /// <summary>Markers received, over all marker streams.</summary>
    public long MarkersReceived => _markerFeeds.Sum(f => f.Received);

    /// <summary>Markers placed late (after their sample had passed), over all marker streams.</summary>
    public long LateMarkers => _markerFeeds.Sum(f => f.Late);

    /// <summary>The pipeline format of an LSL stream: labels, types and units from its desc (ch1.. when absent).</summary>
    public static StreamFormat FormatOf(LslStreamInfo info)
    {
        var labels = info.ChannelLabels();
        var units = info.ChannelUnits();
        var types = info.Desc.Element("channels")?.Elements("channel").Select(c => (string?)c.Element("type") ?? "").ToArray();
        var channels = new List<ChannelInfo>(info.ChannelCount);
        for (int c = 0; c < info.ChannelCount; c++)
        {
            string label = labels is not null && labels[c].Length > 0 ? labels[c] : $"ch{c + 1}";
            string type = types is not null && types.Length == info.ChannelCount && types[c].Length > 0 ? types[c] : info.Type;
            channels.Add(new ChannelInfo(label, type, units?[c] ?? ""));
        }

        var valueType = info.ChannelFormat switch
        {
            ChannelFormat.Double64 => SampleValueType.Double64,
            ChannelFormat.Int8 => SampleValueType.Int8,
            ChannelFormat.Int16 => SampleValueType.Int16,
            ChannelFormat.Int32 => SampleValueType.Int32,
            ChannelFormat.Int64 => SampleValueType.Int64,
            _ => SampleValueType.Float32,
        };
        return new StreamFormat(info.Name, channels, info.NominalRate, valueType, type: info.Type);
    }

    /// <inheritdoc />
    public void Run(SampleRing ring, CancellationToken cancel)
    {
        var inlet = _inlet ?? throw new InvalidOperationException("Open the source before running it");
        var chunk = new SampleChunk(inlet.Info.ChannelFormat, inlet.Info.ChannelCount, 1024);
        inlet.Open(Math.Max(Timeout, 5), cancel);
        foreach (var feed in _markerFeeds) feed.Start(Math.Max(Timeout, 5), cancel);
        if (ClockSync) inlet.TimeCorrection(2);
        int width = _signalChannels + _markerFeeds.Count;
        var rows = _markerFeeds.Count > 0 ? new float[chunk.Capacity * width] : chunk.Floats;
        while (!cancel.IsCancellationRequested)
        {
            int n = inlet.Pull(chunk, 100, cancel);
            if (n == 0) continue;
            long arrival = Core.Time.LocalClock.Ticks;
            if (_markerFeeds.Count > 0) Widen(chunk, n, rows, width);
            var values = rows.AsSpan(0, n * width);
            if (!Lossless) ring.Write(values, chunk.Timestamps.AsSpan(0, n), arrival);
            else if (!ring.WriteWaiting(values, chunk.Timestamps.AsSpan(0, n), arrival, cancel)) return;
        }
    }

    // Copies the signal into rows with one extra channel per marker stream, and puts each marker whose time is
    // at or before the chunk's last sample on the first sample at or after its time (the chunk's first sample
    // when it arrived late).
    private void Widen(SampleChunk chunk, int n, float[] rows, int width)
    {
        for (int s = 0; s < n; s++)
        {
            chunk.Floats.AsSpan(s * _signalChannels, _signalChannels).CopyTo(rows.AsSpan(s * width));
            rows.AsSpan(s * width + _signalChannels, _markerFeeds.Count).Clear();
        }

        var times = chunk.Timestamps;
        double rate = _inlet!.Info.NominalRate;
        double halfPeriod = rate > 0 ? 0.5 / rate : 0;
        for (int m = 0; m < _markerFeeds.Count; m++)
        {
            var feed = _markerFeeds[m];
            while (feed.TryPeek(out var marker) && marker.Time <= times[n - 1])
            {
                int s = 0;
                while (s < n - 1 && times[s] < marker.Time) s++;
                if (s == 0 && marker.Time < times[0] - halfPeriod) feed.Late++;
                rows[s * width + _signalChannels + m] = marker.Code;
                feed.Take();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var feed in _markerFeeds) feed.Dispose();
        _inlet?.Dispose();
    }
}
