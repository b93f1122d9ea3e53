using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Dashboard.Alarms;
using NeuroRT.Dashboard.Server;
using NeuroRT.Dashboard.Streaming;
using NeuroRT.Dashboard.Taps;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Dashboard;

/// <summary>
/// The live dashboard of a run (<c>neurort run --dashboard</c>, on by default in <c>neurort demo</c>): a local web page
/// fed by server-sent events. Give it to the loader as <see cref="LoadOptions.Dashboard"/> (it adds its taps: the
/// source, the last filter before the window, every node an output reads, every snn stage), then
/// <see cref="Attach"/> the runner and <see cref="Start"/> it. The taps run on their own output threads; the
/// dashboard's frame thread reads them and the runner's counters at <see cref="DashboardSettings.FramesPerSecond"/>;
/// the pipeline thread does nothing more than copy each tapped block into its output's pooled packet.
/// </summary>
public sealed class LiveDashboard : IPipelineTapper, IDisposable
{
    /// <summary>The prefix of the dashboard's output names in the pipeline (its ports' names).</summary>
    public const string PortPrefix = "dashboard:";

    private static readonly HashSet<string> FilterTypes = new(StringComparer.OrdinalIgnoreCase)
        { "fir", "comb", "lowpass", "highpass", "bandpass", "bandstop", "notch", "envelope", "car" };

    private readonly DashboardSettings _settings;
    private readonly AccessToken _token = new();
    private readonly List<TraceTap> _taps = [];
    private readonly List<AlarmLogTail> _alarmLogs = [];
    private readonly List<ClientQueue> _clients = [];
    private string _pipeline = "";
    private string? _snnNote;
    private PipelineRunner? _runner;
    private ISampleSource? _source;
    private DashboardServer? _server;
    private Thread? _frames;
    private volatile bool _stopping;
    private long _clientsDropped;
    private byte[]? _meta;

    /// <summary>A dashboard listening where <paramref name="settings"/> says (loopback and a free port by default).</summary>
    public LiveDashboard(DashboardSettings? settings = null) => _settings = settings ?? new DashboardSettings();

    /// <summary>The page's address with its token (what to open), once started.</summary>
    public string Url => _server is null ? "" : $"{_server.Address}/?token={_token.Value}";

    /// <summary>The bound address without the token, once started.</summary>
    public string Address => _server?.Address ?? "";

    /// <summary>The secret the page, assets and stream require.</summary>
    public string Token => _token.Value;

    /// <summary>Data frames dropped because a browser read slower than they were made (all browsers).</summary>
    public long FramesDropped => Interlocked.Read(ref _clientsDropped) + Pending();

    /// <summary>Browsers connected now.</summary>
    public int Clients
    {
        get { lock (_clients) return _clients.Count; }
    }

    /// <summary>The taps added (node names), for the run's description.</summary>
    public IReadOnlyList<string> TappedNodes => _taps.ConvertAll(t => t.Node);

    /// <inheritdoc />
    public void AddTaps(PipelineTapPoints points)
    {
        var document = points.Document;
        _pipeline = document.Name;
        int seconds = 30;
        Add(points, new TraceTap("raw", PipelineTapPoints.SourceName, document.Source.TypeName, TapKind.Raw, _settings.DisplayRate, seconds));
        if (FilteredNode(document) is { } filtered)
            Add(points, new TraceTap("filtered", filtered.Name, filtered.TypeName, TapKind.Filtered, _settings.DisplayRate, seconds));

        var read = new Dictionary<string, TapKind>(StringComparer.Ordinal);
        foreach (var output in points.Outputs)
        {
            if (output.Input is not { } node || node == PipelineTapPoints.SourceName) continue;
            bool alarm = string.Equals(output.TypeName, "seizure-alarm", StringComparison.OrdinalIgnoreCase);
            if (alarm && LogOf(output) is { } log) _alarmLogs.Add(new AlarmLogTail(output.Name, Path.GetFullPath(Path.Combine(document.Directory, log))));
            if (!read.TryGetValue(node, out var kind) || alarm) read[node] = alarm ? TapKind.Alarm : TapKind.Frames;
        }

        foreach (var stage in document.Stages)
        {
            bool snn = string.Equals(stage.TypeName, "snn", StringComparison.OrdinalIgnoreCase);
            if (snn) _snnNote = "the snn stage exposes its output frames (class confidences from spike counts), not per-neuron spikes or membrane potentials: the raster shows those frames";
            if (!read.TryGetValue(stage.Name, out var kind) && !snn) continue;
            if (snn && kind != TapKind.Alarm) kind = TapKind.Snn;
            Add(points, new TraceTap("node-" + stage.Name, stage.Name, stage.TypeName, kind, _settings.DisplayRate, seconds));
        }
    }

    // The alarm log named by a seizure-alarm output's `log:` (resolved as the plugin resolves it: against the pipeline's folder).
    private static string? LogOf(ComponentEntry output)
    {
        foreach (var (key, value) in output.Parameters)
            if (key.Value == "log" && value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } log }) return log;
        return null;
    }

    private void Add(PipelineTapPoints points, TraceTap tap)
    {
        _taps.Add(tap);
        points.Add(PortPrefix + tap.Id, tap, tap.Node);
    }

    // The stage the window reads, or the nearest filter above it: the signal as filtered before it is cut into windows.
    private static ComponentEntry? FilteredNode(PipelineDocument document)
    {
        var byName = new Dictionary<string, ComponentEntry>(StringComparer.Ordinal);
        foreach (var stage in document.Stages) byName[stage.Name] = stage;
        foreach (var stage in document.Stages)
        {
            if (!string.Equals(stage.TypeName, "window", StringComparison.OrdinalIgnoreCase) && !string.Equals(stage.TypeName, "epochs", StringComparison.OrdinalIgnoreCase)) continue;
            for (string? input = stage.Input; input is not null && byName.TryGetValue(input, out var above); input = above.Input)
                if (FilterTypes.Contains(above.TypeName)) return above;
            return null;
        }

        return null;
    }

    /// <summary>The runner whose counters the page shows, and the source (for the LSL clock offset).</summary>
    public void Attach(PipelineRunner runner, ISampleSource source)
    {
        _runner = runner;
        _source = source;
    }

    /// <summary>Starts the web server and the frame thread; <see cref="Url"/> is then known.</summary>
    public void Start()
    {
        _server = new DashboardServer(_settings.Bind, _settings.Port, _token, Meta, Connect, Disconnect);
        try
        {
            _server.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"dashboard: cannot listen on {_settings.Bind}:{_settings.Port}: {e.Message}", e);
        }

        foreach (var log in _alarmLogs) log.Begin();
        _frames = new Thread(SendFrames) { Name = "neurort-dashboard", IsBackground = true };
        _frames.Start();
    }

    private byte[] Meta() => _meta ??= FrameWriter.Meta(_pipeline, _source?.GetType().Name ?? "", _taps, _alarmLogs, _settings.FramesPerSecond, _snnNote);

    private ClientQueue Connect()
    {
        var client = new ClientQueue(8);
        lock (_clients) _clients.Add(client);
        return client;
    }

    private void Disconnect(ClientQueue client)
    {
        lock (_clients) _clients.Remove(client);
        Interlocked.Add(ref _clientsDropped, client.Dropped);
    }

    // The dashboard's own thread: every tick, the taps' new points; every other tick, the runner's counters and the
    // alarm logs too.
    private void SendFrames()
    {
        int fps = Math.Clamp(_settings.FramesPerSecond, 1, 50);
        // Room per frame for 16 ticks' worth of points: a recording replayed up to 16 x real time (or a late tick on a
        // loaded machine) still reaches the page whole instead of as lost points drawn as straight lines.
        var writer = new FrameWriter(_taps, _alarmLogs, (int)Math.Ceiling(_settings.DisplayRate / fps * 16));
        var lsl = _source as LslSource;
        var period = TimeSpan.FromSeconds(1.0 / fps);
        var clients = new List<ClientQueue>();
        for (long tick = 0; !_stopping; tick++)
        {
            Thread.Sleep(period);
            byte[] frame = writer.Data(tick % 2 == 0 ? _runner : null, lsl, FramesDropped);
            clients.Clear();
            lock (_clients) clients.AddRange(_clients);
            foreach (var client in clients) client.Post(frame);
        }
    }

    private long Pending()
    {
        long dropped = 0;
        lock (_clients) foreach (var c in _clients) dropped += c.Dropped;
        return dropped;
    }

    /// <summary>Stops the frame thread and the web server.</summary>
    public void Dispose()
    {
        _stopping = true;
        _frames?.Join(2000);
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
