using NeuroRT.Formats.Sources.Replay;
using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Sources.Xdf;

/// <summary>
/// Reads an XDF signal stream (held in memory by <see cref="XdfFile"/>) for a replay: the picked channels as float,
/// then one column per marker stream, each sample with the file's own timestamp.
/// </summary>
internal sealed class XdfReplayReader : IReplayReader
{
    private readonly double[] _values;
    private readonly int _streamChannels;
    private readonly double[] _stamps;
    private readonly int[] _channels;
    private readonly XdfMarkerChannel[] _markers;
    private readonly int[] _nextMarker;
    private long _next;

    public XdfReplayReader(XdfStream stream, double[] stamps, int[] channels, XdfMarkerChannel[] markers)
    {
        _values = stream.NumericValues;
        _streamChannels = stream.Info.ChannelCount;
        _stamps = stamps;
        _channels = channels;
        _markers = markers;
        _nextMarker = new int[markers.Length];
        Width = channels.Length + markers.Length;
        Rate = stream.Info.NominalRate;
        SampleCount = stream.SampleCount;
        FirstStamp = stamps.Length > 0 ? stamps[0] : 0;
        // The latest stamp, not the last one: after a clock reset the stamps may go back, and the next pass must
        // start after every stamp of this one.
        LastStamp = stamps.Length > 0 ? stamps[0] : 0;
        foreach (double t in stamps) LastStamp = Math.Max(LastStamp, t);
    }

    public int Width { get; }

    public double Rate { get; }

    public long SampleCount { get; }

    public double FirstStamp { get; }

    public double LastStamp { get; }

    public void Rewind()
    {
        _next = 0;
        Array.Clear(_nextMarker);
    }

    public int Read(Span<float> values, Span<double> stamps)
    {
        int n = (int)Math.Min(stamps.Length, SampleCount - _next);
        if (n <= 0) return 0;
        int picked = _channels.Length;
        for (int s = 0; s < n; s++)
        {
            int from = (int)(_next + s) * _streamChannels;
            int to = s * Width;
            for (int k = 0; k < picked; k++) values[to + k] = (float)_values[from + _channels[k]];
            values.Slice(to + picked, _markers.Length).Clear();
        }

        for (int m = 0; m < _markers.Length; m++)
            _nextMarker[m] = _markers[m].Write(_next, n, values, Width, picked + m, _nextMarker[m]);
        _stamps.AsSpan((int)_next, n).CopyTo(stamps);
        _next += n;
        return n;
    }
}
