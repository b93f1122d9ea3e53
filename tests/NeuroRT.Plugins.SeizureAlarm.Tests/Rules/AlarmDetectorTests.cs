using NeuroRT.Plugins.SeizureAlarm.Rules;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Rules;

public sealed class AlarmDetectorTests
{
    private static AlarmDetector Detector(double threshold = 0.5, double release = 0.3, double confirm = 2, double refractory = 10) =>
        new(new AlarmRules(threshold, release, confirm, refractory));

    /// <summary>Feeds (t, v) pairs and returns the steps that are not None.</summary>
    private static List<(double T, DetectorStep Step)> Run(AlarmDetector d, params (double T, float V)[] sequence)
    {
        var steps = new List<(double, DetectorStep)>();
        foreach (var (t, v) in sequence)
        {
            var step = d.Step(t, v);
            if (step != DetectorStep.None) steps.Add((t, step));
        }

        return steps;
    }

    [Fact]
    public void An_alarm_is_raised_at_the_first_timestamp_confirm_seconds_after_onset()
    {
        var d = Detector();
        var steps = Run(d, (0, 0.1f), (0.5, 0.6f), (1.0, 0.7f), (2.0, 0.95f), (2.25, 0.8f), (2.5, 0.6f), (3, 0.7f));
        Assert.Equal([(0.5, DetectorStep.Armed), (2.5, DetectorStep.Raised)], steps);
        Assert.Equal(0.5, d.Onset);
        Assert.Equal(2.5, d.Confirmed);
        Assert.Equal(0.95f, d.Peak); // the peak so far at confirmation
        Assert.Equal(DetectorState.Raised, d.State);
    }

    [Fact]
    public void Confirmation_is_inclusive_and_confirm_zero_raises_on_the_onset_value()
    {
        var exact = Detector(confirm: 2);
        Assert.Equal([(1.0, DetectorStep.Armed), (3.0, DetectorStep.Raised)], Run(exact, (1, 0.6f), (2.75, 0.6f), (3, 0.6f)));

        var immediate = Detector(confirm: 0);
        Assert.Equal([(1.0, DetectorStep.Raised)], Run(immediate, (0, 0.2f), (1, 0.5f)));
        Assert.Equal(1.0, immediate.Onset);
        Assert.Equal(1.0, immediate.Confirmed);
    }

    [Fact]
    public void The_threshold_arms_at_equality_and_release_clears_strictly_below()
    {
        var d = Detector(threshold: 0.5, release: 0.3, confirm: 1);
        // 0.3 is not below release: the detection stays armed in the hysteresis band.
        Assert.Equal([(0.0, DetectorStep.Armed), (1.0, DetectorStep.Raised), (3.0, DetectorStep.Ended)],
            Run(d, (0, 0.5f), (0.5, 0.3f), (1, 0.3f), (2, 0.4f), (3, 0.2999f)));
        Assert.Equal(3.0, d.Offset);
    }

    [Fact]
    public void A_dip_into_the_hysteresis_band_keeps_the_candidate_and_a_dip_below_release_discards_it()
    {
        var band = Detector(confirm: 2);
        Assert.Equal([(0.0, DetectorStep.Armed), (2.0, DetectorStep.Raised)], Run(band, (0, 0.9f), (1, 0.35f), (2, 0.9f)));
        Assert.Equal(0.0, band.Onset);

        var below = Detector(confirm: 2);
        // Re-arming after the dip starts a new onset: confirmation counts from 1.5, not from 0.
        Assert.Equal([(0.0, DetectorStep.Armed), (1.0, DetectorStep.Discarded), (1.5, DetectorStep.Armed), (3.5, DetectorStep.Raised)],
            Run(below, (0, 0.9f), (1, 0.29f), (1.5, 0.9f), (2, 0.9f), (3, 0.9f), (3.5, 0.9f)));
        Assert.Equal(1.5, below.Onset);
    }

    [Fact]
    public void A_value_between_release_and_threshold_does_not_arm()
    {
        var d = Detector();
        Assert.Empty(Run(d, (0, 0.49f), (5, 0.4f), (10, 0.31f)));
        Assert.Equal(DetectorState.Idle, d.State);
    }

    [Fact]
    public void The_offset_is_the_first_timestamp_below_release_and_the_peak_covers_the_whole_event()
    {
        var d = Detector(confirm: 1);
        var steps = Run(d, (0, 0.6f), (1, 0.7f), (2, 0.99f), (3, 0.4f), (4, 0.1f), (5, 0.05f));
        Assert.Equal([(0.0, DetectorStep.Armed), (1.0, DetectorStep.Raised), (4.0, DetectorStep.Ended)], steps);
        Assert.Equal(0.99f, d.Peak);
        Assert.Equal(4.0, d.Offset);
        Assert.Equal(14.0, d.RefractoryUntil);
        Assert.Equal(DetectorState.Idle, d.State);
    }

    [Fact]
    public void The_refractory_period_counts_from_the_offset_and_ends_inclusively()
    {
        var d = Detector(confirm: 0, refractory: 10);
        Run(d, (0, 0.9f), (5, 0.9f), (6, 0.1f)); // offset at 6: onsets accepted from 16
        Assert.Equal(16.0, d.RefractoryUntil);
        var steps = Run(d, (7, 0.9f), (15.75, 0.9f), (16, 0.9f));
        Assert.Equal([(7.0, DetectorStep.Suppressed), (15.75, DetectorStep.Suppressed), (16.0, DetectorStep.Raised)], steps);
        Assert.Equal(16.0, d.Onset); // a detection continuing through the end of the period has its onset at the end
    }

    [Fact]
    public void Missing_values_discard_a_candidate_but_neither_end_nor_extend_a_raised_alarm()
    {
        var candidate = Detector(confirm: 2);
        Assert.Equal([(0.0, DetectorStep.Armed), (1.0, DetectorStep.Missing), (1.5, DetectorStep.Armed), (3.5, DetectorStep.Raised)],
            Run(candidate, (0, 0.9f), (1, float.NaN), (1.5, 0.9f), (2.5, 0.9f), (3.5, 0.9f)));

        var raised = Detector(confirm: 0);
        Assert.Equal([(0.0, DetectorStep.Raised), (1.0, DetectorStep.Missing), (2.0, DetectorStep.Missing), (3.0, DetectorStep.Ended)],
            Run(raised, (0, 0.9f), (1, float.NaN), (2, float.PositiveInfinity), (3, 0.1f)));
        Assert.Equal(0.9f, raised.Peak); // infinity is missing, not a peak
    }

    [Fact]
    public void Timestamps_going_back_or_not_finite_are_rejected_and_change_nothing()
    {
        var d = Detector(confirm: 2);
        Assert.Equal([(0.0, DetectorStep.Armed), (-1.0, DetectorStep.RejectedTimestamp), (double.NaN, DetectorStep.RejectedTimestamp), (double.PositiveInfinity, DetectorStep.RejectedTimestamp), (2.0, DetectorStep.Raised)],
            Run(d, (0, 0.9f), (1, 0.9f), (-1, 0.1f), (double.NaN, 0.1f), (double.PositiveInfinity, 0.9f), (1, 0.9f), (2, 0.9f)));
        // Equal timestamps are accepted (1 twice above).
        Assert.Equal(0.0, d.Onset);
        Assert.Equal(2.0, d.Confirmed);
    }

    [Fact]
    public void The_same_sequence_gives_the_same_steps()
    {
        var values = new (double, float)[400];
        var random = new Random(7);
        for (int i = 0; i < values.Length; i++) values[i] = (i * 0.25, (float)random.NextDouble());
        Assert.Equal(Run(Detector(confirm: 0.5, refractory: 3), values), Run(Detector(confirm: 0.5, refractory: 3), values));
    }

    [Theory]
    [InlineData(0.5, 0.6, 1, 1, "release")]
    [InlineData(double.NaN, 0.3, 1, 1, "threshold")]
    [InlineData(0.5, 0.3, -1, 1, "confirm")]
    [InlineData(0.5, 0.3, 1, double.PositiveInfinity, "refractory")]
    public void Invalid_rules_name_their_parameter(double threshold, double release, double confirm, double refractory, string key)
    {
        Assert.Equal(key, new AlarmRules(threshold, release, confirm, refractory).Problem()?.Key);
    }
}
