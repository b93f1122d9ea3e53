using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Natural log of each channel's variance over a window: the classic band-power feature of motor
/// imagery BCIs once the signal is band-passed (event-related desynchronisation lowers it).
/// Sums run in double, mean removed first (two passes), so long windows of float32 stay exact to ~1e-7.
/// </summary>
[Component(ComponentKind.Stage, "log-variance", Summary = "log of each channel's variance over a window")]
public sealed class LogVariance : IStage
{
    private double[] _sum = [];
    private double[] _sumSquares = [];
    private int _channels;
    private int _length;

    /// <summary>Added to the variance before the log, so a flat channel gives log(floor) instead of -infinity.</summary>
    [Parameter("floor", Help = "added to the variance before the log (default 1e-12)")]
    public double Floor { get; set; } = 1e-12;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        if (format.FrameLength < 2)
            throw new StageConfigurationException(null, "log-variance needs windows of at least 2 samples; put a 'window' stage before it");
        if (!(Floor >= 0)) throw new StageConfigurationException("floor", $"floor must be >= 0, got {Floor}");
        _channels = format.ChannelCount;
        _length = format.FrameLength;
        _sum = new double[_channels];
        _sumSquares = new double[_channels];
        var channels = new ChannelInfo[_channels];
        for (int i = 0; i < _channels; i++)
        {
            var ch = format.Channels[i];
            string unit = ch.Unit.Length == 0 ? "" : $"log({ch.Unit}^2)";
            channels[i] = new ChannelInfo(ch.Name, ChannelTypes.Feature, unit);
        }
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int c = _channels;
        int n = _length;
        output.CopyFrameTimesFrom(input);
        Span<double> sum = _sum;
        Span<double> squares = _sumSquares;
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            sum.Clear();
            for (int t = 0; t < n; t++)
            {
                ReadOnlySpan<float> row = window.Slice(t * c, c);
                for (int k = 0; k < c; k++) sum[k] += row[k];
            }
            for (int k = 0; k < c; k++) sum[k] /= n;
            squares.Clear();
            for (int t = 0; t < n; t++)
            {
                ReadOnlySpan<float> row = window.Slice(t * c, c);
                for (int k = 0; k < c; k++)
                {
                    double d = row[k] - sum[k];
                    squares[k] += d * d;
                }
            }
            Span<float> to = output.Frame(f);
            for (int k = 0; k < c; k++) to[k] = (float)Math.Log(squares[k] / (n - 1) + Floor);
        }
    }
}
