using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;

namespace NeuroRT.Core.Tests.Sources;

public class SyntheticSourceTests
{
    [Fact]
    public void Samples_depend_only_on_seed_and_index_not_on_chunking()
    {
        var a = new SyntheticSource { Channels = 3, Frequencies = [10, 23], Seed = 42 };
        var b = new SyntheticSource { Channels = 3, Frequencies = [10, 23], Seed = 42 };
        a.Open();
        b.Open();
        var whole = new float[100 * 3];
        a.Generate(0, 100, whole, new double[100]);
        var parts = new float[100 * 3];
        var t = new double[100];
        for (int first = 0; first < 100; first += 7)
        {
            int n = Math.Min(7, 100 - first);
            b.Generate(first, n, parts.AsSpan(first * 3), t.AsSpan(first));
        }
        Assert.Equal(whole, parts);
        Assert.Equal(99 / 250.0, t[99]);
    }

    [Fact]
    public void Another_seed_gives_other_noise()
    {
        var a = new SyntheticSource { Seed = 1 };
        var b = new SyntheticSource { Seed = 2 };
        a.Open();
        b.Open();
        var x = new float[8 * 10];
        var y = new float[8 * 10];
        a.Generate(0, 10, x, new double[10]);
        b.Generate(0, 10, y, new double[10]);
        Assert.NotEqual(x, y);
    }

    [Fact]
    public void Noise_has_the_requested_rms()
    {
        var s = new SyntheticSource { Channels = 1, Frequencies = [], Noise = 5 };
        s.Open();
        var v = new float[200_000];
        s.Generate(0, v.Length, v, new double[v.Length]);
        double rms = Math.Sqrt(v.Select(x => (double)x * x).Average());
        Assert.InRange(rms, 4.95, 5.05);
    }

    [Fact]
    public void A_frequency_at_or_above_nyquist_is_refused()
    {
        var s = new SyntheticSource { Rate = 100, Frequencies = [60] };
        var e = Assert.Throws<StageConfigurationException>(() => s.Open());
        Assert.Equal("frequencies", e.Parameter);
        Assert.Contains("Nyquist", e.Message);
    }
}
