using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// Reads a BrainVision recording for a replay: the picked channels interleaved, the marker channel (if any) last,
/// sample k stamped k / rate.
/// </summary>
internal sealed class BrainVisionReplayReader : IReplayReader
{
    private readonly BrainVisionFile _file;
    private readonly int[] _channels;
    private readonly BrainVisionMarkerChannel? _markers;
    private readonly float[] _data;
    private long _next;
    private int _nextMarker;

    public BrainVisionReplayReader(BrainVisionFile file, int[] channels, BrainVisionMarkerChannel? markers, int maxRead)
    {
        _file = file;
        _channels = channels;
        _markers = markers;
        Width = channels.Length + (markers is null ? 0 : 1);
        // Without a marker channel the file reads straight into the chunk; with one, the data is widened from here.
        _data = markers is null ? [] : new float[(int)Math.Max(1, Math.Min(maxRead, file.SampleCount)) * channels.Length];
        Rate = file.SamplingRate;
        SampleCount = file.SampleCount;
        LastStamp = Math.Max(0, file.SampleCount - 1) / Rate;
    }

    public int Width { get; }

    public double Rate { get; }

    public long SampleCount { get; }

    public double FirstStamp => 0;

    public double LastStamp { get; }

    public void Rewind()
    {
        _next = 0;
        _nextMarker = 0;
    }

    public int Read(Span<float> values, Span<double> stamps)
    {
        int n = (int)Math.Min(stamps.Length, SampleCount - _next);
        if (n <= 0) return 0;
        int dataWidth = _channels.Length;
        if (_markers is null)
        {
            _file.ReadInterleaved(_next, _channels, values[..(n * dataWidth)]);
        }
        else
        {
            n = Math.Min(n, _data.Length / dataWidth);
            _file.ReadInterleaved(_next, _channels, _data.AsSpan(0, n * dataWidth));
            for (int s = 0; s < n; s++) _data.AsSpan(s * dataWidth, dataWidth).CopyTo(values.Slice(s * Width, dataWidth));
            _nextMarker = _markers.Write(_next, n, values, Width, dataWidth, _nextMarker);
        }

        for (int i = 0; i < n; i++) stamps[i] = (_next + i) / Rate;
        _next += n;
        return n;
    }
}
