using NeuroRT.Scoring.Scoring;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>Event counts and the rates made of them, including the empty cases (timescoring's NaN conventions).</summary>
public sealed class CountsAndRatesTests
{
    private const double Hour = 3600;

    [Fact]
    public void No_reference_event_leaves_sensitivity_undefined_and_every_alarm_false()
    {
        var score = EventScorer.Score(None, List((100, 110)), Hour);
        Assert.Equal(0, score.ReferenceEvents);
        Assert.Equal(1, score.FalsePositives);
        Assert.True(double.IsNaN(score.Rates.Sensitivity));
        Assert.Equal(0, score.Rates.Precision);
        Assert.True(double.IsNaN(score.Rates.F1));
        Assert.Equal(24, score.Rates.FalsePositivesPer24h, 9); // 1 false alarm in 1 h
    }

    [Fact]
    public void No_alarm_leaves_precision_undefined_and_no_false_alarm()
    {
        var score = EventScorer.Score(List((1000, 1040)), None, Hour);
        Assert.Equal(0, score.TruePositives);
        Assert.Equal(1, score.FalseNegatives);
        Assert.Equal(0, score.Rates.Sensitivity);
        Assert.True(double.IsNaN(score.Rates.Precision));
        Assert.True(double.IsNaN(score.Rates.F1));
        Assert.Equal(0, score.Rates.FalsePositivesPer24h);
        Assert.True(double.IsNaN(score.MedianDelay));
    }

    [Fact]
    public void Nothing_at_all_is_all_undefined_with_zero_false_alarms()
    {
        var score = EventScorer.Score(None, None, Hour);
        Assert.True(double.IsNaN(score.Rates.Sensitivity));
        Assert.True(double.IsNaN(score.Rates.Precision));
        Assert.Equal(0, score.Rates.FalsePositivesPer24h);
    }

    [Fact]
    public void One_alarm_covering_two_seizures_detects_both_and_is_no_false_alarm()
    {
        // 1000-1040 and 1200-1240 are 160 s apart: two events; one alarm 990-1250 overlaps both windows.
        var score = EventScorer.Score(List((1000, 1040), (1200, 1240)), List((990, 1250)), Hour);
        Assert.Equal(2, score.ReferenceEvents);
        Assert.Equal(1, score.HypothesisEvents);
        Assert.Equal(2, score.TruePositives);
        Assert.Equal(0, score.FalsePositives);
        Assert.Equal(1, score.Rates.Sensitivity);
        Assert.Equal(1, score.Rates.Precision); // TP / (TP + FP) = 2 / 2, as timescoring counts it
        Assert.Equal(-10, score.Seizures[0].Delay);
        Assert.Equal(-30, score.Seizures[1].Delay); // on since before the second window opened at 1170 s
    }

    [Fact]
    public void False_alarms_per_24_h_are_over_the_whole_scored_duration()
    {
        // 2 false alarms in 12 h: 4 per 24 h; 1 in 30 min: 48 per 24 h.
        Assert.Equal(4, EventScorer.Score(None, List((100, 110), (20000, 20010)), 12 * Hour).Rates.FalsePositivesPer24h, 9);
        Assert.Equal(48, EventScorer.Score(None, List((100, 110)), 1800).Rates.FalsePositivesPer24h, 9);
        Assert.Equal(1800, EventScorer.Score(None, None, 1800).Seconds);
    }

    [Fact]
    public void Sensitivity_precision_and_F1_from_mixed_counts()
    {
        // 3 seizures (far apart), 2 detected, 2 false alarms: S = 2/3, P = 2/4, F1 = 4/7.
        var score = EventScorer.Score(
            List((1000, 1040), (5000, 5040), (9000, 9040)),
            List((1010, 1020), (5005, 5006), (3000, 3010), (7000, 7010)),
            4 * Hour);
        Assert.Equal((2, 2, 1), (score.TruePositives, score.FalsePositives, score.FalseNegatives));
        Assert.Equal(2.0 / 3, score.Rates.Sensitivity, 12);
        Assert.Equal(0.5, score.Rates.Precision, 12);
        Assert.Equal(4.0 / 7, score.Rates.F1, 12);
        Assert.Equal(12, score.Rates.FalsePositivesPer24h, 9);
        Assert.Equal(7.5, score.MedianDelay); // delays 10 and 5
    }

    [Fact]
    public void Timescorings_own_cases_give_its_numbers()
    {
        // Its 'simple events' case: tolerances 0 s / 10 s, no merging; 1 h.
        var p = new EventScoringParameters { ToleranceBefore = 0, ToleranceAfter = 10, MinGap = 0 };
        var simple = EventScorer.Score(List((40, 60)), List((10, 20), (42, 65)), Hour, p);
        Assert.Equal((1.0, 0.5, 24.0), (simple.Rates.Sensitivity, simple.Rates.Precision, simple.Rates.FalsePositivesPer24h));

        // Its 'split long events' case, with the defaults: 42-425 s is split at 342 s; only the second piece is false.
        var split = EventScorer.Score(List((40, 60)), List((42, 425)), Hour);
        Assert.Equal((1.0, 0.5, 24.0), (split.Rates.Sensitivity, split.Rates.Precision, split.Rates.FalsePositivesPer24h));

        // Its 'tolerance before events' case: 1 s tolerance before.
        var before = EventScorer.Score(List((40, 60)), List((39, 60)), Hour, EventScoringParameters.SzCore with { ToleranceBefore = 1 });
        Assert.Equal((1.0, 1.0, 0.0), (before.Rates.Sensitivity, before.Rates.Precision, before.Rates.FalsePositivesPer24h));
    }

    [Fact]
    public void Events_outside_the_recording_are_refused_with_their_origin()
    {
        var late = Assert.Throws<NeuroRT.Scoring.Readers.ScoringInputException>(() => EventScorer.Score(List((4000, 4010)), None, Hour));
        Assert.Contains("test:1", late.Message);
        Assert.Contains("after the end of the 3600 s recording", late.Message);

        var negative = Assert.Throws<NeuroRT.Scoring.Readers.ScoringInputException>(() => EventScorer.Score(None, List((-5, 1)), Hour));
        Assert.Contains("before the recording start", negative.Message);

        // An event running past the end is cut there.
        var cut = EventScorer.Score(List((3500, 3700)), None, Hour);
        Assert.Equal(3600, cut.Seizures[0].Offset);
    }
}
