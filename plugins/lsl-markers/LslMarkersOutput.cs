using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Plugins.LslMarkers.Markers;

namespace NeuroRT.Plugins.LslMarkers;

/// <summary>
/// Serves commands as an LSL string marker stream (one channel, irregular rate), one marker per command, through
/// NeuroRT's managed LSL outlet: any LSL program (LabRecorder, pylsl, a game) receives them. Markers are stamped with
/// the command's source timestamp, so a receiver sees when the data that caused it happened, or with the LSL clock
/// when sent.
/// </summary>
[CommandOutput("lsl-markers", Summary = "serve commands as an LSL string marker stream")]
public sealed class LslMarkersOutput : ICommandOutput
{
    private readonly string[] _marker = new string[1];
    private LslOutlet? _outlet;
    private MarkerTemplate? _template;
    private bool _sentTime;

    /// <summary>Stream name.</summary>
    [PluginParameter("stream", Help = "name of the LSL marker stream (default NeuroRT-commands)")]
    public string Stream { get; set; } = "NeuroRT-commands";

    /// <summary>Stream content type.</summary>
    [PluginParameter("type", Help = "LSL content type (default Markers)")]
    public string Type { get; set; } = "Markers";

    /// <summary>source_id.</summary>
    [PluginParameter("source-id", Help = "stable source_id so receivers reconnect after a restart (default neurort-<stream>)")]
    public string SourceId { get; set; } = "";

    /// <summary>The marker text.</summary>
    [PluginParameter("marker", Help = "marker template: {name}, {confidence}, {confidence:0.00}, {sequence} and text (default {name})")]
    public string Marker { get; set; } = "{name}";

    /// <summary>Which time stamps the markers.</summary>
    [PluginParameter("timestamp", Help = "source (the command's source timestamp, LSL clock) or sent (the LSL clock when sent) (default source)")]
    public string Timestamp { get; set; } = "source";

    /// <summary>An lsl_api.cfg file.</summary>
    [PluginParameter("config", Help = "an lsl_api.cfg file, relative to the pipeline file (default: found as liblsl finds it)")]
    public string Config { get; set; } = "";

    /// <summary>The outlet once open (its info has the served ports and uid).</summary>
    public LslOutlet? Outlet => _outlet;

    /// <inheritdoc />
    public void Open(IPluginHost host)
    {
        if (Stream.Trim().Length == 0) throw new PluginConfigurationException("stream", "stream is empty: give the LSL stream name (default NeuroRT-commands)");
        if (Type.Trim().Length == 0) throw new PluginConfigurationException("type", "type is empty: give the LSL content type (default Markers)");
        _sentTime = Timestamp.Trim().ToLowerInvariant() switch
        {
            "source" => false,
            "sent" => true,
            _ => throw new PluginConfigurationException("timestamp", $"timestamp must be source or sent, got '{Timestamp}'"),
        };
        _template = MarkerTemplate.Parse(Marker);

        LslConfig config;
        string file = Config.Length == 0 ? "" : Path.GetFullPath(Path.Combine(host.PipelineDirectory, Config));
        try
        {
            if (file.Length > 0 && !File.Exists(file)) throw new LslConfigException($"{file}: no such file");
            config = file.Length > 0 ? LslConfig.Load(file) : LslConfig.Current;
        }
        catch (LslConfigException e)
        {
            throw new PluginConfigurationException("config", e.Message);
        }

        var info = MarkerStream.Describe(Stream, Type, SourceId);
        try
        {
            _outlet = new LslOutlet(info, new LslOutletOptions { Config = config });
        }
        catch (LslConfigException e)
        {
            throw new PluginConfigurationException("config", e.Message);
        }

        host.Log(PluginLogLevel.Info, $"serving LSL marker stream '{Stream}' (type {Type}, source_id {_outlet.Info.SourceId}, data port {_outlet.Info.V4DataPort}), markers '{Marker}', {(_sentTime ? "sent" : "source")} timestamps");
    }

    /// <inheritdoc />
    public void Send(in Command command)
    {
        var outlet = _outlet ?? throw new InvalidOperationException("lsl-markers output: Send before Open");
        // A command without a usable source time (0 and -1 mean "now" and "deduced" to LSL) goes out at the send time.
        double timestamp = command.Timestamp;
        if (_sentTime || !double.IsFinite(timestamp) || timestamp == 0 || timestamp == -1) timestamp = LslClock.Now;
        _marker[0] = _template!.Format(command);
        outlet.PushSample(_marker, timestamp);
    }

    /// <inheritdoc />
    public void Close()
    {
        _outlet?.Dispose();
        _outlet = null;
    }

    /// <inheritdoc />
    public void Dispose() => Close();
}
