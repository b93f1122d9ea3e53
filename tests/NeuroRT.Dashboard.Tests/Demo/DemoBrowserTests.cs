using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NeuroRT.Cli.Commands;
using NeuroRT.Dashboard.Tests.Browser;
using NeuroRT.Formats.Edf;
using NeuroRT.Host.Files;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Dashboard.Tests.Demo;

/// <summary><c>neurort demo</c> as a user starts it: its dashboard (on by default) opened in headless chromium.</summary>
public sealed class DemoBrowserTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_dashboard_of_a_running_demo_shows_the_recording_channels_the_decoder_classes_latency_and_the_lsl_stream()
    {
        // What the demo runs, from the files it ships with: the recording's labels and the classifier's classes.
        string[] labels;
        using (var edf = EdfFile.Open(DemoCommand.RecordingPath))
            labels = edf.Signals.Where(s => !s.IsAnnotation).Select(s => s.Label).ToArray();
        var document = PipelineFileReader.Read(DemoCommand.PipelinePath);
        var classifier = document.Stages.Single(s => s.TypeName == "linear-classifier");
        string[] classes = ((YamlSequenceNode)classifier.Parameters.Single(p => p.Key.Value == "classes").Value).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();

        // The demo speaks LSL on the configuration liblsl would find: LSLAPICFG points it at this test's own.
        using var lsl = new IsolatedLsl();
        using var demo = new DashboardProcess(lsl.Environment, "demo", "--quiet");
        string url = demo.WaitForUrl(TimeSpan.FromSeconds(30));
        Assert.StartsWith("http://127.0.0.1:", url);
        Assert.Matches(@"\?token=[A-Za-z0-9_-]{43}$", url);
        var served = Regex.Match(demo.Stderr, @"demo: serving .* as LSL stream (\S+) \(uid \S+, port (\d+)\)");
        Assert.True(served.Success, $"no 'demo: serving' line: {demo.Stderr}");
        Assert.Equal(DemoCommand.StreamName, served.Groups[1].Value);
        int port = int.Parse(served.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(port, lsl.BasePort, lsl.BasePort + 31); // the outlet took the isolated network's ports

        // Without the token the demo's dashboard refuses the page and the stream.
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) })
        {
            string address = url[..url.IndexOf("/?token=", StringComparison.Ordinal)];
            using var page = await http.GetAsync(address + "/");
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
            using var stream = await http.GetAsync(address + "/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        }

        using var browser = Chromium.Open(url, 1400, 1700, TimeSpan.FromSeconds(30));
        const string panels = "raw,spectrum,scores,latency,counters";
        const string state = "JSON.stringify(Object.fromEntries([...document.querySelectorAll('section.panel')].map(p => [p.id, {...p.dataset}])))";
        JsonNode? seen = null;
        // The demo replays its 125 s recording at 4 x real time: about 30 s of data to see.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonNode.Parse((string)browser.Evaluate(state)!);
            // 40 decoder frames (10 s of recording at one per 250 ms), and the inlet's clock offset measured.
            if (panels.Split(',').All(p => (string?)seen![p]?["state"] == "live") && double.Parse((string)seen!["scores"]!["frames"]!, CultureInfo.InvariantCulture) >= 40
                && !Counters(browser).Contains("not measured yet", StringComparison.Ordinal)) break;
            await Task.Delay(250);
        }

        string screenshot = Path.Combine(Repository.Artifacts, "dashboard-demo.png");
        File.WriteAllBytes(screenshot, browser.Screenshot());
        log.WriteLine($"screenshot: {screenshot}");
        log.WriteLine(seen?.ToJsonString());
        Assert.NotNull(seen);
        foreach (string panel in panels.Split(','))
            Assert.True((string?)seen![panel]?["state"] == "live", $"panel {panel} did not draw data: {seen.ToJsonString()}\nneurort demo ({demo.State}): {demo.Stderr}");

        // The names the demo's pipeline gives: the recording's channels as they came over LSL, the classifier's classes.
        Assert.Equal(labels, ((string)seen!["raw"]!["channels"]!).Split(','));
        Assert.Equal("source", (string)seen["raw"]!["node"]!);
        Assert.True(long.Parse((string)seen["raw"]!["points"]!, CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("C3", (string)seen["spectrum"]!["channel"]!);
        Assert.Equal(string.Join(',', classes), (string)seen["scores"]!["classes"]!);
        Assert.Contains((string)seen["scores"]!["last"]!, classes);
        Assert.Equal(string.Join(',', classes), (string)browser.Evaluate("[...document.querySelectorAll('#scores .legend .class')].map(s => s.dataset.class).join(',')")!);
        Assert.Equal("console", (string)seen["latency"]!["port"]!);
        Assert.True(double.Parse((string)seen["latency"]!["p99"]!, CultureInfo.InvariantCulture) > 0);
        Assert.True(long.Parse((string)seen["counters"]!["samplesIn"]!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(document.Name, (string)browser.Evaluate("document.getElementById('pipeline').textContent")!);
        // The counters name the LSL stream the pipeline receives and its measured clock offset.
        string counters = Counters(browser);
        Assert.Contains($"lsl {DemoCommand.StreamName}: clock offset", counters);
        Assert.DoesNotContain("not measured yet", counters);
        // The demo has no filter before its window, no snn stage and no alarm: those panels say so.
        Assert.Equal("absent", (string)seen["filtered"]!["state"]!);
        Assert.Equal("absent", (string)seen["snn"]!["state"]!);
        Assert.Equal("absent", (string)seen["alarms"]!["state"]!);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
    }

    private static string Counters(Chromium browser) => (string)browser.Evaluate("document.querySelector('#counters table').innerText")!;
}
