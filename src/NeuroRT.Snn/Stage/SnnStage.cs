using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Snn.Coding;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.Network;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Stage;

/// <summary>Which input code the snn stage uses.</summary>
public enum SnnEncoder
{
    /// <summary>Feature vectors (one value per network input) as event counts: <see cref="RateEncoder"/>.</summary>
    Rate,

    /// <summary>Windows of samples, level crossings as UP/DOWN events: <see cref="DeltaEncoder"/>.</summary>
    Delta,

    /// <summary>Windows of samples, asynchronous delta modulation: <see cref="AdmEncoder"/>.</summary>
    Adm,
}

/// <summary>What the stage does when the board stops answering or disappears during a run.</summary>
public enum DeviceLost
{
    /// <summary>Stop the pipeline with an error naming the device.</summary>
    Stop,

    /// <summary>Load the network into the in-process virtual board and go on there, with one warning.</summary>
    Virtual,
}

/// <summary>
/// A spiking decoder on a NeuroCoreX board (or its bit-exact virtual model): per input frame the encoder turns the frame
/// into one input event per timestep over <c>timesteps</c> timesteps (empty timesteps get an event to the network's silent
/// input, see <see cref="SpikeSchedule.FillGaps"/>), the board runs them as one batch, and the readout turns the spikes
/// of each class's neuron group into one output frame of class confidences (channels named after the classes, as the
/// onnx stage emits them, so smooth/vote/decide can follow). Configure loads and checks the network file against the
/// stream (input names against channel names, group neurons against the network) and loads the board; Process allocates
/// nothing on the virtual board.
/// </summary>
[Component(ComponentKind.Stage, "snn", Summary = "spiking-network decoder on a NeuroCoreX board or its virtual model (class confidences per frame)")]
public sealed class SnnStage : IStage, IDisposable
{
    private INcxRunner? _runner;
    private NcxImage? _image;
    private SpikeSchedule? _schedule;
    private RateEncoder? _rate;
    private DeltaEncoder? _delta;
    private AdmEncoder? _adm;
    private SpikeReadout? _readout;
    private int[] _featureChannel = [];
    private float[] _features = [];
    private readonly int[] _counts = new int[NcxLayout.Neurons];
    private readonly int[] _first = new int[NcxLayout.Neurons];
    private int _stride;
    private int _silent;

    /// <summary>The network file.</summary>
    [Parameter("network", Required = true, InputFile = true, Help = "network file (format neurocorex-network/1), relative to the pipeline file")]
    public string Network { get; set; } = "";

    /// <summary>"virtual" or a tty path.</summary>
    [Parameter("device", Help = "virtual (default: the in-process bit-exact model) or the board's tty, e.g. /dev/ttyUSB0")]
    public string Device { get; set; } = NcxBackends.Virtual;

    /// <summary>Read the FF matrix back after the load.</summary>
    [Parameter("verify", Help = "read the FF weights back after loading and compare (default true; 194 ms on the board)")]
    public bool Verify { get; set; } = true;

    /// <summary>Unplug policy.</summary>
    [Parameter("on-device-lost", Help = "stop (default: the pipeline stops with an error naming the device) or virtual (continue on the model, with one warning)")]
    public DeviceLost OnDeviceLost { get; set; } = DeviceLost.Stop;

    /// <summary>Silent timesteps run between frames.</summary>
    [Parameter("flush", Help = "silent board timesteps between frames, so that state leaking from one run into the next (refractory counters, recurrent sums, STDP traces) decays; default 0 (a feed-forward network with refractory 0 carries nothing)")]
    public int Flush { get; set; }

    /// <summary>Timesteps per frame.</summary>
    [Parameter("timesteps", Help = "board timesteps per input frame, 1..1022 (default 64; 0.96 ms each on the board)")]
    public int Timesteps { get; set; } = 64;

    /// <summary>Input code.</summary>
    [Parameter("encoder", Help = "rate (default: feature vectors), delta or adm (windows of samples)")]
    public SnnEncoder Encoder { get; set; } = SnnEncoder.Rate;

    /// <summary>Rate code: value giving no events, per network input.</summary>
    [Parameter("min", Help = "rate: per network input (in network order), the value that gives 0 events")]
    public double[] Min { get; set; } = [];

    /// <summary>Rate code: value giving max-events, per network input.</summary>
    [Parameter("max", Help = "rate: per network input, the value that gives max-events events")]
    public double[] Max { get; set; } = [];

    /// <summary>Rate code: events at max.</summary>
    [Parameter("max-events", Help = "rate: events for a value at max (default: timesteps / inputs, the most the board can take)")]
    public int MaxEvents { get; set; }

    /// <summary>Delta/ADM: the stream channels to code (default all); network inputs are "channel:up" and "channel:down".</summary>
    [Parameter("channels", Help = "delta/adm: stream channels to code (default: all); the network needs inputs named <channel>:up and <channel>:down")]
    public string[] Channels { get; set; } = [];

    /// <summary>Delta/ADM level step.</summary>
    [Parameter("step", Help = "delta/adm: level step in the signal's units (e.g. 10 for 10 uV)")]
    public double Step { get; set; }

    /// <summary>ADM threshold in levels.</summary>
    [Parameter("threshold", Help = "adm: levels between reference and signal that make an event (default 1)")]
    public int Threshold { get; set; } = 1;

    /// <summary>ADM refractory in samples.</summary>
    [Parameter("refractory", Help = "adm: samples a channel stays deaf after an event (default 0)")]
    public int Refractory { get; set; }

    /// <summary>Readout kind.</summary>
    [Parameter("readout", Help = "count (default: most spikes wins) or first-spike (earliest spiking group wins)")]
    public ReadoutKind Readout { get; set; } = ReadoutKind.Count;

    /// <summary>Class name → neuron names.</summary>
    [Parameter("groups", Required = true, Help = "class name -> the network's output neurons of that class, e.g. {left: [l0, l1], right: [r0, r1]}")]
    public KeyValuePair<string, string[]>[] Groups { get; set; } = [];

    /// <summary>Tie rule.</summary>
    [Parameter("ties", Help = "none (default: a tie or no spike at all gives all-zero confidences, no decision) or first (the first tied class)")]
    public TieRule Ties { get; set; } = TieRule.None;

    /// <summary>Where Configure and the unplug fallback say what they did (stderr by default).</summary>
    public TextWriter Log { get; set; } = Console.Error;

    /// <summary>Opens the link for a device name; <see cref="NcxBackends.Open"/> by default (tests put boards here).</summary>
    public Func<string, INcxLink> OpenLink { get; set; } = NcxBackends.Open;

    /// <summary>What runs the network now (after Configure).</summary>
    public string Backend => _runner?.Description ?? "(not configured)";

    /// <summary>Whether the stage went over to the virtual board after losing its device.</summary>
    public bool FellBack { get; private set; }

    /// <summary>Frames whose events did not all fit in the run (delta/adm), so far.</summary>
    public long FramesWithDrops { get; private set; }

    /// <summary>The class decided for the last frame (-1 = none).</summary>
    public int LastClass { get; private set; } = -1;

    /// <summary>The network as read (after Configure).</summary>
    public NcxNetwork? Loaded { get; private set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        Dispose();
        FellBack = false;
        StreamFormat format = input.Format;
        if (Timesteps < 1 || Timesteps > 1022)
        {
            throw new StageConfigurationException("timesteps", $"timesteps must be 1..1022 (a batch run queues at most 1 024 events on the board), got {Timesteps}");
        }

        if (Flush < 0 || Flush > 10_000)
        {
            throw new StageConfigurationException("flush", $"flush must be 0..10000 timesteps, got {Flush}");
        }

        NcxNetwork network;
        NcxImage image;
        try
        {
            network = NcxNetworkFile.Load(Network);
            image = NcxCompiler.Compile(network, out NcxCompileReport report);
            foreach (NcxCompileWarning w in report.Warnings)
            {
                Log.WriteLine($"snn: {w}");
            }
        }
        catch (NcxNetworkException e)
        {
            throw new StageConfigurationException("network", $"the network file has {e.Diagnostics.Count} error(s): {string.Join("; ", e.Diagnostics)}", e);
        }

        _silent = image.SilentAddress();
        if (_silent < 0)
        {
            throw new StageConfigurationException("network", $"network '{Path.GetFileName(Network)}' drives every input address; one FF column must stay all zero for the board's trailing dummy event");
        }

        Loaded = network;
        _image = image;
        _schedule = new SpikeSchedule(Timesteps);
        BindEncoder(format, network);
        _readout = new SpikeReadout(Readout, BindGroups(network), Ties, Timesteps);

        try
        {
            _runner = new NcxDriverRunner(OpenLink(Device), Timesteps, Verify, Flush);
            _runner.Load(image);
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or UnauthorizedAccessException)
        {
            Dispose();
            throw new StageConfigurationException("device", $"cannot load the network into '{Device}': {e.Message}", e);
        }

        var channels = new ChannelInfo[Groups.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            channels[c] = new ChannelInfo(Groups[c].Key, ChannelTypes.ClassScore, "probability");
        }

        Log.WriteLine($"snn: {Path.GetFileName(Network)} ({network.Inputs.Count} inputs, {network.Neurons.Count} neurons) on {_runner.Description}, {Encoder.ToString().ToLowerInvariant()} code, {Timesteps} timesteps per frame, {(Readout == ReadoutKind.Count ? "count" : "first-spike")} readout");
        return new StageOutput(format with { Channels = channels, FrameLength = 1, Type = "Decoded" }, input.MaxFramesPerBlock);
    }

    private void BindEncoder(StreamFormat format, NcxNetwork network)
    {
        _stride = format.ChannelCount;
        if (Encoder == SnnEncoder.Rate)
        {
            if (format.FrameLength != 1)
            {
                throw new StageConfigurationException("encoder", $"the rate code needs one feature vector per frame, but the input holds windows of {format.FrameLength} samples; put a feature stage before it, or use encoder: delta or adm");
            }

            int n = network.Inputs.Count;
            _featureChannel = new int[n];
            var missing = new List<string>();
            var used = new bool[format.ChannelCount];
            for (int i = 0; i < n; i++)
            {
                _featureChannel[i] = FindChannel(format, network.Inputs[i].Name);
                if (_featureChannel[i] < 0)
                {
                    missing.Add(network.Inputs[i].Name);
                }
                else
                {
                    used[_featureChannel[i]] = true;
                }
            }

            if (missing.Count > 0)
            {
                throw new StageConfigurationException("network", $"network inputs {string.Join(", ", missing)} match no channel of the stream '{format.Name}' ({format.DescribeChannels()}); names match ignoring case and dots");
            }

            var extra = new List<string>();
            for (int c = 0; c < used.Length; c++)
            {
                if (!used[c])
                {
                    extra.Add(format.Channels[c].Name);
                }
            }

            if (extra.Count > 0)
            {
                throw new StageConfigurationException("network", $"stream channels {string.Join(", ", extra)} feed no network input (nothing is dropped silently); pick the channels the network uses before this stage");
            }

            if (Min.Length != n || Max.Length != n)
            {
                throw new StageConfigurationException(Min.Length != n ? "min" : "max", $"the rate code needs one min and one max per network input ({n}: {string.Join(", ", network.Inputs.Select(x => x.Name))}); got {Min.Length} and {Max.Length}");
            }

            int maxEvents = MaxEvents == 0 ? Timesteps / n : MaxEvents;
            int[] addresses = network.Inputs.Select(x => x.Address).ToArray();
            try
            {
                _rate = new RateEncoder(addresses, Min, Max, maxEvents, Timesteps);
            }
            catch (ArgumentException e)
            {
                throw new StageConfigurationException(MaxEvents == 0 ? "timesteps" : "max-events", e.Message, e);
            }

            _features = new float[n];
            return;
        }

        if (format.FrameLength < 2)
        {
            throw new StageConfigurationException("encoder", $"the {Encoder.ToString().ToLowerInvariant()} code reads windows of samples, but the input carries single samples or feature vectors; put a window stage before it");
        }

        if (!(Step > 0))
        {
            throw new StageConfigurationException("step", $"give the level step (in the signal's units) of the {Encoder.ToString().ToLowerInvariant()} code, a positive number");
        }

        string[] names = Channels.Length > 0 ? Channels : format.Channels.Select(c => c.Name).ToArray();
        var channels = new int[names.Length];
        var up = new int[names.Length];
        var down = new int[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            channels[c] = FindChannel(format, names[c]);
            if (channels[c] < 0)
            {
                throw new StageConfigurationException("channels", $"channel '{names[c]}' is not in the stream '{format.Name}' ({format.DescribeChannels()})");
            }

            up[c] = InputAddress(network, names[c] + ":up");
            down[c] = InputAddress(network, names[c] + ":down");
        }

        try
        {
            if (Encoder == SnnEncoder.Delta)
            {
                _delta = new DeltaEncoder(channels, up, down, Step, Timesteps);
            }
            else
            {
                _adm = new AdmEncoder(channels, up, down, Step, Threshold, Refractory, Timesteps);
            }
        }
        catch (ArgumentException e)
        {
            throw new StageConfigurationException(e is ArgumentOutOfRangeException { ParamName: "threshold" } ? "threshold" : "refractory", e.Message, e);
        }
    }

    private int InputAddress(NcxNetwork network, string name)
    {
        foreach (NcxInput i in network.Inputs)
        {
            if (Normalize(i.Name) == Normalize(name))
            {
                return i.Address;
            }
        }

        throw new StageConfigurationException("network", $"the {Encoder.ToString().ToLowerInvariant()} code needs a network input named '{name}'; the network's inputs are {string.Join(", ", network.Inputs.Select(x => x.Name))}");
    }

    private int[][] BindGroups(NcxNetwork network)
    {
        if (Groups.Length < 2)
        {
            throw new StageConfigurationException("groups", $"give at least two classes, each with its output neurons, e.g. {{left: [l0, l1], right: [r0, r1]}}; got {Groups.Length}");
        }

        var owner = new Dictionary<int, string>();
        var groups = new int[Groups.Length][];
        var classes = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < Groups.Length; c++)
        {
            var (name, neurons) = (Groups[c].Key, Groups[c].Value);
            if (!classes.Add(name))
            {
                throw new StageConfigurationException("groups", $"class '{name}' is listed twice");
            }

            if (neurons.Length == 0)
            {
                throw new StageConfigurationException("groups", $"class '{name}' has no neurons");
            }

            groups[c] = new int[neurons.Length];
            for (int j = 0; j < neurons.Length; j++)
            {
                NcxNeuron? found = null;
                foreach (NcxNeuron n in network.Neurons)
                {
                    if (n.Name == neurons[j])
                    {
                        found = n;
                    }
                }

                if (found is null)
                {
                    throw new StageConfigurationException("groups", $"class '{name}': neuron '{neurons[j]}' is not in network '{Path.GetFileName(Network)}' (its neurons: {string.Join(", ", network.Neurons.Select(x => x.Name))})");
                }

                if (!owner.TryAdd(found.Index, name))
                {
                    throw new StageConfigurationException("groups", $"neuron '{neurons[j]}' is in class '{owner[found.Index]}' and in class '{name}'; each neuron reads out for one class");
                }

                groups[c][j] = found.Index;
            }
        }

        return groups;
    }

    // Feature channel names such as 'C3..:8-13Hz' (EDF labels keep their dots) match network inputs such as 'C3:8-13Hz'.
    private static int FindChannel(StreamFormat format, string name)
    {
        string wanted = Normalize(name);
        for (int c = 0; c < format.ChannelCount; c++)
        {
            if (Normalize(format.Channels[c].Name) == wanted)
            {
                return c;
            }
        }

        return -1;
    }

    private static string Normalize(string name) => name.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        SpikeSchedule schedule = _schedule!;
        output.CopyFrameTimesFrom(input);
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> frame = input.Frame(f);
            if (_rate is not null)
            {
                for (int i = 0; i < _featureChannel.Length; i++)
                {
                    _features[i] = frame[_featureChannel[i]];
                }

                _rate.Encode(_features, schedule);
            }
            else if (_delta is not null)
            {
                _delta.Encode(frame, _stride, schedule);
            }
            else
            {
                _adm!.Encode(frame, _stride, schedule);
            }

            if (schedule.Dropped > 0)
            {
                FramesWithDrops++;
            }

            schedule.FillGaps(_silent);
            RunOnBackend(schedule);
            LastClass = _readout!.Read(_counts, _first, output.Frame(f));
        }
    }

    private void RunOnBackend(SpikeSchedule schedule)
    {
        try
        {
            _runner!.Run(schedule.Timesteps, schedule.Addresses, Timesteps, _counts, _first);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            string device = _runner!.Description;
            if (OnDeviceLost == DeviceLost.Stop || FellBack)
            {
                throw new IOException($"snn: lost the NeuroCoreX board '{device}' during a run: {e.Message} (on-device-lost: stop; set on-device-lost: virtual to continue on the model)", e);
            }

            // The one warning: from here on the decisions come from the model, not the board.
            Log.WriteLine($"snn: warning: lost the NeuroCoreX board '{device}' ({e.Message}); continuing on the virtual board (on-device-lost: virtual)");
            _runner.Dispose();
            _runner = new NcxDriverRunner(OpenLink(NcxBackends.Virtual), Timesteps, Verify, Flush);
            _runner.Load(_image!);
            FellBack = true;
            _runner.Run(schedule.Timesteps, schedule.Addresses, Timesteps, _counts, _first);
        }
    }

    /// <summary>Closes the board link.</summary>
    public void Dispose()
    {
        _runner?.Dispose();
        _runner = null;
    }
}
