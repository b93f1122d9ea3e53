using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Tests.Pipelines;

public class PipelineGraphTests
{
    private static readonly StreamFormat Format = new("test", [new ChannelInfo("a"), new ChannelInfo("b")], 100);

    [Fact]
    public void A_chain_is_configured_in_order_and_runs_in_topological_order()
    {
        var g = new PipelineGraph();
        g.AddStage("b", new PassThrough(), "a");
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        g.AddOutput("out", new CollectingOutput(), "b");
        using var p = g.Build(Format, new PipelineSettings());
        Assert.Equal(["a", "b"], p.Nodes.Select(n => n.Name));
        Assert.Equal(1, p.Ports[0].NodeIndex); // 'b' runs second
    }

    [Fact]
    public void An_unknown_input_names_the_valid_ones()
    {
        var g = new PipelineGraph();
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        g.AddStage("b", new PassThrough(), "nope");
        var e = Assert.Throws<PipelineBuildException>(() => g.Build(Format, new PipelineSettings()));
        Assert.Equal("b", e.Component);
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("source, a", e.Message);
    }

    [Fact]
    public void A_cycle_is_refused()
    {
        var g = new PipelineGraph();
        g.AddStage("a", new PassThrough(), "b");
        g.AddStage("b", new PassThrough(), "a");
        var e = Assert.Throws<PipelineBuildException>(() => g.Build(Format, new PipelineSettings()));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var g = new PipelineGraph();
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        var e = Assert.Throws<PipelineBuildException>(() => g.Build(Format, new PipelineSettings()));
        Assert.Equal("name", e.Parameter);
    }

    [Fact]
    public void A_stage_rejecting_its_parameters_is_reported_with_the_parameter()
    {
        var g = new PipelineGraph();
        g.AddStage("gainer", new RejectingStage(), PipelineGraph.SourceName);
        var e = Assert.Throws<PipelineBuildException>(() => g.Build(Format, new PipelineSettings()));
        Assert.Equal("gainer", e.Component);
        Assert.Equal("gain", e.Parameter);
    }

    [Fact]
    public void An_output_from_an_unknown_node_is_refused()
    {
        var g = new PipelineGraph();
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        g.AddOutput("out", new CollectingOutput(), "z");
        var e = Assert.Throws<PipelineBuildException>(() => g.Build(Format, new PipelineSettings()));
        Assert.Equal("from", e.Parameter);
    }

    [Fact]
    public void A_node_may_feed_several_branches()
    {
        var g = new PipelineGraph();
        g.AddStage("a", new PassThrough(), PipelineGraph.SourceName);
        g.AddStage("left", new PassThrough(), "a");
        g.AddStage("right", new PassThrough(), "a");
        using var p = g.Build(Format, new PipelineSettings());
        Assert.Equal(3, p.Nodes.Count);
        Assert.Equal("a", p.Nodes[0].Name);
    }
}
