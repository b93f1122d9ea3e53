using NeuroRT.Scoring.Scoring;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>
/// Any-overlap with 30 s tolerance before the onset and 60 s after the offset, decided on timescoring's 0.1 s grid:
/// a seizure 1000-1040 s is detected by an alarm that is on anywhere in [970 s, 1100 s).
/// </summary>
public sealed class ToleranceTests
{
    private const double Hour = 3600;
    private static readonly NeuroRT.Scoring.Events.SeizureEvent[] Seizure = List((1000, 1040));

    [Fact]
    public void An_alarm_29_9_s_before_onset_detects_and_30_1_s_before_does_not()
    {
        var inside = EventScorer.Score(Seizure, List((970.1, 970.1)), Hour);
        Assert.Equal(1, inside.TruePositives);
        Assert.Equal(0, inside.FalsePositives);
        Assert.Equal(-29.9, inside.Seizures[0].Delay!.Value, 9);

        var outside = EventScorer.Score(Seizure, List((969.9, 969.9)), Hour);
        Assert.Equal(0, outside.TruePositives);
        Assert.Equal(1, outside.FalsePositives);
        Assert.Null(outside.Seizures[0].Delay);
    }

    [Fact]
    public void An_alarm_ending_29_9_s_before_onset_detects_and_one_ending_30_1_s_before_does_not()
    {
        var inside = EventScorer.Score(Seizure, List((950, 970.1)), Hour);
        Assert.Equal(1, inside.TruePositives);
        Assert.Equal(0, inside.FalsePositives);
        Assert.Equal(-30, inside.Seizures[0].Delay); // the alarm is on from the window's start

        var outside = EventScorer.Score(Seizure, List((950, 969.9)), Hour);
        Assert.Equal(0, outside.TruePositives);
        Assert.Equal(1, outside.FalsePositives);
    }

    [Fact]
    public void An_alarm_59_9_s_after_offset_detects_and_60_1_s_after_does_not()
    {
        var inside = EventScorer.Score(Seizure, List((1099.9, 1105)), Hour);
        Assert.Equal(1, inside.TruePositives);
        Assert.Equal(0, inside.FalsePositives);
        Assert.Equal(99.9, inside.Seizures[0].Delay!.Value, 9);

        var outside = EventScorer.Score(Seizure, List((1100.1, 1105)), Hour);
        Assert.Equal(0, outside.TruePositives);
        Assert.Equal(1, outside.FalsePositives);
        Assert.Equal(0, outside.Rates.Sensitivity);
    }

    [Fact]
    public void An_alarm_starting_before_the_tolerance_and_reaching_into_it_detects_without_a_false_alarm()
    {
        // A hypothesis event is a false alarm only if none of it lies in a detected seizure's window.
        var score = EventScorer.Score(Seizure, List((900, 1010)), Hour);
        Assert.Equal(1, score.TruePositives);
        Assert.Equal(0, score.FalsePositives);
        Assert.Equal(-30, score.Seizures[0].Delay);
    }

    [Fact]
    public void Windows_are_cut_at_the_recording_edges()
    {
        // Seizure at 10 s: the window starts at 0, not -20; an alarm at 0 s is 10 s early.
        var early = EventScorer.Score(List((10, 20)), List((0, 1)), 100);
        Assert.Equal(1, early.TruePositives);
        Assert.Equal(-10, early.Seizures[0].Delay);

        // Seizure ending at 90 s in a 100 s recording: the window ends at 100 s.
        var late = EventScorer.Score(List((80, 90)), List((99.5, 100)), 100);
        Assert.Equal(1, late.TruePositives);
    }

    [Fact]
    public void Delay_is_from_the_first_alarm_inside_the_window_not_from_an_earlier_alarm_merged_with_it()
    {
        // 900-910 and 990-1010 are 80 s apart, so they are scored as one event from 900 s; the delay still counts
        // from the alarm that is inside the window (990 s).
        var score = EventScorer.Score(Seizure, List((900, 910), (990, 1010)), Hour);
        Assert.Equal(1, score.HypothesisEvents);
        Assert.Equal(0, score.FalsePositives);
        Assert.Equal(-10, score.Seizures[0].Delay);

        var late = EventScorer.Score(Seizure, List((1012.5, 1030)), Hour);
        Assert.Equal(12.5, late.Seizures[0].Delay);
        Assert.Equal(12.5, late.MedianDelay);
    }
}
