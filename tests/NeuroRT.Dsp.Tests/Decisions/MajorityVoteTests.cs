using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Decisions;
using static NeuroRT.Dsp.Tests.Decisions.DecisionData;

namespace NeuroRT.Dsp.Tests.Decisions;

public class MajorityVoteTests
{
    private static readonly StreamFormat Abc = Probabilities("a", "b", "c");
    private static readonly float[] A = [0.6f, 0.3f, 0.1f];
    private static readonly float[] B = [0.2f, 0.7f, 0.1f];
    private static readonly float[] C = [0.1f, 0.3f, 0.6f];

    [Fact]
    public void The_class_most_voted_for_in_the_last_n_decisions_wins()
    {
        var labels = Labels(new MajorityVote { Decisions = 3 }, Abc, Frames(A, A, B, B, B, A, C, C));
        Assert.Equal(["a", "a", "a", "b", "b", "b", "b", "c"], labels);
    }

    [Fact]
    public void A_tie_keeps_the_previous_winner()
    {
        // Window of 2: after a, b the votes are tied 1-1, so a stays; then b, b.
        var labels = Labels(new MajorityVote { Decisions = 2 }, Abc, Frames(A, B, B, A, B));
        Assert.Equal(["a", "a", "b", "b", "b"], labels);
    }

    [Fact]
    public void A_tie_without_the_previous_winner_goes_to_the_class_voted_for_most_recently()
    {
        // Window of 5: a a c c b -> a 2, c 2, b 1: a stays (tied); then b: the oldest a leaves, so c 2, b 2, a 1:
        // a is out of the tie, and b was voted for last.
        var vote = new MajorityVote { Decisions = 5 };
        var labels = Labels(vote, Abc, Frames(A, A, C, C, B, B));
        Assert.Equal(["a", "a", "a", "a", "a", "b"], labels);
        // The same with c last in time: a a b b c c -> c.
        Assert.Equal("c", Labels(new MajorityVote { Decisions = 5 }, Abc, Frames(A, A, B, B, C, C))[^1]);
    }

    [Fact]
    public void The_vote_is_the_first_of_equal_values_as_outputs_label_a_frame()
    {
        float[] tie = [0.4f, 0.4f, 0.2f];
        Assert.Equal(["a"], Labels(new MajorityVote { Decisions = 3 }, Abc, Frames(tie)));
    }

    [Fact]
    public void The_winner_is_a_one_hot_frame()
    {
        var y = Run(new MajorityVote { Decisions = 3 }, Abc, Frames(A, B, B));
        Assert.Equal(new[] { 1f, 0f, 0f }, y[0]);
        Assert.Equal(new[] { 0f, 1f, 0f }, y[2]);
    }

    [Fact]
    public void Shares_are_each_class_s_fraction_of_the_window()
    {
        var y = Run(new MajorityVote { Decisions = 4, Output = VoteOutput.Shares }, Abc, Frames(A, A, B, A, C));
        Assert.Equal(new[] { 1f, 0f, 0f }, y[0]);
        Assert.Equal(new[] { 2f / 3, 1f / 3, 0f }, y[2]);
        Assert.Equal(new[] { 0.75f, 0.25f, 0f }, y[3]);
        Assert.Equal(new[] { 0.5f, 0.25f, 0.25f }, y[4]);
    }

    [Fact]
    public void A_frame_of_nans_casts_no_vote_but_takes_its_place_in_the_window()
    {
        float[] nan = [float.NaN, float.NaN, float.NaN];
        var shares = Run(new MajorityVote { Decisions = 2, Output = VoteOutput.Shares }, Abc, Frames(B, nan, nan, A));
        Assert.Equal(new[] { 0f, 0.5f, 0f }, shares[1]);
        Assert.Equal(new[] { 0f, 0f, 0f }, shares[2]);
        // The winner: b holds through a window without votes.
        Assert.Equal(["b", "b", "b", "a"], Labels(new MajorityVote { Decisions = 2 }, Abc, Frames(B, nan, nan, A)));
    }

    [Fact]
    public void No_decision_from_decide_is_a_candidate_like_any_class()
    {
        var decisions = Probabilities("left", "right", "none");
        float[] left = [1, 0, 0], none = [0, 0, 1];
        Assert.Equal(["left", "left", "none"], Labels(new MajorityVote { Decisions = 3 }, decisions, Frames(left, none, none)));
    }

    [Fact]
    public void Output_channels_are_the_input_classes_as_probabilities()
    {
        var output = new MajorityVote { Decisions = 3 }.Configure(new StageInput(Scores("a", "b"), 4));
        Assert.Equal(["a", "b"], output.Format.Channels.Select(c => c.Name));
        Assert.All(output.Format.Channels, c => Assert.Equal((ChannelTypes.ClassScore, "probability"), (c.Type, c.Unit)));
    }

    [Fact]
    public void Output_does_not_depend_on_how_frames_are_cut_into_blocks()
    {
        var input = RandomProbabilities(300, 3);
        AssertBatchingDoesNotMatter(() => new MajorityVote { Decisions = 6 }, Abc, input);
        AssertBatchingDoesNotMatter(() => new MajorityVote { Decisions = 5, Output = VoteOutput.Shares }, Abc, input);
    }

    [Fact]
    public void Voting_allocates_nothing()
    {
        Assert.Equal(0, Allocated(new MajorityVote { Decisions = 7 }, Abc, RandomProbabilities(64, 3)));
        Assert.Equal(0, Allocated(new MajorityVote { Decisions = 7, Output = VoteOutput.Shares }, Abc, RandomProbabilities(64, 3)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Fewer_than_one_decision_is_refused(int n)
    {
        var e = Assert.Throws<StageConfigurationException>(() => new MajorityVote { Decisions = n }.Configure(new StageInput(Abc, 4)));
        Assert.Equal("decisions", e.Parameter);
        Assert.Contains("at least 1", e.Message);
    }

    [Fact]
    public void Inputs_that_are_not_class_scores_are_refused()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new MajorityVote { Decisions = 3 }.Configure(new StageInput(Regression("vx"), 4)));
        Assert.Contains("needs class scores", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new MajorityVote { Decisions = 3 }.Configure(new StageInput(Windows("a", "b"), 4)));
        Assert.Contains("windows of 500 samples", e.Message);
    }
}
