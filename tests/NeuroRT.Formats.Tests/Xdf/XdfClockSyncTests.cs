using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>Clock synchronisation: the drift line, its robustness to outliers, clock-reset detection, stamp mapping.</summary>
public sealed class XdfClockSyncTests
{
    private static XdfClockOffset[] Line(double t0, int count, double intercept, double slope, double interval = 5)
    {
        var offsets = new XdfClockOffset[count];
        for (int i = 0; i < count; i++)
        {
            double t = t0 + (i * interval);
            offsets[i] = new XdfClockOffset(t, intercept + (slope * t));
        }

        return offsets;
    }

    [Fact]
    public void Exact_drift_line_is_recovered_at_large_clock_values()
    {
        XdfClockOffset[] offsets = Line(650_000, 50, -3.25, 2e-5);

        XdfClockFit fit = Assert.Single(XdfClockSync.Fit(offsets));

        Assert.Equal(2e-5, fit.Slope, 1e-12);
        Assert.Equal(-3.25 + (2e-5 * 650_100), fit.OffsetAt(650_100), 1e-9);
        Assert.Equal((650_000.0, 650_245.0, 50), (fit.FromTime, fit.ToTime, fit.OffsetCount));
    }

    [Fact]
    public void Huber_fit_ignores_a_few_gross_outliers_that_would_tilt_least_squares()
    {
        XdfClockOffset[] offsets = Line(100, 40, 0.010, 1e-6);
        offsets[3] = offsets[3] with { Offset = offsets[3].Offset + 0.050 };   // 50 ms late replies, as from a busy network
        offsets[30] = offsets[30] with { Offset = offsets[30].Offset + 0.080 };

        XdfClockFit fit = Assert.Single(XdfClockSync.Fit(offsets));

        // Ordinary least squares would be off by ~3 ms on average; the Huber fit stays within 0.1 ms of the true line.
        for (double t = 100; t <= 295; t += 15)
        {
            Assert.Equal(0.010 + (1e-6 * t), fit.OffsetAt(t), 1e-4);
        }
    }

    [Fact]
    public void Clock_reset_splits_the_offsets_and_each_sample_takes_its_stretch_fit()
    {
        // Stream clock restarts: times jump from ~100 s to ~653000 s and the offset jumps with it.
        XdfClockOffset[] offsets = [.. Line(5, 20, 1000.0, 0), .. Line(653_000, 20, -652_000.0, 0)];

        XdfClockFit[] fits = XdfClockSync.Fit(offsets);

        Assert.Equal(2, fits.Length);
        Assert.Equal((5.0, 100.0, 1000.0), (fits[0].FromTime, fits[0].ToTime, fits[0].Intercept));
        Assert.Equal((653_000.0, 653_095.0), (fits[1].FromTime, fits[1].ToTime));
        Assert.Equal(-652_000.0, fits[1].Intercept, 1e-6);
        var synced = new double[4];
        XdfClockSync.Apply(fits, [50, 101, 653_001, 700_000], synced);
        Assert.Equal([1050, 1101, 1001, 48_000], synced, new ToleranceComparer(1e-6));
    }

    [Fact]
    public void Regular_jitter_is_not_a_clock_reset()
    {
        XdfClockOffset[] offsets = Line(10, 30, 0.5, 0);
        offsets[10] = new XdfClockOffset(offsets[10].CollectionTime + 2, offsets[10].Offset + 0.0005);

        Assert.Single(XdfClockSync.Fit(offsets));
    }

    [Fact]
    public void No_offsets_leave_stamps_unchanged_and_one_offset_is_a_constant_shift()
    {
        var synced = new double[2];
        XdfClockSync.Apply(XdfClockSync.Fit([]), [1, 2], synced);
        Assert.Equal([1.0, 2.0], synced);

        XdfClockFit fit = Assert.Single(XdfClockSync.Fit([new XdfClockOffset(3, 0.25)]));
        Assert.Equal((0.25, 0.0), (fit.Intercept, fit.Slope));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
