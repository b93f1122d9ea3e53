using NeuroRT.Scoring.Scoring;
using static NeuroRT.Scoring.Tests.Support.Ev;

namespace NeuroRT.Scoring.Tests.Scoring;

/// <summary>The worked example of docs/scoring.md, number for number.</summary>
public sealed class WorkedExampleTests
{
    private static readonly NeuroRT.Scoring.Events.SeizureEvent[] Seizures = List((1000, 1040), (1100, 1150), (3000, 3400), (6000, 6030));
    private static readonly NeuroRT.Scoring.Events.SeizureEvent[] Alarms = List((985, 1010), (3380, 3390), (5000, 5020), (5050, 5055), (6080, 6090));

    [Fact]
    public void Event_based()
    {
        var e = EventScorer.Score(Seizures, Alarms, 7200);
        Assert.Equal([(1000.0, 1150.0), (3000.0, 3300.0), (3300.0, 3400.0), (6000.0, 6030.0)], e.Seizures.Select(s => (s.Onset, s.Offset)));
        Assert.Equal([-15.0, (double?)null, 80.0, 80.0], e.Seizures.Select(s => s.Delay));
        Assert.Equal([(985.0, 1010.0, false), (3380.0, 3390.0, false), (5000.0, 5055.0, true), (6080.0, 6090.0, false)], e.Alarms.Select(a => (a.Onset, a.Offset, a.FalseAlarm)));
        Assert.Equal((4, 3, 1, 1), (e.ReferenceEvents, e.TruePositives, e.FalseNegatives, e.FalsePositives));
        Assert.Equal((0.75, 0.75, 0.75), (e.Rates.Sensitivity, e.Rates.Precision, e.Rates.F1));
        Assert.Equal(12, e.Rates.FalsePositivesPer24h, 9);
        Assert.Equal(80, e.MedianDelay);
    }

    [Fact]
    public void Sample_based()
    {
        var s = SampleScorer.Score(Seizures, Alarms, 7200);
        Assert.Equal((7200L, 520L, 20L, 50L), (s.Samples, s.ReferenceSamples, s.TruePositives, s.FalsePositives));
        Assert.Equal(20.0 / 520, s.Rates.Sensitivity, 12);
        Assert.Equal(20.0 / 70, s.Rates.Precision, 12);
        Assert.Equal(40.0 / 590, s.Rates.F1, 12);
        Assert.Equal(600, s.Rates.FalsePositivesPer24h, 9);
    }
}
