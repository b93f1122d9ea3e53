using NeuroRT.Core.Configuration;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Line length (Esteller et al. 2001), the classic seizure-onset feature: the mean absolute difference between
/// consecutive samples of the window, <c>sum |x[t] - x[t-1]| / (N - 1)</c>, so it does not depend on the window length.
/// </summary>
[Component(ComponentKind.Stage, "line-length", Summary = "mean absolute sample-to-sample difference per window (seizure detection)")]
public sealed class LineLength : WindowFeature
{
    /// <inheritdoc />
    protected override string FeatureName => "line-length";

    /// <inheritdoc />
    protected override string UnitOf(string signalUnit) => signalUnit;

    /// <inheritdoc />
    protected override double Compute(ReadOnlySpan<float> window, int channel, int channels, int length)
    {
        double sum = 0;
        double previous = window[channel];
        for (int t = 1; t < length; t++)
        {
            double x = window[t * channels + channel];
            sum += Math.Abs(x - previous);
            previous = x;
        }

        return sum / (length - 1);
    }
}

/// <summary>Signal power on each window: the mean of the squared samples (the energy per sample).</summary>
[Component(ComponentKind.Stage, "energy", Summary = "mean squared amplitude per window (signal energy per sample)")]
public sealed class SignalEnergy : WindowFeature
{
    /// <inheritdoc />
    protected override string FeatureName => "energy";

    /// <inheritdoc />
    protected override string UnitOf(string signalUnit) => $"{signalUnit}^2";

    /// <inheritdoc />
    protected override double Compute(ReadOnlySpan<float> window, int channel, int channels, int length)
    {
        double sum = 0;
        for (int t = 0; t < length; t++)
        {
            double x = window[t * channels + channel];
            sum += x * x;
        }

        return sum / length;
    }
}
