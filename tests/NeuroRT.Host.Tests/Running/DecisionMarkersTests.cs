namespace NeuroRT.Host.Tests.Running;

/// <summary>
/// "No decision" on the wire: a pipeline ending in <c>decide</c> serves its decisions through an <c>lsl-outlet</c> in
/// markers mode, and an LSL inlet in the test receives the classes and <c>none</c> as strings.
/// </summary>
public sealed class DecisionMarkersTests
{
    [Fact]
    public void An_lsl_marker_stream_of_decisions_carries_none_when_no_class_is_confident()
    {
        using var rig = new LslMarkerRig(57000, "amp-decisions",
            "type: window, length: 100ms, step: 100ms", "type: log-variance",
            "type: linear-classifier, classes: [left, right], weights: [[1, 0], [0, 1]], softmax: true",
            "type: decide, threshold: 0.7");
        // 1 s of C3 varying (left, p ~ 1), 1 s of both varying alike (p = 0.5 each: none), 1 s of C4 varying (right).
        rig.Push(300, (i, k) => k == 0 ? i < 200 : i >= 100);
        var decisions = rig.Receive(30);
        Assert.Equal(30, decisions.Count);
        Assert.All(decisions.Take(10), d => Assert.Equal("left", d.Class));
        Assert.All(decisions.Skip(10).Take(10), d => Assert.Equal("none", d.Class));
        Assert.All(decisions.Skip(20), d => Assert.Equal("right", d.Class));
    }
}
