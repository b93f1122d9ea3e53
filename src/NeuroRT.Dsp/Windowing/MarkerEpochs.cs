using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Spatial;

namespace NeuroRT.Dsp.Windowing;

/// <summary>
/// Marker-locked epochs: whenever the marker channel (e.g. the one an <c>lsl</c> source adds for a marker stream, or
/// an <c>edf</c> source for the file's annotations)
/// is non-zero at sample t (each such sample is one marker, as sources write them: a code on one sample, 0 elsewhere), emits one frame holding samples t - pre .. t + post - 1 of the other channels plus
/// a channel <c>event</c> carrying the marker's code, as soon as its last sample has arrived. Epochs may overlap;
/// which epochs exist depends only on the samples, never on block boundaries. An epoch whose start would fall
/// before the first sample is skipped and counted. Frames are stamped with their last sample.
/// </summary>
[Component(ComponentKind.Stage, "epochs", Summary = "epochs locked to markers (pre/post times around each non-zero marker)")]
public sealed class MarkerEpochs : IStage
{
    private const int MaxPending = 256;
    private float[] _ring = [];
    private int _ringSamples;
    private int _channels;
    private int _signalChannels;
    private int _marker;
    private int _pre;
    private int _post;
    private long _seen;
    private readonly long[] _pendingOnset = new long[MaxPending];
    private readonly float[] _pendingCode = new float[MaxPending];
    private int _pendingCount;

    /// <summary>The marker channel.</summary>
    [Parameter("marker", Required = true, Help = "the channel holding marker codes (0 = no marker), e.g. the name of an lsl source's marker stream or an edf source's markers channel")]
    public string Marker { get; set; } = "";

    /// <summary>Time before the marker.</summary>
    [Parameter("pre", Quantity = Quantity.Time, Help = "time kept before each marker, e.g. 500ms (default 0)")]
    public double Pre { get; set; }

    /// <summary>Time from the marker on.</summary>
    [Parameter("post", Required = true, Quantity = Quantity.Time, Help = "time kept from each marker on, e.g. 4s")]
    public double Post { get; set; }

    /// <summary>Epochs skipped because they would start before the first sample.</summary>
    public long Skipped { get; private set; }

    /// <summary>Epochs dropped because more than 256 were waiting for their last sample at once.</summary>
    public long Overflowed { get; private set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength != 1 || format.IsIrregular) throw new StageConfigurationException(null, "epochs are cut from a regularly sampled signal: put the stage before any window stage");
        _marker = SpatialChannels.Require(format, Marker, "marker");
        if (!(Pre >= 0)) throw new StageConfigurationException("pre", $"pre must be >= 0, got {Pre} s");
        if (!(Post > 0)) throw new StageConfigurationException("post", $"post must be positive, got {Post} s");
        _pre = (int)Math.Round(Pre * format.NominalRate, MidpointRounding.AwayFromZero);
        _post = (int)Math.Round(Post * format.NominalRate, MidpointRounding.AwayFromZero);
        if (_post < 1) throw new StageConfigurationException("post", $"post is shorter than one sample at {format.NominalRate} Hz");
        _channels = format.ChannelCount;
        _signalChannels = _channels - 1;
        _ringSamples = _pre + _post + input.MaxFramesPerBlock;
        _ring = new float[_ringSamples * _channels];
        _seen = 0;
        _pendingCount = 0;
        var channels = new List<ChannelInfo>(_channels);
        for (int c = 0; c < _channels; c++) if (c != _marker) channels.Add(format.Channels[c]);
        channels.Add(new ChannelInfo("event", ChannelTypes.Marker, ""));
        var output = format with { Channels = channels, FrameLength = _pre + _post, NominalRate = 0 };
        return new StageOutput(output, Math.Min(MaxPending, input.MaxFramesPerBlock + 1));
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int n = _channels;
        output.Count = 0;
        ReadOnlySpan<float> values = input.Values;
        for (int t = 0; t < input.Count; t++)
        {
            long index = _seen++;
            values.Slice(t * n, n).CopyTo(_ring.AsSpan((int)(index % _ringSamples) * n, n));
            float code = values[t * n + _marker];
            if (code != 0)
            {
                if (index - _pre < 0) Skipped++;
                else if (_pendingCount == MaxPending) Overflowed++;
                else
                {
                    _pendingOnset[_pendingCount] = index;
                    _pendingCode[_pendingCount++] = code;
                }
            }

            // Emit every epoch whose last sample this is (in marker order).
            int kept = 0;
            for (int p = 0; p < _pendingCount; p++)
            {
                if (_pendingOnset[p] + _post - 1 == index && output.Count < output.Capacity)
                {
                    Emit(output, _pendingOnset[p], _pendingCode[p], input, t);
                    continue;
                }

                _pendingOnset[kept] = _pendingOnset[p];
                _pendingCode[kept++] = _pendingCode[p];
            }

            _pendingCount = kept;
        }
    }

    private void Emit(SampleBlock output, long onset, float code, SampleBlock input, int t)
    {
        int frame = output.Count;
        output.Count = frame + 1;
        var to = output.Frame(frame);
        int width = _signalChannels + 1;
        long first = onset - _pre;
        for (int s = 0; s < _pre + _post; s++)
        {
            var row = _ring.AsSpan((int)((first + s) % _ringSamples) * _channels, _channels);
            var dst = to.Slice(s * width, width);
            int k = 0;
            for (int c = 0; c < _channels; c++) if (c != _marker) dst[k++] = row[c];
            dst[k] = code;
        }

        output.SetFrameTime(frame, input.Timestamps[t], input.SampleIndex[t], input.ArrivalTicks[t]);
    }
}
