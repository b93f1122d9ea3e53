using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>
/// Keeps the named channels, in the order given (so it also reorders). Names match exactly, or
/// ignoring case, spaces and the trailing dots some recordings pad labels with (<c>C3..</c>).
/// </summary>
[Component(ComponentKind.Stage, "pick", Summary = "keep (and reorder) channels by name")]
public sealed class ChannelPick : IStage
{
    private int[] _sourceIndex = [];
    private int _inChannels;

    /// <summary>Channel names to keep, in output order.</summary>
    [Parameter("channels", Required = true, Help = "channel names to keep, in output order, e.g. [C3, Cz, C4]")]
    public string[] Channels { get; set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        if (Channels.Length == 0) throw new StageConfigurationException("channels", "give at least one channel name");
        var picked = new ChannelInfo[Channels.Length];
        _sourceIndex = new int[Channels.Length];
        for (int k = 0; k < Channels.Length; k++)
        {
            int i = SpatialChannels.Require(format, Channels[k], "channels");
            for (int j = 0; j < k; j++)
                if (_sourceIndex[j] == i) throw new StageConfigurationException("channels", $"channel '{Channels[k]}' is picked twice");
            _sourceIndex[k] = i;
            picked[k] = format.Channels[i];
        }
        _inChannels = format.ChannelCount;
        var output = format with { Channels = picked };
        return new StageOutput(output, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int frames = input.Count;
        int samples = frames * input.FrameLength;
        int inC = _inChannels;
        int outC = _sourceIndex.Length;
        output.CopyFrameTimesFrom(input);
        ReadOnlySpan<float> src = input.Values;
        Span<float> dst = output.Values;
        ReadOnlySpan<int> map = _sourceIndex;
        for (int s = 0; s < samples; s++)
        {
            ReadOnlySpan<float> row = src.Slice(s * inC, inC);
            Span<float> to = dst.Slice(s * outC, outC);
            for (int k = 0; k < map.Length; k++) to[k] = row[map[k]];
        }
    }
}
