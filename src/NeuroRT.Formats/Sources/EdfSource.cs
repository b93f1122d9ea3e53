using NeuroRT.Core.Configuration;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// Replays an EDF, EDF+ or BDF recording as a pipeline source: in real time by the samples' own
/// timestamps (as if the amplifier were live), N times faster, or as fast as possible with lossless
/// back-pressure. Timestamps are seconds from the start of the recording (EDF+D gaps kept), so every
/// replay of a file stamps its samples identically. With <see cref="Markers"/>, the EDF+/BDF+ annotations come
/// along as one more channel of marker codes (see <see cref="EdfMarkerChannel"/>), e.g. for the <c>epochs</c> stage.
/// </summary>
[Component(ComponentKind.Source, "edf", Summary = "replay an EDF/EDF+/BDF recording")]
public sealed class EdfSource : RecordingSource
{
    private EdfFile? _file;
    private int[] _signals = [];
    private double _rate;
    private int _samplesPerRecord;
    private EdfMarkerChannel? _markerChannel;

    /// <summary>The recording.</summary>
    [Parameter("path", Required = true, InputFile = true, Help = "the EDF/EDF+/BDF file, relative to the pipeline file")]
    public string Path { get; set; } = "";

    /// <summary>Signals to read (default: every signal that is not an annotation signal).</summary>
    [Parameter("channels", Help = "signal labels to read (default: all signals except annotations)")]
    public string[] Channels { get; set; } = [];

    /// <summary>Name of the marker channel carrying the annotations; empty: no marker channel.</summary>
    [Parameter("markers", Help = "adds a channel of this name holding each EDF+ annotation's code on the sample nearest its onset (halfway: the later sample; onset only, durations are not drawn), 0 elsewhere, e.g. events")]
    public string Markers { get; set; } = "";

    /// <summary>Annotation texts in the order of their codes (1, 2, ...).</summary>
    [Parameter("marker-names", Help = "annotation texts in code order, e.g. [T1, T2] gives T1 = 1, T2 = 2 (numeric texts keep their value; other texts get the next free code, as the lsl source does)")]
    public string[] MarkerNames { get; set; } = [];

    /// <summary>What happens to annotations not in <see cref="MarkerNames"/>.</summary>
    [Parameter("unlisted-markers", Help = "code: annotations not in marker-names get codes as said there; ignore: only the listed texts become markers (default code)")]
    public UnlistedMarkers UnlistedMarkers { get; set; } = UnlistedMarkers.Code;

    /// <summary>The marker channel (after <see cref="Open"/>, when <see cref="Markers"/> is set): what is carried, what is not and why.</summary>
    public EdfMarkerChannel? MarkerChannel => _markerChannel;

    /// <summary>The opened file (after <see cref="Open"/>).</summary>
    public EdfFile? File => _file;

    /// <summary>Indices in <see cref="EdfFile.Signals"/> of the signals read, one per output channel in order (after <see cref="Open"/>).</summary>
    public IReadOnlyList<int> SignalIndices => _signals;

    /// <inheritdoc />
    public override double? PassSeconds => _file is null ? null : _file.RecordCount * _file.RecordDuration;

    /// <inheritdoc />
    protected override double ReplayRate => _rate;

    /// <inheritdoc />
    public override StreamFormat Open()
    {
        CheckReplayOptions();
        var codes = RecordingSourceChecks.CheckMarkerOptions(Markers, MarkerNames, UnlistedMarkers, "[T1, T2]");
        try
        {
            _file = EdfFile.Open(Path);
        }
        catch (EdfFormatException e)
        {
            throw new StageConfigurationException("path", e.Message, e);
        }
        catch (IOException e)
        {
            throw new StageConfigurationException("path", $"cannot read '{Path}': {e.Message}", e);
        }
        var signals = _file.Signals;
        var picked = new List<int>();
        if (Channels.Length == 0)
        {
            foreach (var s in signals) if (!s.IsAnnotation) picked.Add(s.Index);
            if (picked.Count == 0) throw new StageConfigurationException("path", $"'{Path}' holds no data signals, only annotations");
        }
        else
        {
            var all = new List<ChannelInfo>();
            foreach (var s in signals) if (!s.IsAnnotation) all.Add(new ChannelInfo(s.Label));
            foreach (int i in RecordingSourceChecks.Pick(Path, all, Channels, "signal")) picked.Add(DataSignalIndex(i));
        }
        _samplesPerRecord = signals[picked[0]].SamplesPerRecord;
        foreach (int i in picked)
        {
            if (signals[i].SamplesPerRecord != _samplesPerRecord)
                throw new StageConfigurationException(Channels.Length == 0 ? "path" : "channels",
                    $"signals '{signals[picked[0]].Label}' ({signals[picked[0]].SampleRate:0.###} Hz) and '{signals[i].Label}' ({signals[i].SampleRate:0.###} Hz) have different rates; pick signals of one rate with 'channels:'");
        }
        _signals = picked.ToArray();
        _rate = signals[_signals[0]].SampleRate;
        var channels = new ChannelInfo[_signals.Length];
        for (int k = 0; k < channels.Length; k++)
        {
            var s = signals[_signals[k]];
            channels[k] = new ChannelInfo(s.Label, GuessType(s), s.PhysicalDimension);
        }

        if (Markers.Length > 0)
        {
            _markerChannel = OpenMarkerChannel(channels, codes);
            channels = [.. channels, new ChannelInfo(Markers, ChannelTypes.Marker, "")];
        }

        var valueType = _file.Variant is EdfVariant.Bdf or EdfVariant.BdfPlusContinuous or EdfVariant.BdfPlusDiscontinuous ? SampleValueType.Int24 : SampleValueType.Int16;
        return new StreamFormat(System.IO.Path.GetFileNameWithoutExtension(Path), channels, _rate, valueType, type: "EEG");

        int DataSignalIndex(int dataPosition)
        {
            int seen = -1;
            foreach (var s in signals)
                if (!s.IsAnnotation && ++seen == dataPosition) return s.Index;
            return -1;
        }
    }

    private EdfMarkerChannel OpenMarkerChannel(ChannelInfo[] data, MarkerCodes codes)
    {
        RecordingSourceChecks.CheckMarkerName(Path, data, Markers, "signal");
        return EdfMarkerChannel.Create(_file!, Markers, _samplesPerRecord, _rate, codes);
    }

    internal override IReplayReader CreateReader(int maxRead) =>
        new EdfReplayReader(_file ?? throw new InvalidOperationException("Open the source before running it"), _signals, _samplesPerRecord, _rate, _markerChannel);

    /// <summary>Closes the file.</summary>
    public override void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private static string GuessType(EdfSignal s)
    {
        string label = s.Label.Trim();
        if (label.Equals("Status", StringComparison.OrdinalIgnoreCase) || label.StartsWith("Trig", StringComparison.OrdinalIgnoreCase)) return "stim";
        if (label.StartsWith("ECG", StringComparison.OrdinalIgnoreCase) || label.StartsWith("EKG", StringComparison.OrdinalIgnoreCase)) return "ECG";
        if (label.StartsWith("EOG", StringComparison.OrdinalIgnoreCase)) return "EOG";
        if (label.StartsWith("EMG", StringComparison.OrdinalIgnoreCase)) return "EMG";
        return "EEG";
    }
}
