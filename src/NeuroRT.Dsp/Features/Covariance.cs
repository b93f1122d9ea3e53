using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Spatial covariance of each window (mean removed, divided by N - 1, as numpy's <c>cov</c>), optionally shrunk
/// towards a scaled identity, <c>(1 - a) C + a (trace(C) / n) I</c>, which keeps it well conditioned for short
/// windows and many channels (the input of Riemannian and CSP decoders). Output: the n x n matrix row by row,
/// as n x n channels named <c>A*B</c>. Sums in double.
/// </summary>
[Component(ComponentKind.Stage, "covariance", Summary = "spatial covariance matrix per window, with optional shrinkage")]
public sealed class Covariance : IStage
{
    private double[] _mean = [];
    private double[] _sum = [];
    private int _channels;
    private int _length;

    /// <summary>Shrinkage towards the scaled identity, 0..1.</summary>
    [Parameter("shrinkage", Help = "shrinkage towards (trace/n) x identity, 0 (none) to 1 (default 0)")]
    public double Shrinkage { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (format.FrameLength < 2) throw new StageConfigurationException(null, "covariance needs windows of at least 2 samples; put a 'window' stage before it");
        if (!(Shrinkage >= 0 && Shrinkage <= 1)) throw new StageConfigurationException("shrinkage", $"shrinkage must be between 0 and 1, got {Shrinkage}");
        _channels = format.ChannelCount;
        if (_channels > 256) throw new StageConfigurationException(null, $"covariance of {_channels} channels would emit {_channels * _channels} values per window; pick or project to at most 256 channels first");
        _length = format.FrameLength;
        _mean = new double[_channels];
        _sum = new double[_channels * _channels];
        var channels = new ChannelInfo[_channels * _channels];
        for (int i = 0; i < _channels; i++)
            for (int j = 0; j < _channels; j++)
                channels[i * _channels + j] = new ChannelInfo($"{format.Channels[i].Name}*{format.Channels[j].Name}", ChannelTypes.Feature, "");
        return new StageOutput(format with { Channels = channels, FrameLength = 1 }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int n = _channels, length = _length;
        var mean = _mean.AsSpan();
        var sum = _sum.AsSpan();
        for (int f = 0; f < input.Count; f++)
        {
            ReadOnlySpan<float> window = input.Frame(f);
            mean.Clear();
            for (int t = 0; t < length; t++)
                for (int c = 0; c < n; c++) mean[c] += window[t * n + c];
            for (int c = 0; c < n; c++) mean[c] /= length;
            sum.Clear();
            for (int t = 0; t < length; t++)
            {
                var row = window.Slice(t * n, n);
                for (int i = 0; i < n; i++)
                {
                    double di = row[i] - mean[i];
                    for (int j = i; j < n; j++) sum[i * n + j] += di * (row[j] - mean[j]);
                }
            }

            double trace = 0;
            for (int i = 0; i < n; i++) trace += sum[i * n + i] / (length - 1);
            double target = Shrinkage * trace / n;
            var to = output.Frame(f);
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    double c = (1 - Shrinkage) * sum[i * n + j] / (length - 1) + (i == j ? target : 0);
                    to[i * n + j] = (float)c;
                    to[j * n + i] = (float)c;
                }
            }
        }
    }
}
