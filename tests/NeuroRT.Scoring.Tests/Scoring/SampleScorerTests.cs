using NeuroRT.Scoring.Scoring;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>Sample-based scoring: 1 s labels counted one by one, no merging, splitting or tolerance.</summary>
public sealed class SampleScorerTests
{
    [Fact]
    public void Labels_are_counted_one_by_one()
    {
        var s = SampleScorer.Score(List((10, 20)), List((15, 25)), 100);
        Assert.Equal((100L, 10L, 5L, 5L), (s.Samples, s.ReferenceSamples, s.TruePositives, s.FalsePositives));
        Assert.Equal(0.5, s.Rates.Sensitivity);
        Assert.Equal(0.5, s.Rates.Precision);
        Assert.Equal(0.5, s.Rates.F1);
        Assert.Equal(5 * 86400 / 100.0, s.Rates.FalsePositivesPer24h, 9);
    }

    [Fact]
    public void Timescorings_own_sample_cases_give_its_numbers()
    {
        // Masks 1110001110 (reference) and 0110110010 (hypothesis), 10 s.
        var simple = SampleScorer.Score(List((0, 3), (6, 9)), List((1, 3), (4, 6), (8, 9)), 10);
        Assert.Equal(3.0 / 6, simple.Rates.Sensitivity);
        Assert.Equal(3.0 / 5, simple.Rates.Precision);
        Assert.Equal(2 * 3600 * 24 / 10.0, simple.Rates.FalsePositivesPer24h, 9);

        // Fractional times are rounded to the 1 s labels: 1.2-5.4 covers labels 1..4, 6.8-9.2 covers 7..8.
        var rounded = SampleScorer.Score(List((1.2, 5.4), (7.1, 8.7)), List((3, 5), (6.8, 9.2)), 10);
        Assert.Equal(4.0 / 6, rounded.Rates.Sensitivity);
        Assert.Equal(1, rounded.Rates.Precision);
        Assert.Equal(0, rounded.Rates.FalsePositivesPer24h);
    }

    [Fact]
    public void Halves_round_to_even_as_Pythons_round()
    {
        // 2.5 -> 2 and 4.5 -> 4: labels 2 and 3.
        var s = SampleScorer.Score(List((2.5, 4.5)), None, 10);
        Assert.Equal(2, s.ReferenceSamples);
    }

    [Fact]
    public void Empty_lists_follow_the_event_conventions()
    {
        var noAlarm = SampleScorer.Score(List((10, 20)), None, 100);
        Assert.Equal(0, noAlarm.Rates.Sensitivity);
        Assert.True(double.IsNaN(noAlarm.Rates.Precision));

        var noSeizure = SampleScorer.Score(None, List((10, 20)), 100);
        Assert.True(double.IsNaN(noSeizure.Rates.Sensitivity));
        Assert.Equal(0, noSeizure.Rates.Precision);
        Assert.Equal(10 * 864.0, noSeizure.Rates.FalsePositivesPer24h, 9);
    }
}
