using System.Numerics;
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
    protected override void Compute(ReadOnlySpan<float> window, Span<float> to, Span<double> sums, int channels, int length)
    {
        sums.Clear();
        for (int t = 1; t < length; t++)
        {
            ReadOnlySpan<float> row = window.Slice(t * channels, channels);
            ReadOnlySpan<float> previous = window.Slice((t - 1) * channels, channels);
            int c = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; c <= channels - Vector<float>.Count; c += Vector<float>.Count)
                {
                    Vector.Widen(new Vector<float>(row[c..]), out Vector<double> x0, out Vector<double> x1);
                    Vector.Widen(new Vector<float>(previous[c..]), out Vector<double> p0, out Vector<double> p1);
                    Span<double> s0 = sums.Slice(c, Vector<double>.Count), s1 = sums.Slice(c + Vector<double>.Count, Vector<double>.Count);
                    (new Vector<double>(s0) + Vector.Abs(x0 - p0)).CopyTo(s0);
                    (new Vector<double>(s1) + Vector.Abs(x1 - p1)).CopyTo(s1);
                }
            }

            for (; c < channels; c++) sums[c] += Math.Abs((double)row[c] - previous[c]);
        }

        for (int c = 0; c < channels; c++) to[c] = (float)(sums[c] / (length - 1));
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
    protected override void Compute(ReadOnlySpan<float> window, Span<float> to, Span<double> sums, int channels, int length)
    {
        sums.Clear();
        for (int t = 0; t < length; t++)
        {
            ReadOnlySpan<float> row = window.Slice(t * channels, channels);
            int c = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; c <= channels - Vector<float>.Count; c += Vector<float>.Count)
                {
                    Vector.Widen(new Vector<float>(row[c..]), out Vector<double> x0, out Vector<double> x1);
                    Span<double> s0 = sums.Slice(c, Vector<double>.Count), s1 = sums.Slice(c + Vector<double>.Count, Vector<double>.Count);
                    (new Vector<double>(s0) + x0 * x0).CopyTo(s0);
                    (new Vector<double>(s1) + x1 * x1).CopyTo(s1);
                }
            }

            for (; c < channels; c++)
            {
                double x = row[c];
                sums[c] += x * x;
            }
        }

        for (int c = 0; c < channels; c++) to[c] = (float)(sums[c] / length);
    }
}
