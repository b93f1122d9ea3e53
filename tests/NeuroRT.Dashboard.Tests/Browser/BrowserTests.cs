using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace NeuroRT.Dashboard.Tests.Browser;

/// <summary>The dashboard of a running pipeline, opened in headless chromium: every panel draws what the pipeline makes.</summary>
public sealed class BrowserTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_page_of_a_running_pipeline_shows_its_channels_filter_classes_latency_and_counters()
    {
        // The demo's decoder behind a band-pass, so the filtered panel has a stage to show.
        string recording = Path.Combine(Repository.Root, "samples", "S001R04.edf").Replace('\\', '/');
        string pipeline = Path.Combine(_folder, "dashboard-demo.yaml");
        File.WriteAllText(pipeline, $$"""
            name: dashboard-demo
            source: {type: edf, path: "{{recording}}", speed: 1}
            stages:
              - {type: pick, channels: [C3, C4]}
              - {type: bandpass, low: 8Hz, high: 30Hz, order: 4}
              - {type: window, length: 2s, step: 250ms}
              - {type: log-variance}
              - {type: linear-classifier, classes: [left, right], weights: [[1, -1], [-1, 1]], softmax: true}
            outputs:
              - {type: console}
            """);

        using var run = new DashboardProcess("run", pipeline, "--speed", "4", "--quiet", "--dashboard");
        string url = run.WaitForUrl(TimeSpan.FromSeconds(30));
        Assert.StartsWith("http://127.0.0.1:", url);
        Assert.Matches(@"\?token=[A-Za-z0-9_-]{43}$", url);

        using var browser = Chromium.Open(url, 1400, 1700, TimeSpan.FromSeconds(30));
        const string panels = "raw,filtered,spectrum,scores,latency,counters";
        const string state = "JSON.stringify(Object.fromEntries([...document.querySelectorAll('section.panel')].map(p => [p.id, {...p.dataset}])))";
        JsonNode? seen = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonNode.Parse((string)browser.Evaluate(state)!);
            // 40 decoder frames (10 s of recording at one per 250 ms) fill the panels enough for a screenshot worth looking at.
            if (panels.Split(',').All(p => (string?)seen![p]?["state"] == "live") && double.Parse((string)seen!["scores"]!["frames"]!) >= 40) break;
            Thread.Sleep(250);
        }

        string screenshot = Path.Combine(Repository.Artifacts, "dashboard.png");
        File.WriteAllBytes(screenshot, browser.Screenshot());
        log.WriteLine($"screenshot: {screenshot}");
        log.WriteLine(seen?.ToJsonString());
        Assert.NotNull(seen);
        foreach (string panel in panels.Split(','))
            Assert.True((string?)seen![panel]?["state"] == "live", $"panel {panel} did not draw data: {seen.ToJsonString()}\nneurort: {run.Stderr}");

        // The names the pipeline gives: the EDF's 64 labels, the picked and filtered pair, the classifier's classes.
        string[] raw = ((string)seen!["raw"]!["channels"]!).Split(',');
        Assert.Equal(64, raw.Length);
        Assert.Contains("C3..", raw);
        Assert.Equal("C3..,C4..", (string)seen["filtered"]!["channels"]!);
        Assert.Equal("bandpass", (string)seen["filtered"]!["node"]!);
        Assert.Equal("left,right", (string)seen["scores"]!["classes"]!);
        Assert.Contains((string)seen["scores"]!["last"]!, new[] { "left", "right" });
        Assert.Equal("C3..", (string)seen["spectrum"]!["channel"]!);
        Assert.Equal("console", (string)seen["latency"]!["port"]!);
        Assert.True(double.Parse((string)seen["latency"]!["p99"]!) > 0);
        Assert.True(long.Parse((string)seen["counters"]!["samplesIn"]!) > 0);
        Assert.True(long.Parse((string)seen["raw"]!["points"]!) > 0);
        // The DOM holds the class names (legend) and the pipeline's name.
        Assert.Equal("left,right", (string)browser.Evaluate("[...document.querySelectorAll('#scores .legend .class')].map(s => s.dataset.class).join(',')")!);
        Assert.Equal("dashboard-demo", (string)browser.Evaluate("document.getElementById('pipeline').textContent")!);
        // No snn stage, no alarm in this pipeline: the panels say so instead of drawing.
        Assert.Equal("absent", (string)seen["snn"]!["state"]!);
        Assert.Equal("absent", (string)seen["alarms"]!["state"]!);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
    }
    [Fact]
    public void The_page_of_an_snn_pipeline_shows_the_stage_output_as_a_raster_and_says_what_it_is()
    {
        // The shipped NeuroCoreX pipeline on its virtual device: one snn frame per trial, about one every 8 s of recording.
        using var run = new DashboardProcess("run", Repository.Pipeline("snn-neurocorex.yaml"), "--speed", "8", "--quiet", "--dashboard");
        string url = run.WaitForUrl(TimeSpan.FromSeconds(30));

        using var browser = Chromium.Open(url, 1400, 1700, TimeSpan.FromSeconds(30));
        // Before the page has loaded there is no panel yet: an empty state, not a script error.
        const string state = "JSON.stringify((p => p ? {...p.dataset} : {})(document.getElementById('snn')))";
        JsonNode? seen = null;
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonNode.Parse((string)browser.Evaluate(state)!);
            // Three trials: enough columns in the raster to see it is one per frame.
            if ((string?)seen!["state"] == "live" && double.Parse((string?)seen["frames"] ?? "0") >= 3) break;
            Thread.Sleep(250);
        }

        string screenshot = Path.Combine(Repository.Artifacts, "dashboard-snn.png");
        File.WriteAllBytes(screenshot, browser.Screenshot());
        log.WriteLine($"screenshot: {screenshot}");
        log.WriteLine(seen?.ToJsonString());
        Assert.True((string?)seen?["state"] == "live", $"the snn panel did not draw data: {seen?.ToJsonString()}\nneurort: {run.Stderr}");
        Assert.True(double.Parse((string)seen!["frames"]!) >= 1);
        string channels = (string)seen["channels"]!;
        Assert.Equal("left,right", channels); // the pipeline's readout groups
        // The neuron chooser offers exactly the stage's output channels, and the note says these are frames, not spikes.
        Assert.Equal(channels, (string)browser.Evaluate("[...document.querySelectorAll('#snn select option')].map(o => o.textContent).join(',')")!);
        Assert.Contains("not per-neuron spikes", (string)browser.Evaluate("document.querySelector('#snn .note').textContent")!);
        Assert.Equal("snn-neurocorex", (string)browser.Evaluate("document.getElementById('pipeline').textContent")!);
    }
}
