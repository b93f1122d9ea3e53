using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filters;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Filtering;

/// <summary>
/// The split of a stream's channels into signal channels, which a stage transforms, and marker channels
/// (<see cref="ChannelTypes.Marker"/>), which it passes through: a marker's code filtered, re-referenced or
/// interpolated is no longer the code, and an <c>epochs</c> stage downstream would no longer find it.
/// <para>A stage asks <see cref="For"/> at Configure and gets null when the stream has no marker channel: it then
/// runs on the input as before, with no extra copy. Otherwise it <see cref="Gather"/>s the signal channels into a
/// contiguous interleaved buffer (the <see cref="Scratch"/>, or its own), transforms that exactly as it would a
/// stream of those channels alone, and <see cref="Scatter"/>s the result back beside the untouched marker channels.
/// Runs of adjacent signal channels are copied as one span, so the common layout (signal channels, then the markers)
/// costs one copy per sample each way. Allocation-free after construction.</para>
/// </summary>
internal sealed class MarkerPassThrough
{
    private readonly int _channels;
    private readonly int[] _signal;
    private readonly int[] _markers;
    private readonly int[] _runStart;   // input channel where each run of adjacent signal channels starts
    private readonly int[] _runLength;
    private readonly float[] _scratch;

    /// <summary>Runs <paramref name="filter"/> on the signal channels of <paramref name="input"/> (all of them when
    /// <paramref name="markers"/> is null) and passes the marker channels through.</summary>
    public static void Filter(MarkerPassThrough? markers, IBlockFilter filter, SampleBlock input, SampleBlock output)
    {
        if (markers is null)
        {
            filter.Process(input.Values, output.Values);
            return;
        }

        var signal = markers.Scratch(input.Count);
        markers.Gather(input.Values, signal);
        filter.Process(signal, signal);
        markers.Scatter(signal, input.Values, output.Values);
    }

    private MarkerPassThrough(StreamFormat format, int[] signal, int[] markers, int scratchSamples)
    {
        _channels = format.ChannelCount;
        _signal = signal;
        _markers = markers;
        int runs = 0;
        for (int k = 0; k < signal.Length; k++) if (k == 0 || signal[k] != signal[k - 1] + 1) runs++;
        _runStart = new int[runs];
        _runLength = new int[runs];
        int r = -1;
        for (int k = 0; k < signal.Length; k++)
        {
            if (k == 0 || signal[k] != signal[k - 1] + 1) _runStart[++r] = signal[k];
            _runLength[r]++;
        }

        _scratch = new float[scratchSamples * signal.Length];
    }

    /// <summary>
    /// The split of <paramref name="format"/>'s channels, with a scratch of <paramref name="scratchSamples"/> samples of
    /// the signal channels; null when the stream has no marker channel. A stream of marker channels only is refused:
    /// <paramref name="what"/> (e.g. "a filter") would have nothing to work on.
    /// </summary>
    public static MarkerPassThrough? For(StreamFormat format, int scratchSamples, string what)
    {
        int markerCount = 0;
        foreach (var channel in format.Channels) if (ChannelTypes.IsMarker(channel)) markerCount++;
        if (markerCount == 0) return null;
        if (markerCount == format.ChannelCount)
            throw new StageConfigurationException(null, $"{what} has nothing to work on: every channel of the input '{format.Name}' ({format.DescribeChannels()}) is a marker channel, and marker channels are passed through unchanged");
        var signal = new int[format.ChannelCount - markerCount];
        var markers = new int[markerCount];
        int s = 0, m = 0;
        for (int c = 0; c < format.ChannelCount; c++)
        {
            if (ChannelTypes.IsMarker(format.Channels[c])) markers[m++] = c;
            else signal[s++] = c;
        }

        return new MarkerPassThrough(format, signal, markers, scratchSamples);
    }

    /// <summary>Channels of the whole stream.</summary>
    public int Channels => _channels;

    /// <summary>The signal channels' indices in the stream, ascending.</summary>
    public ReadOnlySpan<int> SignalChannels => _signal;

    /// <summary>The marker channels' indices in the stream, ascending.</summary>
    public ReadOnlySpan<int> MarkerChannels => _markers;

    /// <summary>The scratch for <paramref name="samples"/> samples of the signal channels (at most the size asked at Configure).</summary>
    public Span<float> Scratch(int samples) => _scratch.AsSpan(0, samples * _signal.Length);

    /// <summary>Copies the signal channels of every sample of <paramref name="input"/> (the whole stream, interleaved) into <paramref name="signal"/> (signal channels only, interleaved).</summary>
    public void Gather(ReadOnlySpan<float> input, Span<float> signal)
    {
        int n = _channels, k = _signal.Length;
        int samples = input.Length / n;
        ReadOnlySpan<int> start = _runStart, length = _runLength;
        for (int t = 0; t < samples; t++)
        {
            var row = input.Slice(t * n, n);
            var to = signal.Slice(t * k, k);
            int at = 0;
            for (int r = 0; r < start.Length; r++)
            {
                row.Slice(start[r], length[r]).CopyTo(to.Slice(at));
                at += length[r];
            }
        }
    }

    /// <summary>Writes <paramref name="signal"/> (signal channels only) into the signal channels of <paramref name="output"/>, leaving its marker channels alone.</summary>
    public void ScatterSignal(ReadOnlySpan<float> signal, Span<float> output)
    {
        int n = _channels, k = _signal.Length;
        int samples = signal.Length / k;
        ReadOnlySpan<int> start = _runStart, length = _runLength;
        for (int t = 0; t < samples; t++)
        {
            var from = signal.Slice(t * k, k);
            var to = output.Slice(t * n, n);
            int at = 0;
            for (int r = 0; r < start.Length; r++)
            {
                from.Slice(at, length[r]).CopyTo(to.Slice(start[r]));
                at += length[r];
            }
        }
    }

    /// <summary>Copies the marker channels of every sample of <paramref name="input"/> into <paramref name="output"/> (same layout).</summary>
    public void CopyMarkers(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = _channels;
        int samples = input.Length / n;
        ReadOnlySpan<int> markers = _markers;
        for (int t = 0; t < samples; t++)
        {
            int row = t * n;
            foreach (int m in markers) output[row + m] = input[row + m];
        }
    }

    /// <summary><see cref="ScatterSignal"/> then <see cref="CopyMarkers"/>: the transformed signal channels beside the input's marker channels.</summary>
    public void Scatter(ReadOnlySpan<float> signal, ReadOnlySpan<float> input, Span<float> output)
    {
        ScatterSignal(signal, output);
        CopyMarkers(input, output);
    }
}
