using System.Text.Json.Nodes;
using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Dashboard.Tests;

/// <summary>The dashboard's taps on real pipeline files: what they stream, and that the pipeline thread still allocates nothing.</summary>
public sealed class PipelineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void With_the_dashboard_and_a_browser_connected_the_pipeline_thread_allocates_nothing_after_warm_up()
    {
        using var dashboard = new LiveDashboard();
        using var loaded = PipelineLoader.Load(Repository.Pipeline("motor-imagery-demo.yaml"), new LoadOptions { Speed = 0, Dashboard = dashboard });
        Assert.Contains(loaded.Pipeline.Ports, p => p.Name == "dashboard:raw" && p.NodeName == "source");
        Assert.Contains(loaded.Pipeline.Ports, p => p.Name == "dashboard:node-linear-classifier");
        using var runner = loaded.CreateRunner();
        dashboard.Attach(runner, loaded.Source);
        dashboard.Start();
        using var browser = new EventStream(dashboard.Url.Replace("/?", "/stream?", StringComparison.Ordinal));
        var meta = browser.Meta(Limit);

        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        Assert.Equal((0, 0, 0), runner.CollectionsAfterWarmup);

        var taps = meta["taps"]!.AsArray();
        var raw = taps.Single(t => (string?)t!["id"] == "raw")!;
        Assert.Equal(64, raw["channels"]!.AsArray().Count);
        Assert.Contains("C3..", raw["channels"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(160.0, (double)raw["rate"]!);
        Assert.Equal(80.0, (double)raw["displayRate"]!); // 160 Hz averaged in pairs
        var scores = taps.Single(t => (string?)t!["kind"] == "scores")!;
        Assert.Equal(["left", "right"], scores["channels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain(taps, t => (string?)t!["kind"] == "filtered"); // no filter before the window in this file

        // Frames keep coming after the run (the dashboard's own thread): wait for counters showing the whole run.
        var deadline = DateTime.UtcNow + Limit;
        JsonNode? metrics = null;
        while (DateTime.UtcNow < deadline)
        {
            metrics = browser.Events.LastOrDefault(e => e.Name == "message" && e.Data["metrics"] is not null).Data?["metrics"];
            if (metrics is not null && (long)metrics["samplesIn"]! == runner.SamplesIn && browser.Points("raw") > 0) break;
            Thread.Sleep(100);
        }

        Assert.NotNull(metrics);
        Assert.Equal(runner.SamplesIn, (long)metrics!["samplesIn"]!);
        Assert.True(browser.Points("raw") > 0);
        Assert.True(browser.Points("node-linear-classifier") > 0);
        var console = metrics["ports"]!.AsArray().Single(p => (string?)p!["name"] == "console")!;
        Assert.True((long)console["count"]! > 0);
        Assert.Equal(51, console["q"]!.AsArray().Count);
        Assert.True((double)console["p999"]! >= (double)console["p50"]!);
    }

    [Fact]
    public void An_snn_stage_is_tapped_and_its_output_frames_stream_as_the_raster_with_a_note_saying_so()
    {
        using var dashboard = new LiveDashboard();
        using var loaded = PipelineLoader.Load(Repository.Pipeline("snn-neurocorex.yaml"), new LoadOptions { Speed = 0, Dashboard = dashboard });
        using var runner = loaded.CreateRunner();
        dashboard.Attach(runner, loaded.Source);
        dashboard.Start();
        using var browser = new EventStream(dashboard.Url.Replace("/?", "/stream?", StringComparison.Ordinal));
        var meta = browser.Meta(Limit);
        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);

        var snn = meta["taps"]!.AsArray().Single(t => (string?)t!["kind"] == "snn")!;
        Assert.Equal("snn", (string?)snn["node"]);
        Assert.Contains("not per-neuron spikes", (string?)meta["snnNote"]);
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline && browser.Points("node-snn") < 2) Thread.Sleep(100);
        Assert.True(browser.Points("node-snn") >= 2, "no snn frames reached the stream");
    }
}
