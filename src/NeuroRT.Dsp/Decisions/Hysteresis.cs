using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decisions;

/// <summary>How the <c>hysteresis</c> stage reads its input.</summary>
public enum HysteresisMode
{
    /// <summary>Classes when every channel is a class score, else values.</summary>
    Auto,
    /// <summary>One state among the classes plus "no decision".</summary>
    Classes,
    /// <summary>A Schmitt trigger per channel (regression values, independent detectors).</summary>
    Values,
}

/// <summary>
/// Decisions with two thresholds, so that a probability hovering near one threshold cannot make the output flicker.
/// <para>
/// <b>Classes</b> (class probabilities in, a decision out, see <see cref="DecisionFrames"/>): the state starts as no
/// decision. From no decision it goes to the most probable class whose probability exceeds <see cref="On"/>
/// (strictly). It stays in a class while that class's probability is not below <see cref="Off"/>, whatever the others
/// do; once below, it goes to the most probable other class exceeding <c>on</c>, or to no decision. The input's own
/// "no decision" channel (e.g. <c>decide</c>'s), if any, is not a class to switch to: no decision is where the state
/// falls back to.
/// </para>
/// <para>
/// <b>Values</b>: a Schmitt trigger per channel: the output goes to 1 when the value exceeds <c>on</c> and back to 0 when
/// it falls below <c>off</c> (starting at 0); <c>on</c> and <c>off</c> are in the values' own units.
/// </para>
/// <para>
/// <b>Dwell</b>: a switch happens only once the same new state has been called for by <see cref="Dwell"/> consecutive
/// frames and, with <see cref="DwellTime"/>, for at least that long by the frames' timestamps (the first calling frame's
/// time to the current one's). Either interruption restarts the count. This adds dwell - 1 decisions (or the dwell time)
/// of lag to every switch, leaving for no decision included. A NaN holds the state (it neither exceeds nor falls below).
/// Comparisons are in float32, the values' own precision.
/// </para>
/// </summary>
[Component(ComponentKind.Stage, "hysteresis", Summary = "switch on above 'on', off below 'off', optional dwell (classes, or a Schmitt trigger per value)")]
public sealed class Hysteresis : IStage
{
    private float _on;
    private float _off;
    private int _channels;
    private int _none;
    private bool _values;
    private int _state;
    private int _pending;
    private int _pendingCount;
    private double _pendingSince;
    // Values mode: per channel.
    private bool[] _high = [];
    private int[] _changeCount = [];
    private double[] _changeSince = [];

    /// <summary>Threshold to switch on.</summary>
    [Parameter("on", Required = true, Help = "switch to a class when its probability exceeds this, in (0, 1] (values mode: in the values' units), e.g. 0.7")]
    public double On { get; set; }

    /// <summary>Threshold to switch off.</summary>
    [Parameter("off", Required = true, Help = "leave a class when its probability falls below this, in [0, on] (values mode: any value <= on), e.g. 0.5")]
    public double Off { get; set; }

    /// <summary>Consecutive frames calling for a switch before it happens.</summary>
    [Parameter("dwell", Help = "consecutive decisions that must call for a switch before it happens, >= 1 (default 1: at once)")]
    public int Dwell { get; set; } = 1;

    /// <summary>Least time a switch must be called for, by the frames' timestamps.</summary>
    [Parameter("dwell-time", Quantity = Quantity.Time, Help = "least time a switch must be called for before it happens, e.g. 500ms (default 0)")]
    public double DwellTime { get; set; }

    /// <summary>Classes or values.</summary>
    [Parameter("mode", Help = "auto (classes when the input is class scores, else values), classes or values (Schmitt trigger per channel) (default auto)")]
    public HysteresisMode Mode { get; set; } = HysteresisMode.Auto;

    /// <summary>Name of the "no decision" channel (classes mode).</summary>
    [Parameter("none", Help = "name of the 'no decision' class, classes mode (default none)")]
    public string None { get; set; } = DecisionFrames.DefaultNone;

    /// <summary>Index of the current output state in classes mode (the "no decision" index when none).</summary>
    public int State => _state;

    /// <summary>Index of the "no decision" channel in the output, classes mode.</summary>
    public int NoneIndex => _none;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        bool classFrame = DecisionFrames.IsClassFrame(format);
        if (!Enum.IsDefined(Mode)) throw new StageConfigurationException("mode", $"mode must be auto, classes or values, got {Mode}");
        _values = Mode == HysteresisMode.Values || (Mode == HysteresisMode.Auto && !classFrame);
        DecisionFrames.RequireDecoderFrames(format, "hysteresis", allowRegression: _values);
        if (!double.IsFinite(On)) throw new StageConfigurationException("on", $"on must be a finite number, got {On}");
        if (!double.IsFinite(Off)) throw new StageConfigurationException("off", $"off must be a finite number, got {Off}");
        if (Off > On) throw new StageConfigurationException("off", $"off ({Off}) must not be above on ({On}): the state switches on above 'on' and off below 'off'");
        if (!_values)
        {
            if (!(On > 0 && On <= 1)) throw new StageConfigurationException("on", $"on must be a probability in (0, 1], got {On} (for regression values use mode: values)");
            if (!(Off >= 0)) throw new StageConfigurationException("off", $"off must be a probability in [0, on], got {Off}");
            DecisionFrames.RequireNoneName(None);
            DecisionFrames.RequireProbabilities(format, "hysteresis", "on");
        }
        if (Dwell < 1) throw new StageConfigurationException("dwell", $"dwell must be at least 1 decision (1 = switch at once), got {Dwell}");
        if (!(DwellTime >= 0) || double.IsInfinity(DwellTime)) throw new StageConfigurationException("dwell-time", $"dwell-time must be >= 0 s, got {DwellTime} s");
        _on = (float)On;
        _off = (float)Off;
        _channels = format.ChannelCount;
        _pendingCount = 0;
        _pending = -1;
        _pendingSince = 0;
        if (_values)
        {
            _high = new bool[_channels];
            _changeCount = new int[_channels];
            _changeSince = new double[_channels];
            var channels = new ChannelInfo[_channels];
            for (int i = 0; i < channels.Length; i++) channels[i] = format.Channels[i] with { Unit = "" };
            return new StageOutput(format with { Channels = channels }, input.MaxFramesPerBlock);
        }
        var decision = DecisionFrames.WithNone(format, None, out _none);
        _state = _none;
        return new StageOutput(format with { Channels = decision, Type = DecisionFrames.DecodedStreamType }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        ReadOnlySpan<double> times = input.Timestamps;
        for (int f = 0; f < input.Count; f++)
        {
            if (_values) Schmitt(input.Frame(f), output.Frame(f), times[f]);
            else Classes(input.Frame(f), output.Frame(f), times[f]);
        }
    }

    private void Classes(ReadOnlySpan<float> p, Span<float> y, double time)
    {
        int target = Target(p);
        if (target == _state)
        {
            _pendingCount = 0;
            _pending = -1;
        }
        else
        {
            if (target != _pending)
            {
                _pending = target;
                _pendingCount = 0;
                _pendingSince = time;
            }
            _pendingCount++;
            if (_pendingCount >= Dwell && time - _pendingSince >= DwellTime)
            {
                _state = target;
                _pending = -1;
                _pendingCount = 0;
            }
        }
        DecisionFrames.OneHot(y, _state);
    }

    // The state the rules call for on this frame, before dwell.
    private int Target(ReadOnlySpan<float> p)
    {
        if (_state != _none && !(p[_state] < _off)) return _state;
        int best = _none;
        for (int k = 0; k < p.Length; k++)
        {
            if (k == _none || k == _state) continue;
            float v = p[k];
            if (v > _on && (best == _none || v > p[best])) best = k;
        }
        return best;
    }

    private void Schmitt(ReadOnlySpan<float> x, Span<float> y, double time)
    {
        for (int k = 0; k < x.Length; k++)
        {
            bool high = _high[k];
            bool wants = high ? !(x[k] < _off) : x[k] > _on;
            if (wants == high)
            {
                _changeCount[k] = 0;
            }
            else
            {
                if (_changeCount[k] == 0) _changeSince[k] = time;
                if (++_changeCount[k] >= Dwell && time - _changeSince[k] >= DwellTime)
                {
                    _high[k] = wants;
                    _changeCount[k] = 0;
                }
            }
            y[k] = _high[k] ? 1f : 0f;
        }
    }
}
