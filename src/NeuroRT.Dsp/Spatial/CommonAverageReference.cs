using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>
/// Common average reference: subtracts, at every sample, the mean of the reference channels (all by default)
/// from every channel. Sums run in double. Same channels out as in. Marker channels (<see cref="ChannelTypes.Marker"/>)
/// are left out of the default reference, cannot be listed in it, and are copied through unchanged.
/// </summary>
[Component(ComponentKind.Stage, "car", Summary = "common average reference: subtract the mean of the (chosen) channels from every channel")]
public sealed class CommonAverageReference : IStage
{
    private int[] _reference = [];
    private int[] _markers = [];
    private int _channels;

    /// <summary>Channels whose mean is the reference (default: all but marker channels).</summary>
    [Parameter("channels", Help = "channels averaged into the reference (default: all but marker channels), e.g. to leave out EOG or bad channels")]
    public string[] Channels { get; set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        _channels = format.ChannelCount;
        _markers = Enumerable.Range(0, _channels).Where(c => ChannelTypes.IsMarker(format.Channels[c])).ToArray();
        if (Channels.Length == 0)
        {
            _reference = Enumerable.Range(0, _channels).Where(c => !ChannelTypes.IsMarker(format.Channels[c])).ToArray();
            if (_reference.Length == 0)
                throw new StageConfigurationException(null, $"car has nothing to average: every channel of the input '{format.Name}' ({format.DescribeChannels()}) is a marker channel");
        }
        else
        {
            _reference = new int[Channels.Length];
            for (int k = 0; k < Channels.Length; k++)
            {
                _reference[k] = SpatialChannels.Require(format, Channels[k], "channels");
                if (ChannelTypes.IsMarker(format.Channels[_reference[k]]))
                    throw new StageConfigurationException("channels", $"'{format.Channels[_reference[k]].Name}' is a marker channel (its values are marker codes, not a signal) and cannot be part of the reference; list signal channels only");
            }

            if (_reference.Distinct().Count() != _reference.Length) throw new StageConfigurationException("channels", "a reference channel is listed twice");
        }

        return new StageOutput(format, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int n = _channels;
        int samples = input.Count * input.FrameLength;
        ReadOnlySpan<float> src = input.Values;
        Span<float> dst = output.Values;
        ReadOnlySpan<int> reference = _reference;
        ReadOnlySpan<int> markers = _markers;
        for (int s = 0; s < samples; s++)
        {
            var row = src.Slice(s * n, n);
            double sum = 0;
            foreach (int i in reference) sum += row[i];
            double mean = sum / reference.Length;
            var to = dst.Slice(s * n, n);
            for (int c = 0; c < n; c++) to[c] = (float)(row[c] - mean);
            foreach (int m in markers) to[m] = row[m];
        }
    }
}
