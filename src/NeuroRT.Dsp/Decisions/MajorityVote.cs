using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Decisions;

/// <summary>What the <c>vote</c> stage emits.</summary>
public enum VoteOutput
{
    /// <summary>The winner as a one-hot frame (a decision).</summary>
    Winner,
    /// <summary>Each class's share of the votes in the window (fraction of the last N frames), e.g. for <c>decide</c>
    /// to require that 70 % of them agree.</summary>
    Shares,
}

/// <summary>
/// Majority vote over the arg-max of the last <see cref="Decisions"/> frames (while fewer have arrived, over those so
/// far). Every channel is a candidate, the input's "no decision" channel included, so a vote over <c>decide</c>'s output
/// can come out as no decision. The arg-max is the outputs' (the first of equal values); a frame of NaNs casts no vote
/// but still takes its place in the window.
/// <para>
/// Ties: the previous winner stays while it is among the tied classes (so the output never flickers on a tie);
/// otherwise, as at the start, the tied class voted for most recently wins. A window without a single vote keeps the
/// previous winner (none yet: an all-zero frame).
/// </para>
/// Lag: after the input switches from one class to another for good, the new class wins after floor(N / 2) + 1
/// decisions (N/2 + 1 for an even N, as an N/2 tie keeps the old one).
/// </summary>
[Component(ComponentKind.Stage, "vote", Summary = "majority vote over the last N decoder decisions")]
public sealed class MajorityVote : IStage
{
    private int[] _votes = [];
    private int[] _counts = [];
    private long[] _lastVote = [];
    private int _channels;
    private int _filled;
    private int _next;
    private int _winner;
    private long _sequence;

    /// <summary>Window of the vote, in decisions.</summary>
    [Parameter("decisions", Required = true, Help = "number of recent decisions voting, N >= 1 (e.g. 5)")]
    public int Decisions { get; set; }

    /// <summary>Winner (one-hot) or the vote shares.</summary>
    [Parameter("output", Help = "winner (one-hot frame of the winning class) or shares (each class's fraction of the last N votes) (default winner)")]
    public VoteOutput Output { get; set; } = VoteOutput.Winner;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        StreamFormat format = input.Format;
        DecisionFrames.RequireDecoderFrames(format, "vote", allowRegression: false);
        if (Decisions < 1) throw new StageConfigurationException("decisions", $"decisions must be at least 1, got {Decisions}");
        if (Decisions > 100_000) throw new StageConfigurationException("decisions", $"decisions of {Decisions} is too long a vote (at most 100,000)");
        if (!Enum.IsDefined(Output)) throw new StageConfigurationException("output", $"output must be winner or shares, got {Output}");
        _channels = format.ChannelCount;
        _votes = new int[Decisions];
        _counts = new int[_channels];
        _lastVote = new long[_channels];
        _filled = 0;
        _next = 0;
        _winner = -1;
        _sequence = 0;
        var channels = new ChannelInfo[_channels];
        for (int i = 0; i < channels.Length; i++) channels[i] = new ChannelInfo(format.Channels[i].Name, ChannelTypes.ClassScore, DecisionFrames.Probability);
        return new StageOutput(format with { Channels = channels }, input.MaxFramesPerBlock);
    }

    /// <summary>Index of the class currently winning, -1 before the first vote.</summary>
    public int Winner => _winner;

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int n = _votes.Length;
        Span<int> counts = _counts;
        for (int f = 0; f < input.Count; f++)
        {
            int vote = DecisionFrames.ArgMax(input.Frame(f));
            if (_filled == n)
            {
                int old = _votes[_next];
                if (old >= 0) counts[old]--;
            }
            else
            {
                _filled++;
            }
            _votes[_next] = vote;
            if (++_next == n) _next = 0;
            _sequence++;
            if (vote >= 0)
            {
                counts[vote]++;
                _lastVote[vote] = _sequence;
            }
            _winner = Elect(counts);

            Span<float> y = output.Frame(f);
            if (Output == VoteOutput.Shares)
            {
                float total = _filled;
                for (int k = 0; k < counts.Length; k++) y[k] = counts[k] / total;
            }
            else if (_winner >= 0)
            {
                DecisionFrames.OneHot(y, _winner);
            }
            else
            {
                y.Clear();
            }
        }
    }

    private int Elect(ReadOnlySpan<int> counts)
    {
        int most = 0;
        for (int k = 0; k < counts.Length; k++) most = Math.Max(most, counts[k]);
        if (most == 0) return _winner;
        if (_winner >= 0 && counts[_winner] == most) return _winner;
        int elected = -1;
        for (int k = 0; k < counts.Length; k++)
            if (counts[k] == most && (elected < 0 || _lastVote[k] > _lastVote[elected])) elected = k;
        return elected;
    }
}
