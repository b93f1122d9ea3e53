using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Lsl.Pipeline;

/// <summary>
/// Serves a pipeline node as an LSL stream any LSL program can receive: <c>values</c> sends every frame's
/// values (float32, the node's channel names in the desc), <c>markers</c> sends one string per frame, the name
/// of its highest-valued channel (the decoded class), as a command/marker stream. By default it is written on the
/// pipeline thread (<see cref="IInlineOutput"/>): a push only encodes the sample into each consumer's queue (the
/// outlet's sender threads do the socket writes), never blocks and never allocates, and skipping the hand-off to an
/// output thread removes one thread wake-up from every command's latency. <c>thread: own</c> gives it its own thread.
/// One exception to "never allocates": a consumer that falls behind by more than its queue's initial 256 KB makes that
/// queue grow once, by doubling, up to its bound.
/// </summary>
[Component(ComponentKind.Output, "lsl-outlet", Summary = "serve frames (values) or decoded classes (markers) as an LSL stream")]
public sealed class LslOutletOutput : IInlineOutput
{
    private LslOutlet? _outlet;
    private string[] _classNames = [];
    private readonly string[] _marker = new string[1];
    private bool _markers;
    private bool _emittedTime;

    /// <summary>Stream name (the key is <c>stream</c>: <c>name</c> names the output node itself).</summary>
    [Parameter("stream", Required = true, Help = "name of the LSL stream to serve, e.g. NeuroRT-commands")]
    public string Name { get; set; } = "";

    /// <summary>Stream type.</summary>
    [Parameter("type", Help = "content type (default: Markers for markers, else the node's type or NeuroRT)")]
    public string Type { get; set; } = "";

    /// <summary>source_id (what lets receivers recover after a restart).</summary>
    [Parameter("source-id", Help = "stable source_id so receivers reconnect after a restart (default neurort-<stream>)")]
    public string SourceId { get; set; } = "";

    /// <summary>What to send.</summary>
    [Parameter("mode", Help = "values (every frame's values, float32) or markers (the highest channel's name per frame) (default values)")]
    public string Mode { get; set; } = "values";

    /// <summary>Which time to stamp frames with.</summary>
    [Parameter("timestamps", Help = "source (the frame's own timestamp, in the LSL clock for LSL sources) or emitted (the LSL clock when sent) (default source)")]
    public string Timestamps { get; set; } = "source";

    /// <summary>Which thread pushes.</summary>
    [Parameter("thread", Help = "pipeline (push right after the stages: one thread wake-up less per command) or own (a thread of its own behind a queue) (default pipeline)")]
    public string Thread { get; set; } = "pipeline";

    /// <inheritdoc />
    public bool Inline { get; private set; } = true;

    /// <summary>An lsl_api.cfg file.</summary>
    [Parameter("config", InputFile = true, Help = "an lsl_api.cfg file (default: found as liblsl finds it)")]
    public string ConfigFile { get; set; } = "";

    /// <summary>The outlet once open.</summary>
    public LslOutlet? Outlet => _outlet;

    /// <inheritdoc />
    public void Open(StreamFormat format)
    {
        if (Name.Length == 0) throw new StageConfigurationException("stream", "give the LSL stream name to serve");
        _markers = Mode switch
        {
            "values" => false,
            "markers" => true,
            _ => throw new StageConfigurationException("mode", $"mode must be values or markers, got '{Mode}'"),
        };
        _emittedTime = Timestamps switch
        {
            "source" => false,
            "emitted" => true,
            _ => throw new StageConfigurationException("timestamps", $"timestamps must be source or emitted, got '{Timestamps}'"),
        };
        Inline = Thread switch
        {
            "pipeline" => true,
            "own" => false,
            _ => throw new StageConfigurationException("thread", $"thread must be pipeline or own, got '{Thread}'"),
        };
        if (format.FrameLength != 1)
            throw new StageConfigurationException("stream", $"lsl-outlet sends frames of one sample, but its input has frames of {format.FrameLength} samples: connect it to a signal or to a feature/decoder node");
        LslConfig config;
        try
        {
            config = ConfigFile.Length > 0 ? LslConfig.Load(ConfigFile) : LslConfig.Current;
        }
        catch (LslConfigException e)
        {
            throw new StageConfigurationException("config", e.Message);
        }

        _classNames = format.Channels.Select(c => c.Name).ToArray();
        string sourceId = SourceId.Length > 0 ? SourceId : MarkerStream.DefaultSourceId(Name);
        LslStreamInfo info;
        if (_markers)
        {
            info = MarkerStream.Describe(Name, Type.Length > 0 ? Type : "Markers", sourceId);
        }
        else
        {
            info = new LslStreamInfo
            {
                Name = Name,
                Type = Type.Length > 0 ? Type : format.Type.Length > 0 ? format.Type : "NeuroRT",
                ChannelCount = format.ChannelCount,
                ChannelFormat = ChannelFormat.Float32,
                NominalRate = format.NominalRate,
                SourceId = sourceId,
            };
            info.SetChannels(format.Channels.Select(c => (c.Name, c.Unit, c.Type)).ToList());
            info.Desc.Add(new System.Xml.Linq.XElement("acquisition", new System.Xml.Linq.XElement("manufacturer", "NeuroRT")));
        }

        _outlet = new LslOutlet(info, new LslOutletOptions { Config = config });
    }

    /// <inheritdoc />
    public void Write(OutputPacket packet)
    {
        var outlet = _outlet!;
        var frames = packet.Frames;
        for (int f = 0; f < frames.Count; f++)
        {
            double timestamp = _emittedTime ? LslClock.FromTicks(packet.EmittedTicks) : frames.Timestamps[f];
            if (timestamp == 0 || timestamp == -1) timestamp = LslClock.FromTicks(packet.EmittedTicks);
            var values = frames.Frame(f);
            bool last = f == frames.Count - 1;
            if (!_markers)
            {
                outlet.PushSample<float>(values, timestamp, pushthrough: last);
                continue;
            }

            int best = 0;
            for (int c = 1; c < values.Length; c++) if (values[c] > values[best]) best = c;
            _marker[0] = _classNames[best];
            outlet.PushSample(_marker, timestamp, pushthrough: last);
        }
    }

    /// <inheritdoc />
    public void Close()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _outlet?.Dispose();
        _outlet = null;
    }
}
