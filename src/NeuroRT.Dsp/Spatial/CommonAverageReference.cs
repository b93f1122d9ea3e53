using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>
/// Common average reference: subtracts, at every sample, the mean of the reference channels (all by default)
/// from every channel. Sums run in double. Same channels out as in.
/// </summary>
[Component(ComponentKind.Stage, "car", Summary = "common average reference: subtract the mean of the (chosen) channels from every channel")]
public sealed class CommonAverageReference : IStage
{
    private int[] _reference = [];
    private int _channels;

    /// <summary>Channels whose mean is the reference (default: all).</summary>
    [Parameter("channels", Help = "channels averaged into the reference (default: all), e.g. to leave out EOG or bad channels")]
    public string[] Channels { get; set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        _channels = format.ChannelCount;
        if (Channels.Length == 0)
        {
            _reference = Enumerable.Range(0, _channels).ToArray();
        }
        else
        {
            _reference = new int[Channels.Length];
            for (int k = 0; k < Channels.Length; k++) _reference[k] = SpatialChannels.Require(format, Channels[k], "channels");
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
        for (int s = 0; s < samples; s++)
        {
            var row = src.Slice(s * n, n);
            double sum = 0;
            foreach (int i in reference) sum += row[i];
            double mean = sum / reference.Length;
            var to = dst.Slice(s * n, n);
            for (int c = 0; c < n; c++) to[c] = (float)(row[c] - mean);
        }
    }
}
