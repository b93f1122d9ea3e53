using NeuroRT.Core.Configuration;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.BrainVision;

/// <summary>
/// Replays a BrainVision recording (.vhdr + .vmrk + .eeg) as a pipeline source, like the <c>edf</c> source: in real
/// time by the samples' own timestamps, N times faster, or as fast as possible with lossless back-pressure.
/// Timestamps are seconds from the first sample (sample k at k / rate), so every replay stamps identically. With
/// <see cref="Markers"/>, the .vmrk markers come along as one more channel of marker codes (see
/// <see cref="BrainVisionMarkerChannel"/>). Values are in each channel's unit (raw x resolution, e.g. µV).
/// </summary>
[Component(ComponentKind.Source, "brainvision", Summary = "replay a BrainVision .vhdr/.vmrk/.eeg recording")]
public sealed class BrainVisionSource : RecordingSource
{
    private BrainVisionFile? _file;
    private int[] _channels = [];
    private BrainVisionMarkerChannel? _markerChannel;

    /// <summary>The header file.</summary>
    [Parameter("path", Required = true, InputFile = true, Help = "the .vhdr header, relative to the pipeline file (its .eeg and .vmrk beside it)")]
    public string Path { get; set; } = "";

    /// <summary>Channels to read (default: all).</summary>
    [Parameter("channels", Help = "channel names to read (default: all)")]
    public string[] Channels { get; set; } = [];

    /// <summary>Name of the marker channel carrying the .vmrk markers; empty: no marker channel.</summary>
    [Parameter("markers", Help = "adds a channel of this name holding each .vmrk marker's code on its sample, 0 elsewhere; a marker's text is Type/Description, e.g. Stimulus/S253")]
    public string Markers { get; set; } = "";

    /// <summary>Marker texts in the order of their codes (1, 2, ...).</summary>
    [Parameter("marker-names", Help = "marker texts in code order, e.g. [Stimulus/S253, Stimulus/S255] gives codes 1 and 2 (other texts get the next free code)")]
    public string[] MarkerNames { get; set; } = [];

    /// <summary>What happens to markers not in <see cref="MarkerNames"/>.</summary>
    [Parameter("unlisted-markers", Help = "code: markers not in marker-names get codes; ignore: only the listed texts become markers (default code)")]
    public UnlistedMarkers UnlistedMarkers { get; set; } = UnlistedMarkers.Code;

    /// <summary>The opened file (after <see cref="Open"/>).</summary>
    public BrainVisionFile? File => _file;

    /// <summary>The marker channel (after <see cref="Open"/>, when <see cref="Markers"/> is set).</summary>
    public BrainVisionMarkerChannel? MarkerChannel => _markerChannel;

    /// <summary>Indices in <see cref="BrainVisionFile.Channels"/> of the channels read, in output order (after <see cref="Open"/>).</summary>
    public IReadOnlyList<int> ChannelIndices => _channels;

    /// <inheritdoc />
    public override double? PassSeconds => _file is null ? null : _file.SampleCount / _file.SamplingRate;

    /// <inheritdoc />
    protected override double ReplayRate => _file?.SamplingRate ?? 1;

    /// <inheritdoc />
    public override StreamFormat Open()
    {
        CheckReplayOptions();
        var codes = RecordingSourceChecks.CheckMarkerOptions(Markers, MarkerNames, UnlistedMarkers, "[Stimulus/S253]");
        try
        {
            _file = BrainVisionFile.Open(Path);
        }
        catch (BrainVisionFormatException e)
        {
            throw new StageConfigurationException("path", e.Message, e);
        }
        catch (IOException e)
        {
            throw new StageConfigurationException("path", $"cannot read '{Path}': {e.Message}", e);
        }

        var all = new List<ChannelInfo>(_file.Channels.Count);
        foreach (var c in _file.Channels) all.Add(new ChannelInfo(c.Name, TypeOf(c), c.Unit));
        if (Channels.Length == 0)
        {
            _channels = new int[all.Count];
            for (int i = 0; i < _channels.Length; i++) _channels[i] = i;
        }
        else
        {
            _channels = RecordingSourceChecks.Pick(Path, all, Channels, "channel");
        }

        var channels = new ChannelInfo[_channels.Length];
        for (int k = 0; k < channels.Length; k++) channels[k] = all[_channels[k]];
        if (Markers.Length > 0)
        {
            RecordingSourceChecks.CheckMarkerName(Path, channels, Markers, "channel");
            _markerChannel = BrainVisionMarkerChannel.Create(_file, codes);
            channels = [.. channels, new ChannelInfo(Markers, ChannelTypes.Marker, "")];
        }

        var valueType = _file.Header.BinaryFormat switch
        {
            BrainVisionBinaryFormat.Int16 => SampleValueType.Int16,
            BrainVisionBinaryFormat.Int32 => SampleValueType.Int32,
            _ => SampleValueType.Float32,
        };
        return new StreamFormat(System.IO.Path.GetFileNameWithoutExtension(Path), channels, _file.SamplingRate, valueType, type: "EEG");
    }

    internal override IReplayReader CreateReader(int maxRead) =>
        new BrainVisionReplayReader(_file ?? throw new InvalidOperationException("Open the source before running it"), _channels, _markerChannel, maxRead);

    /// <summary>Closes the file.</summary>
    public override void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    // MNE's rule: channels in volts (any prefix) are EEG, everything else is misc.
    private static string TypeOf(BrainVisionChannel c) =>
        c.Unit.EndsWith('V') && c.Unit.Length <= 2 ? "EEG" : "misc";
}
