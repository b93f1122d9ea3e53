namespace NeuroRT.Core.Streams;

/// <summary>
/// What flows on one edge of a pipeline: channels, rate and the shape of a frame.
/// A frame is <see cref="FrameLength"/> consecutive samples of every channel, sample-major;
/// a plain signal has frames of one sample, a sliding window stage emits frames of a whole window.
/// </summary>
public sealed record StreamFormat
{
    /// <summary>Creates a format; <paramref name="channels"/> must not be empty.</summary>
    public StreamFormat(string name, IReadOnlyList<ChannelInfo> channels, double nominalRate,
        SampleValueType valueType = SampleValueType.Float32, int frameLength = 1, string type = "")
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0) throw new ArgumentException($"stream '{name}' has no channels", nameof(channels));
        if (frameLength < 1) throw new ArgumentOutOfRangeException(nameof(frameLength), frameLength, "a frame holds at least one sample");
        if (double.IsNaN(nominalRate) || nominalRate < 0) throw new ArgumentOutOfRangeException(nameof(nominalRate), nominalRate, "rate must be >= 0 (0 means irregular)");
        Name = name;
        Channels = channels;
        NominalRate = nominalRate;
        SampleRate = nominalRate;
        ValueType = valueType;
        FrameLength = frameLength;
        Type = type;
    }

    /// <summary>Stream name (e.g. the recording's file name, or the LSL stream name).</summary>
    public string Name { get; init; }

    /// <summary>Stream content type as LSL names it (<c>EEG</c>, <c>Markers</c>, ...).</summary>
    public string Type { get; init; }

    /// <summary>Channels, in the order they appear in every sample.</summary>
    public IReadOnlyList<ChannelInfo> Channels { get; init; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount => Channels.Count;

    /// <summary>Frames per second; 0 for an irregular stream (markers, commands on events).</summary>
    public double NominalRate { get; init; }

    /// <summary>
    /// Samples per second of the signal inside the frames: equal to <see cref="NominalRate"/> for a plain signal, and
    /// kept when a window stage groups samples into frames (whose rate is then the window rate), so that spectral
    /// features know the frequency of each bin.
    /// </summary>
    public double SampleRate { get; init; }

    /// <summary>True when frames arrive at no fixed rate.</summary>
    public bool IsIrregular => NominalRate == 0;

    /// <summary>Native value type at the source.</summary>
    public SampleValueType ValueType { get; init; }

    /// <summary>Samples per frame (1 for a plain signal, the window length for windows).</summary>
    public int FrameLength { get; init; }

    /// <summary>Float values per frame: <see cref="FrameLength"/> x <see cref="ChannelCount"/>.</summary>
    public int FrameSize => FrameLength * Channels.Count;

    /// <summary>Index of the channel called <paramref name="name"/> (exact, ordinal), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Channels.Count; i++)
            if (string.Equals(Channels[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Channel names joined for messages: <c>C3, C4, Cz</c> (shortened past <paramref name="max"/>).</summary>
    public string DescribeChannels(int max = 16)
    {
        var names = new List<string>(Math.Min(max, Channels.Count));
        for (int i = 0; i < Channels.Count && i < max; i++) names.Add(Channels[i].Name);
        string list = string.Join(", ", names);
        return Channels.Count > max ? $"{list}, ... ({Channels.Count} in all)" : list;
    }

    /// <summary>One line for logs: <c>S001R04: 64 ch x 1 @ 160 Hz</c>.</summary>
    public override string ToString() =>
        $"{Name}: {ChannelCount} ch" + (FrameLength > 1 ? $" x {FrameLength} samples per frame" : "") +
        (IsIrregular ? ", irregular" : $" @ {NominalRate:0.###} Hz");
}
