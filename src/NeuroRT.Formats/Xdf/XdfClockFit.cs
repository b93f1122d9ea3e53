namespace NeuroRT.Formats.Xdf;

/// <summary>
/// Offset of the recorder's clock from the stream's as a straight line, <c>offset(t) = Intercept + Slope * t</c>, fitted
/// to the clock offsets measured between <see cref="FromTime"/> and <see cref="ToTime"/> (stream clock, s).
/// </summary>
/// <param name="Intercept">Offset at stream time 0, s.</param>
/// <param name="Slope">Drift, s per s.</param>
/// <param name="FromTime">Collection time of the first clock offset of the stretch.</param>
/// <param name="ToTime">Collection time of the last clock offset of the stretch.</param>
/// <param name="OffsetCount">Number of clock offsets the fit used.</param>
public readonly record struct XdfClockFit(double Intercept, double Slope, double FromTime, double ToTime, int OffsetCount)
{
    /// <summary>Fitted offset at stream time <paramref name="t"/>.</summary>
    public double OffsetAt(double t) => Intercept + (Slope * t);
}
