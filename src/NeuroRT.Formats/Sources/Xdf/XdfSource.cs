using System.Globalization;
using System.Text;
using System.Xml.Linq;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Sources.Replay;
using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Sources.Xdf;

/// <summary>
/// Replays one numeric stream of an XDF recording (LabRecorder's format) as a pipeline source, like the <c>edf</c>
/// source: in real time by the samples' own timestamps, N times faster, or as fast as possible. Timestamps are the
/// file's (clock-synchronised unless <see cref="ClockSync"/> is off), unchanged, so every replay stamps identically.
/// With <see cref="Markers"/>, string marker streams of the same file come along as channels of marker codes (see
/// <see cref="XdfMarkerChannel"/>).
/// </summary>
[Component(ComponentKind.Source, "xdf", Summary = "replay a stream of an XDF recording, with its marker streams as channels")]
public sealed class XdfSource : RecordingSource
{
    private XdfFile? _file;
    private XdfStream? _stream;
    private double[] _stamps = [];
    private int[] _channels = [];
    private XdfMarkerChannel[] _markerChannels = [];

    /// <summary>The recording.</summary>
    [Parameter("path", Required = true, InputFile = true, Help = "the .xdf file, relative to the pipeline file")]
    public string Path { get; set; } = "";

    /// <summary>Name of the signal stream; empty: by <see cref="Type"/>, or the file's only regular numeric stream.</summary>
    [Parameter("stream", Help = "name of the signal stream (default: the only numeric stream with a nominal rate > 0)")]
    public string Stream { get; set; } = "";

    /// <summary>Type of the signal stream, when <see cref="Stream"/> is not given.</summary>
    [Parameter("type", Help = "type of the signal stream, e.g. EEG, when stream is not given")]
    public string Type { get; set; } = "";

    /// <summary>Channels to read (default: all).</summary>
    [Parameter("channels", Help = "channel labels to read (default: all; streams without labels have ch1, ch2, ...)")]
    public string[] Channels { get; set; } = [];

    /// <summary>Names of marker streams of the file, each added as one marker channel.</summary>
    [Parameter("markers", Help = "names of marker streams of the file, each added as a channel of that name holding each marker's code on the first sample at or after its time, 0 elsewhere")]
    public string[] Markers { get; set; } = [];

    /// <summary>Marker texts in the order of their codes (1, 2, ...).</summary>
    [Parameter("marker-names", Help = "marker texts in code order, e.g. [left, right] gives codes 1 and 2 (numeric texts keep their value; other texts get the next free code)")]
    public string[] MarkerNames { get; set; } = [];

    /// <summary>What happens to markers not in <see cref="MarkerNames"/>.</summary>
    [Parameter("unlisted-markers", Help = "code: markers not in marker-names get codes; ignore: only the listed texts become markers (default code)")]
    public UnlistedMarkers UnlistedMarkers { get; set; } = UnlistedMarkers.Code;

    /// <summary>True: the clock-synchronised timestamps; false: the stamps as recorded on the stream's own clock.</summary>
    [Parameter("clock-sync", Help = "true: timestamps with the file's clock offsets applied (the recorder's clock); false: as recorded on the stream's own clock (default true)")]
    public bool ClockSync { get; set; } = true;

    /// <summary>The file read (after <see cref="Open"/>).</summary>
    public XdfFile? File => _file;

    /// <summary>The stream replayed (after <see cref="Open"/>).</summary>
    public XdfStream? SignalStream => _stream;

    /// <summary>Indices of the channels read in the stream, in output order (after <see cref="Open"/>).</summary>
    public IReadOnlyList<int> ChannelIndices => _channels;

    /// <summary>The marker channels, one per name in <see cref="Markers"/> (after <see cref="Open"/>).</summary>
    public IReadOnlyList<XdfMarkerChannel> MarkerChannels => _markerChannels;

    /// <inheritdoc />
    public override double? PassSeconds => _stream is null ? null : _stream.SampleCount / _stream.Info.NominalRate;

    /// <inheritdoc />
    protected override double ReplayRate => _stream?.Info.NominalRate ?? 1;

    /// <inheritdoc />
    public override StreamFormat Open()
    {
        CheckReplayOptions();
        CheckMarkerOptions();
        try
        {
            _file = XdfFile.Read(Path);
        }
        catch (XdfFormatException e)
        {
            throw new StageConfigurationException("path", e.Message, e);
        }
        catch (IOException e)
        {
            throw new StageConfigurationException("path", $"cannot read '{Path}': {e.Message}", e);
        }

        var stream = _stream = SelectStream(_file);
        _stamps = ClockSync ? stream.Timestamps : stream.RawTimestamps;
        var all = ChannelsOf(stream.Info);
        if (Channels.Length == 0)
        {
            _channels = new int[all.Count];
            for (int i = 0; i < _channels.Length; i++) _channels[i] = i;
        }
        else
        {
            _channels = RecordingSourceChecks.Pick(Path, all, Channels, "channel");
        }

        var channels = new List<ChannelInfo>(_channels.Length + Markers.Length);
        foreach (int i in _channels) channels.Add(all[i]);
        var markerChannels = new XdfMarkerChannel[Markers.Length];
        for (int m = 0; m < Markers.Length; m++)
        {
            var markers = MarkerStream(_file, Markers[m], stream);
            RecordingSourceChecks.CheckMarkerName(Path, channels, Markers[m], "channel");
            markerChannels[m] = XdfMarkerChannel.Create(Path, markers, _stamps, stream.Info.NominalRate, new MarkerCodes(MarkerNames, UnlistedMarkers));
            channels.Add(new ChannelInfo(Markers[m], ChannelTypes.Marker, ""));
        }

        _markerChannels = markerChannels;
        var valueType = stream.Info.Format switch
        {
            XdfChannelFormat.Int8 => SampleValueType.Int8,
            XdfChannelFormat.Int16 => SampleValueType.Int16,
            XdfChannelFormat.Int32 => SampleValueType.Int32,
            XdfChannelFormat.Int64 => SampleValueType.Int64,
            XdfChannelFormat.Double64 => SampleValueType.Double64,
            _ => SampleValueType.Float32,
        };
        return new StreamFormat(stream.Info.Name, channels, stream.Info.NominalRate, valueType, type: stream.Info.Type);
    }

    internal override IReplayReader CreateReader(int maxRead) =>
        new XdfReplayReader(_stream ?? throw new InvalidOperationException("Open the source before running it"), _stamps, _channels, _markerChannels);

    /// <summary>Releases the file's samples.</summary>
    public override void Dispose()
    {
        _file = null;
        _stream = null;
    }

    /// <summary>The channels of a stream: labels, types and units from its header (ch1.. where it has none).</summary>
    public static List<ChannelInfo> ChannelsOf(XdfStreamInfo info)
    {
        XElement[] described = [];
        try
        {
            described = XDocument.Parse(info.Xml).Root?.Element("desc")?.Element("channels")?.Elements("channel").ToArray() ?? [];
        }
        catch (System.Xml.XmlException)
        {
            // The reader parsed this header already; a header it could read but this cannot just has no channel details.
        }

        var channels = new List<ChannelInfo>(info.ChannelCount);
        for (int c = 0; c < info.ChannelCount; c++)
        {
            string label = c < info.ChannelLabels.Count && info.ChannelLabels[c].Trim().Length > 0 ? info.ChannelLabels[c].Trim() : $"ch{c + 1}";
            var element = described.Length == info.ChannelCount ? described[c] : null;
            string type = ((string?)element?.Element("type"))?.Trim() is { Length: > 0 } t ? t : info.Type;
            string unit = ((string?)element?.Element("unit"))?.Trim() ?? "";
            channels.Add(new ChannelInfo(label, type, unit));
        }

        return channels;
    }

    /// <summary>One line per stream of the file, for messages: name, type, channels, format, rate and samples.</summary>
    public static string DescribeStreams(XdfFile file)
    {
        var text = new StringBuilder();
        foreach (var s in file.Streams)
        {
            if (text.Length > 0) text.Append("; ");
            var i = s.Info;
            text.Append(CultureInfo.InvariantCulture,
                $"'{i.Name}' (type {(i.Type.Length > 0 ? i.Type : "none")}, {i.ChannelCount} ch {i.Format.ToString().ToLowerInvariant()}, {(i.NominalRate > 0 ? $"{i.NominalRate:0.###} Hz" : "irregular")}, {s.SampleCount} samples)");
        }

        return text.Length > 0 ? text.ToString() : "none";
    }

    private void CheckMarkerOptions()
    {
        if (Markers.Length == 0 && MarkerNames.Length > 0)
            throw new StageConfigurationException("marker-names", "marker-names gives the markers' codes on the marker channels: name the marker streams with markers, e.g. markers: [Markers]");
        if (Markers.Length == 0 && UnlistedMarkers != UnlistedMarkers.Code)
            throw new StageConfigurationException("unlisted-markers", "unlisted-markers applies to the marker channels: name the marker streams with markers, e.g. markers: [Markers]");
        if (UnlistedMarkers == UnlistedMarkers.Ignore && MarkerNames.Length == 0)
            throw new StageConfigurationException("unlisted-markers", "unlisted-markers: ignore keeps only the texts in marker-names, and none are listed; list them, e.g. marker-names: [left, right]");
        if (Markers.Length > 0 && !ClockSync)
            throw new StageConfigurationException("markers", "markers are placed by clock-synchronised time (each stream has its own clock): clock-sync must stay on");
        MarkerCodes.Validate(MarkerNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string m in Markers)
            if (!seen.Add(m)) throw new StageConfigurationException("markers", $"marker stream '{m}' is listed twice in markers");
    }

    private XdfStream SelectStream(XdfFile file)
    {
        XdfStream? chosen = null;
        if (Stream.Length > 0)
        {
            chosen = Single(file, s => s.Info.Name == Stream, "stream", $"named '{Stream}'")
                     ?? Single(file, s => string.Equals(s.Info.Name, Stream, StringComparison.OrdinalIgnoreCase), "stream", $"named '{Stream}'")
                     ?? throw new StageConfigurationException("stream", $"'{Path}' has no stream named '{Stream}'; its streams: {DescribeStreams(file)}");
            if (Type.Length > 0 && !string.Equals(chosen.Info.Type, Type, StringComparison.OrdinalIgnoreCase))
                throw new StageConfigurationException("type", $"'{Path}': stream '{chosen.Info.Name}' is of type '{chosen.Info.Type}', not '{Type}'; give stream or type, not both");
        }
        else if (Type.Length > 0)
        {
            chosen = Single(file, s => string.Equals(s.Info.Type, Type, StringComparison.OrdinalIgnoreCase) && IsSignal(s), "type", $"of type '{Type}' with numeric values at a nominal rate")
                     ?? throw new StageConfigurationException("type", $"'{Path}' has no numeric stream of type '{Type}' with a nominal rate > 0; its streams: {DescribeStreams(file)}");
        }
        else
        {
            chosen = Single(file, IsSignal, "stream", "with numeric values at a nominal rate > 0")
                     ?? throw new StageConfigurationException("stream", $"'{Path}' has no numeric stream with a nominal rate > 0 to replay; its streams: {DescribeStreams(file)}");
        }

        string parameter = Stream.Length > 0 ? "stream" : Type.Length > 0 ? "type" : "stream";
        if (chosen.Info.Format == XdfChannelFormat.String)
            throw new StageConfigurationException(parameter, $"'{Path}': stream '{chosen.Info.Name}' holds strings (markers), not signal values; add it to a signal stream with markers: [{chosen.Info.Name}]");
        if (!(chosen.Info.NominalRate > 0))
            throw new StageConfigurationException(parameter, $"'{Path}': stream '{chosen.Info.Name}' is irregular (nominal rate 0), so it cannot be replayed as a signal; pick a stream with a nominal rate; its streams: {DescribeStreams(file)}");
        return chosen;
    }

    // The one stream matching, null when none; several are an error asking to name one.
    private XdfStream? Single(XdfFile file, Func<XdfStream, bool> match, string parameter, string what)
    {
        XdfStream? found = null;
        foreach (var s in file.Streams)
        {
            if (!match(s)) continue;
            if (found is not null)
                throw new StageConfigurationException(parameter, $"'{Path}' has more than one stream {what} ('{found.Info.Name}', id {found.Id}, and '{s.Info.Name}', id {s.Id}); name one with stream; its streams: {DescribeStreams(file)}");
            found = s;
        }

        return found;
    }

    private XdfStream MarkerStream(XdfFile file, string name, XdfStream signal)
    {
        var stream = Single(file, s => s.Info.Name == name, "markers", $"named '{name}'")
                     ?? throw new StageConfigurationException("markers", $"'{Path}' has no marker stream named '{name}'; its streams: {DescribeStreams(file)}");
        if (ReferenceEquals(stream, signal))
            throw new StageConfigurationException("markers", $"'{Path}': '{name}' is the signal stream itself, not a marker stream");
        if (stream.Info.Format != XdfChannelFormat.String && stream.Info.NominalRate > 0)
            throw new StageConfigurationException("markers", $"'{Path}': stream '{name}' is a regular numeric stream ({stream.Info.NominalRate:0.###} Hz), not a marker stream; markers takes string streams or irregular numeric ones");
        return stream;
    }

    private static bool IsSignal(XdfStream s) => s.Info.Format != XdfChannelFormat.String && s.Info.NominalRate > 0;
}
