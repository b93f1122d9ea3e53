using NeuroRT.Scoring.Scoring;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>SzCORE's rewrites of both lists: events less than 90 s apart are merged, events over 300 s are split.</summary>
public sealed class MergeAndSplitTests
{
    private const double Hour = 3600;

    [Fact]
    public void Seizures_89_s_apart_are_one_event_91_s_apart_two()
    {
        var merged = EventScorer.Score(List((1000, 1040), (1129, 1160)), None, Hour);
        Assert.Equal(1, merged.ReferenceEvents);
        Assert.Equal(1000, merged.Seizures[0].Onset);
        Assert.Equal(1160, merged.Seizures[0].Offset);
        Assert.Contains("test:1, test:2", merged.Seizures[0].Origin);

        var apart = EventScorer.Score(List((1000, 1040), (1131, 1160)), None, Hour);
        Assert.Equal(2, apart.ReferenceEvents);
    }

    [Fact]
    public void A_gap_of_exactly_90_s_is_not_merged()
    {
        // timescoring merges when the gap is strictly below minDurationBetweenEvents.
        Assert.Equal(2, EventPreparation.Merge(List((0, 10), (100, 110)), 90).Count);
        Assert.Single(EventPreparation.Merge(List((0, 10), (99.9, 110)), 90));
    }

    [Fact]
    public void Alarms_are_merged_too_so_two_false_alarms_89_s_apart_count_once()
    {
        var merged = EventScorer.Score(None, List((100, 110), (199, 200)), Hour);
        Assert.Equal(1, merged.HypothesisEvents);
        Assert.Equal(1, merged.FalsePositives);

        var apart = EventScorer.Score(None, List((100, 110), (201, 202)), Hour);
        Assert.Equal(2, apart.FalsePositives);
    }

    [Fact]
    public void Overlapping_and_nested_events_merge_without_shrinking()
    {
        var merged = EventPreparation.Merge(List((500, 800), (0, 100), (10, 20)), 90);
        Assert.Equal(2, merged.Count);
        Assert.Equal((0.0, 100.0), (merged[0].Onset, merged[0].Offset));
        Assert.Equal((500.0, 800.0), (merged[1].Onset, merged[1].Offset));
    }

    [Fact]
    public void A_301_s_seizure_is_split_into_300_s_and_1_s_each_scored_on_its_own()
    {
        var pieces = EventPreparation.Split(List((1000, 1301)), 300);
        Assert.Equal(2, pieces.Count);
        Assert.Equal((1000.0, 1300.0), (pieces[0].Onset, pieces[0].Offset));
        Assert.Equal((1300.0, 1301.0), (pieces[1].Onset, pieces[1].Offset));
        Assert.EndsWith("(part 2 of 2)", pieces[1].Origin);

        // An early alarm detects the first piece only: the second's window starts at 1270 s.
        var score = EventScorer.Score(List((1000, 1301)), List((1000, 1010)), Hour);
        Assert.Equal(2, score.ReferenceEvents);
        Assert.Equal(1, score.TruePositives);
        Assert.Equal(0.5, score.Rates.Sensitivity);
        Assert.Equal(0, score.FalsePositives);
    }

    [Fact]
    public void A_900_s_seizure_is_three_events_of_300_s_and_exactly_300_s_stays_whole()
    {
        var pieces = EventPreparation.Split(List((600, 1500)), 300);
        Assert.Equal([(600.0, 900.0), (900.0, 1200.0), (1200.0, 1500.0)], pieces.Select(p => (p.Onset, p.Offset)));
        Assert.Single(EventPreparation.Split(List((600, 900)), 300));

        // An alarm over the whole seizure is split the same way: three detections, no false alarm.
        var score = EventScorer.Score(List((600, 1500)), List((600, 1500)), Hour);
        Assert.Equal(3, score.ReferenceEvents);
        Assert.Equal(3, score.HypothesisEvents);
        Assert.Equal(3, score.TruePositives);
        Assert.Equal(0, score.FalsePositives);
        Assert.Equal(1, score.Rates.F1);
    }

    [Fact]
    public void A_long_alarm_is_split_and_its_pieces_beyond_the_seizure_are_false_alarms()
    {
        // 700 s alarm: pieces 1000-1300 (overlaps the seizure's window 970-1100), 1300-1600 and 1600-1700 (do not).
        var score = EventScorer.Score(List((1000, 1040)), List((1000, 1700)), Hour);
        Assert.Equal(3, score.HypothesisEvents);
        Assert.Equal(1, score.TruePositives);
        Assert.Equal(2, score.FalsePositives);
        Assert.Equal([false, true, true], score.Alarms.Select(a => a.FalseAlarm));
    }

    [Fact]
    public void Merging_comes_before_splitting()
    {
        // 200 s + 200 s, 50 s apart: merged into one 450 s event, then split into 300 s + 150 s.
        var score = EventScorer.Score(List((1000, 1200), (1250, 1450)), None, Hour);
        Assert.Equal([(1000.0, 1300.0), (1300.0, 1450.0)], score.Seizures.Select(s => (s.Onset, s.Offset)));
    }
}
