namespace NeuroRT.Formats.Xdf;

/// <summary>
/// Synchronises a stream's time stamps to the recorder's clock from its clock-offset chunks, following pyxdf's
/// default (clock synchronisation on, clock-reset handling on, no jitter removal):
/// <list type="number">
/// <item>Clock resets: between consecutive offsets i and i+1, with dt = time step and dv = |offset step|, a reset is
/// declared when dt is an outlier (|dt - median dt| above 5 median absolute deviations of dt and above 5 s) and dv is
/// an outlier too (|dv - median dv| above 10 median absolute deviations and above 1 s). The offsets are split there
/// into stretches.</item>
/// <item>Per stretch, offset = a + b * t is fitted by robust least squares: the Huber loss with threshold
/// <see cref="HuberThreshold"/> (0.1 ms, pyxdf's <c>winsor_threshold</c>) minimised by iteratively reweighted least
/// squares (pyxdf minimises the same loss by ADMM; both reach its minimiser). A stretch with one offset gets b = 0.</item>
/// <item>Each sample takes the fit of the stretch whose collection-time range holds its raw stamp, else of the
/// nearest stretch in time, and its stamp becomes t + a + b * t.</item>
/// </list>
/// </summary>
public static class XdfClockSync
{
    /// <summary>Residual (s) above which a clock offset's weight falls off as 1 / |residual| (Huber threshold).</summary>
    public const double HuberThreshold = 0.0001;

    private const double ResetTimeMads = 5, ResetTimeSeconds = 5, ResetOffsetMads = 10, ResetOffsetSeconds = 1;
    private const int MaxIterations = 200;

    /// <summary>Fits the offsets (one fit per stretch between clock resets); empty when there are none.</summary>
    public static XdfClockFit[] Fit(ReadOnlySpan<XdfClockOffset> offsets)
    {
        if (offsets.Length == 0)
        {
            return [];
        }

        var fits = new List<XdfClockFit>();
        int start = 0;
        bool[] resets = DetectResets(offsets);
        for (int i = 0; i < resets.Length; i++)
        {
            if (resets[i])
            {
                fits.Add(FitStretch(offsets[start..(i + 1)]));
                start = i + 1;
            }
        }

        fits.Add(FitStretch(offsets[start..]));
        return [.. fits];
    }

    /// <summary>Writes <paramref name="raw"/> shifted by the fitted offsets into <paramref name="synced"/>.</summary>
    public static void Apply(ReadOnlySpan<XdfClockFit> fits, ReadOnlySpan<double> raw, Span<double> synced)
    {
        if (fits.Length == 0)
        {
            raw.CopyTo(synced);
            return;
        }

        for (int k = 0; k < raw.Length; k++)
        {
            double t = raw[k];
            synced[k] = t + fits[NearestStretch(fits, t)].OffsetAt(t);
        }
    }

    private static int NearestStretch(ReadOnlySpan<XdfClockFit> fits, double t)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int s = 0; s < fits.Length; s++)
        {
            double distance = t < fits[s].FromTime ? fits[s].FromTime - t : t > fits[s].ToTime ? t - fits[s].ToTime : 0;
            if (distance < bestDistance)
            {
                best = s;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static bool[] DetectResets(ReadOnlySpan<XdfClockOffset> offsets)
    {
        int n = offsets.Length - 1;
        var resets = new bool[Math.Max(0, n)];
        if (n < 1)
        {
            return resets;
        }

        var dt = new double[n];
        var dv = new double[n];
        for (int i = 0; i < n; i++)
        {
            dt[i] = offsets[i + 1].CollectionTime - offsets[i].CollectionTime;
            dv[i] = Math.Abs(offsets[i + 1].Offset - offsets[i].Offset);
        }

        double dtMedian = Median(dt), dvMedian = Median(dv);
        double dtMad = MedianAbsoluteDeviation(dt, dtMedian), dvMad = MedianAbsoluteDeviation(dv, dvMedian);
        for (int i = 0; i < n; i++)
        {
            double dtDev = Math.Abs(dt[i] - dtMedian), dvDev = Math.Abs(dv[i] - dvMedian);
            bool timeGlitch = dtDev > ResetTimeSeconds && dtDev > ResetTimeMads * dtMad;
            bool offsetGlitch = dvDev > ResetOffsetSeconds && dvDev > ResetOffsetMads * dvMad;
            resets[i] = timeGlitch && offsetGlitch;
        }

        return resets;
    }

    private static XdfClockFit FitStretch(ReadOnlySpan<XdfClockOffset> offsets)
    {
        double from = offsets[0].CollectionTime, to = offsets[^1].CollectionTime;
        if (offsets.Length == 1)
        {
            return new XdfClockFit(offsets[0].Offset, 0, from, to, 1);
        }

        // Centre the times: collection times are often ~1e5..1e6 s, which would make the normal equations ill-conditioned.
        double centre = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            centre += offsets[i].CollectionTime;
        }

        centre /= offsets.Length;
        var weights = new double[offsets.Length];
        Array.Fill(weights, 1.0);
        double a = 0, b = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (!WeightedLine(offsets, weights, centre, out double na, out double nb))
            {
                a = na;
                b = nb;
                break;
            }

            bool converged = iteration > 0 && Math.Abs(na - a) < 1e-12 && Math.Abs(nb - b) < 1e-15;
            a = na;
            b = nb;
            if (converged)
            {
                break;
            }

            for (int i = 0; i < offsets.Length; i++)
            {
                double residual = Math.Abs(offsets[i].Offset - (a + (b * (offsets[i].CollectionTime - centre))));
                weights[i] = residual <= HuberThreshold ? 1.0 : HuberThreshold / residual;
            }
        }

        return new XdfClockFit(a - (b * centre), b, from, to, offsets.Length);
    }

    private static bool WeightedLine(ReadOnlySpan<XdfClockOffset> offsets, double[] w, double centre, out double a, out double b)
    {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            double x = offsets[i].CollectionTime - centre, y = offsets[i].Offset;
            sw += w[i];
            sx += w[i] * x;
            sy += w[i] * y;
            sxx += w[i] * x * x;
            sxy += w[i] * x * y;
        }

        double det = (sw * sxx) - (sx * sx);
        if (sw <= 0 || Math.Abs(det) < 1e-300)
        {
            // All offsets at one time: no slope can be fitted; use their weighted mean.
            a = sw > 0 ? sy / sw : offsets[0].Offset;
            b = 0;
            return false;
        }

        b = ((sw * sxy) - (sx * sy)) / det;
        a = (sy - (b * sx)) / sw;
        return true;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }

    private static double MedianAbsoluteDeviation(double[] values, double median)
    {
        var deviations = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }

        return Median(deviations);
    }
}
