namespace NeuroRT.Scoring.Scoring;

/// <summary>Sensitivity, precision, F1 and false positives per 24 h from counts, with timescoring's conventions for empty cases.</summary>
/// <param name="Sensitivity">TP / reference count; NaN when there is no reference event (nothing to detect).</param>
/// <param name="Precision">TP / (TP + FP); NaN when there is neither (nothing was detected).</param>
/// <param name="F1">2 S P / (S + P); NaN when S or P is NaN, 0 when both are 0.</param>
/// <param name="FalsePositivesPer24h">FP / (scored duration in days).</param>
public readonly record struct Rates(double Sensitivity, double Precision, double F1, double FalsePositivesPer24h)
{
    /// <summary>Seconds in 24 h.</summary>
    public const double SecondsPerDay = 24 * 3600;

    /// <summary>The rates of <paramref name="truePositives"/> out of <paramref name="referenceCount"/>, with <paramref name="falsePositives"/>, over <paramref name="seconds"/>.</summary>
    public static Rates Of(long truePositives, long falsePositives, long referenceCount, double seconds)
    {
        double sensitivity = referenceCount > 0 ? (double)truePositives / referenceCount : double.NaN;
        double precision = truePositives + falsePositives > 0 ? (double)truePositives / (truePositives + falsePositives) : double.NaN;
        double f1 = double.IsNaN(sensitivity) || double.IsNaN(precision) ? double.NaN
            : sensitivity + precision == 0 ? 0
            : 2 * sensitivity * precision / (sensitivity + precision);
        return new Rates(sensitivity, precision, f1, falsePositives / (seconds / SecondsPerDay));
    }
}
