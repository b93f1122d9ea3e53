using NeuroRT.Core.Configuration;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Edf;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// Replays an EDF, EDF+ or BDF recording as a pipeline source: in real time by the samples' own
/// timestamps (as if the amplifier were live), N times faster, or as fast as possible with lossless
/// back-pressure. Timestamps are seconds from the start of the recording (EDF+D gaps kept), so every
/// replay of a file stamps its samples identically. With <see cref="Markers"/>, the EDF+/BDF+ annotations come
/// along as one more channel of marker codes (see <see cref="EdfMarkerChannel"/>), e.g. for the <c>epochs</c> stage.
/// </summary>
[Component(ComponentKind.Source, "edf", Summary = "replay an EDF/EDF+/BDF recording")]
public sealed class EdfSource : IReplaySource
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

    /// <inheritdoc />
    [Parameter("speed", Help = "1 = real time, N = N x real time, 0 = as fast as possible (default 1)")]
    public double Speed { get; set; } = 1;

    /// <summary>Seconds of data pushed at once.</summary>
    [Parameter("chunk", Quantity = Quantity.Time, Help = "data pushed at once, like an amplifier's transfer (default 10ms)")]
    public double Chunk { get; set; } = 0.010;

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
    public bool IsRealTime => Speed > 0;

    /// <inheritdoc />
    public double? DurationSeconds => _file is null ? null : _file.RecordCount * _file.RecordDuration;

    /// <inheritdoc />
    public StreamFormat Open()
    {
        var codes = RecordingSourceChecks.CheckOptions(Speed, Chunk, Markers, MarkerNames, UnlistedMarkers, "[T1, T2]");
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

    /// <inheritdoc />
    public void Run(SampleRing ring, CancellationToken cancel)
    {
        EdfFile file = _file ?? throw new InvalidOperationException("Open the source before running it");
        int dataWidth = _signals.Length;
        int width = dataWidth + (_markerChannel is null ? 0 : 1);
        int spr = _samplesPerRecord;
        var record = new float[spr * dataWidth];
        var rows = _markerChannel is null ? record : new float[spr * width];
        int nextMarker = 0;
        var stamps = new double[spr];
        int chunk = Math.Max(1, (int)Math.Round(Chunk * _rate));
        var pacer = new ReplayPacer(Speed);
        double start = file.RecordCount > 0 ? file.RecordOnset(0) : 0;
        pacer.Start();
        for (int r = 0; r < file.RecordCount; r++)
        {
            file.ReadRecordInterleaved(r, _signals, record);
            if (_markerChannel is not null) nextMarker = _markerChannel.Write(r, spr, record, dataWidth, rows, nextMarker);
            double onset = file.RecordOnset(r);
            for (int i = 0; i < spr; i++) stamps[i] = onset + i / _rate;
            for (int first = 0; first < spr; first += chunk)
            {
                int count = Math.Min(chunk, spr - first);
                // Released when its last sample is due, as an amplifier sends a chunk.
                if (!pacer.WaitUntil(stamps[first + count - 1] - start + 1 / _rate, cancel)) return;
                if (!RecordingSourceChecks.Push(ring, rows.AsSpan(first * width, count * width), stamps.AsSpan(first, count), IsRealTime, cancel)) return;
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
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
