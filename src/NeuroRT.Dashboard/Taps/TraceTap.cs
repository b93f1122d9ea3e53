using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dashboard.Taps;

/// <summary>
/// A pipeline output that feeds one dashboard panel: on its output thread (never the pipeline's) it averages groups
/// of k frames down to about the display rate (a boxcar, so the spectrum view is not aliased by plain skipping),
/// flags bad channels, and appends the points to a bounded <see cref="TraceBuffer"/>. It never waits for a browser.
/// Marker channels are left out (they are codes, not traces). A frame of several rows (a window) shows its newest row.
/// </summary>
internal sealed class TraceTap(string id, string node, string stageType, TapKind kind, double displayRate, int seconds) : IPipelineOutput
{
    private int[] _map = [];
    private float[] _sum = [];
    private float[] _point = [];
    private int _group;
    private int _inGroup;
    private int _rowOffset;
    private int _frameSize;

    public string Id => id;
    public string Node => node;
    public string StageType => stageType;
    /// <summary>The panel; a plain node whose channels are class scores becomes <see cref="TapKind.Scores"/> at open.</summary>
    public TapKind Kind { get; private set; } = kind;
    public string[] ChannelNames { get; private set; } = [];
    public string[] ChannelTypes { get; private set; } = [];
    public double Rate { get; private set; }
    public double DisplayRate { get; private set; }
    public TraceBuffer? Buffer { get; private set; }
    public BadChannels? Bad { get; private set; }
    public readonly object FlagsGate = new();

    public void Open(StreamFormat format)
    {
        var map = new List<int>();
        for (int c = 0; c < format.ChannelCount; c++)
            if (!Core.Streams.ChannelTypes.IsMarker(format.Channels[c])) map.Add(c);
        _map = [.. map];
        if (Kind == TapKind.Frames && format.Channels.Any(c => string.Equals(c.Type, Core.Streams.ChannelTypes.ClassScore, StringComparison.OrdinalIgnoreCase))) Kind = TapKind.Scores;
        ChannelNames = Array.ConvertAll(_map, c => format.Channels[c].Name);
        ChannelTypes = Array.ConvertAll(_map, c => format.Channels[c].Type);
        _frameSize = format.FrameSize;
        _rowOffset = (Math.Max(1, format.FrameLength) - 1) * format.ChannelCount;
        Rate = format.IsIrregular ? 0 : format.NominalRate;
        _group = Rate > displayRate ? (int)Math.Round(Rate / displayRate) : 1;
        DisplayRate = Rate / _group;
        _sum = new float[_map.Length];
        _point = new float[_map.Length];
        int capacity = Math.Max(256, (int)Math.Ceiling((DisplayRate > 0 ? DisplayRate : 20) * seconds));
        Buffer = new TraceBuffer(_map.Length, capacity);
        if (Kind is TapKind.Raw or TapKind.Filtered) Bad = new BadChannels(_map.Length, (int)Math.Max(Rate, 8));
    }

    public void Write(OutputPacket packet)
    {
        var frames = packet.Frames;
        ReadOnlySpan<float> values = frames.Values;
        ReadOnlySpan<double> times = frames.Timestamps;
        for (int f = 0; f < times.Length; f++)
        {
            ReadOnlySpan<float> row = values.Slice(f * _frameSize + _rowOffset);
            if (Bad is { } bad)
                lock (FlagsGate) bad.Add(row, _map);
            for (int c = 0; c < _map.Length; c++) _sum[c] += row[_map[c]];
            if (++_inGroup < _group) continue;
            for (int c = 0; c < _map.Length; c++)
            {
                _point[c] = _sum[c] / _group;
                _sum[c] = 0;
            }

            _inGroup = 0;
            Buffer!.Append(_point, times[f]);
        }
    }

    public void Close() { }

    public void Dispose() { }
}
