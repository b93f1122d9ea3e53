using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Tests.Filters;

public sealed class FilterDesignTests
{
    public static TheoryData<int> DesignIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < FilterReference.Designs.GetArrayLength(); i++) data.Add(i);
        return data;
    }

    // Coefficients to 1e-9 of the largest coefficient of their section (the issue's 1e-9 relative, in double).
    [Theory]
    [MemberData(nameof(DesignIndices))]
    public void Designs_match_scipy_section_by_section(int index)
    {
        var d = FilterReference.Designs[index];
        var expected = d.GetProperty("sos").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var ours = FilterReference.Design(d);
        string what = $"{d.GetProperty("family")} {d.GetProperty("type")} order {d.GetProperty("order")} {string.Join("/", d.GetProperty("frequencies").EnumerateArray())} Hz at {d.GetProperty("fs")} Hz";
        Assert.True(expected.Length == ours.Count, $"{what}: {ours.Count} sections, SciPy has {expected.Length}");
        for (int s = 0; s < expected.Length; s++)
        {
            double scale = expected[s].Max(Math.Abs);
            for (int k = 0; k < 6; k++)
                Assert.True(Math.Abs(ours.Rows[s][k] - expected[s][k]) <= 1e-9 * scale,
                    $"{what}: section {s} coefficient {k}: {ours.Rows[s][k]:R}, SciPy {expected[s][k]:R}");
        }
    }

    [Fact]
    public void Notches_match_scipy_iirnotch()
    {
        foreach (var n in FilterReference.Notches.EnumerateArray())
        {
            var ours = FilterDesign.Notch(n.GetProperty("frequency").GetDouble(), n.GetProperty("q").GetDouble(), n.GetProperty("fs").GetDouble()).Rows[0];
            var b = n.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var a = n.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double[] expected = [.. b, .. a];
            for (int k = 0; k < 6; k++) Assert.Equal(expected[k], ours[k], 12);
        }
    }

    [Theory]
    [InlineData(BandType.LowPass, 4, new[] { 125.0 }, "frequency", "below Nyquist")]
    [InlineData(BandType.LowPass, 4, new[] { 0.0 }, "frequency", "above 0 Hz")]
    [InlineData(BandType.LowPass, 0, new[] { 30.0 }, "order", "at least 1")]
    [InlineData(BandType.BandPass, 4, new[] { 30.0, 8.0 }, "low", "below the high edge")]
    [InlineData(BandType.BandPass, 4, new[] { 8.0 }, "frequency", "two edges")]
    [InlineData(BandType.BandStop, 4, new[] { 48.0, 130.0 }, "high", "below Nyquist")]
    public void Bad_requests_are_refused_clearly(BandType band, int order, double[] freqs, string parameter, string message)
    {
        var e = Assert.Throws<FilterDesignException>(() => FilterDesign.Design(FilterFamily.Butterworth, band, order, freqs, 250));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(message, e.Message);
    }
}

public sealed class GroupDelayTests
{
    // The latency a filter adds, checked against SciPy's group_delay of the same design's transfer function.
    [Fact]
    public void Group_delay_matches_scipy()
    {
        int checkedCount = 0;
        foreach (var entry in FilterReference.Section("group_delays").EnumerateArray())
        {
            var design = FilterReference.Designs[entry.GetProperty("design").GetInt32()];
            var sections = FilterReference.Design(design);
            var freqs = entry.GetProperty("frequencies").EnumerateArray().Select(f => f.GetDouble()).ToArray();
            var expected = entry.GetProperty("samples").EnumerateArray().Select(f => f.GetDouble()).ToArray();
            for (int i = 0; i < freqs.Length; i++)
            {
                double ours = GroupDelay.Samples(sections, freqs[i], 250);
                Assert.True(Math.Abs(ours - expected[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])),
                    $"{design.GetProperty("family")} {design.GetProperty("type")} at {freqs[i]} Hz: {ours} samples, SciPy {expected[i]}");
                checkedCount++;
            }
        }

        Assert.Equal(24, checkedCount);
    }
}
