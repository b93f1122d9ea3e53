using System.Text;
using System.Text.Json.Nodes;
using NeuroRT.Testing;
using Xunit.Abstractions;

namespace NeuroRT.Dashboard.Tests.Browser;

/// <summary>The seizure pipeline's dashboard in headless chromium: the alarm timeline shows what the alarm log holds.</summary>
public sealed class SeizureBrowserTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-dashboard-seizure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_alarm_timeline_of_the_seizure_pipeline_lists_and_marks_every_alarm_of_its_alarm_log()
    {
        // The shipped pipeline, its relative paths made absolute: the generated stream with two seizures (the first at
        // 68 s), the repository's model, and an alarm log of its own in the test's folder.
        string shipped = File.ReadAllText(Repository.Pipeline("seizure-alarm.yaml"));
        string text = Replace(shipped, "path: ../bonn-streams/bonn-eval-1.edf", $"path: \"{BonnStreams.Edf("bonn-eval-1").Replace('\\', '/')}\"");
        text = Replace(text, "model: ../models/", $"model: {Path.Combine(Repository.Root, "models").Replace('\\', '/')}/");
        Assert.Contains("log: alarms.jsonl", text);
        string pipeline = Path.Combine(_folder, "seizure-alarm.yaml");
        File.WriteAllText(pipeline, text);
        string alarmLog = Path.Combine(_folder, "alarms.jsonl");

        // At 8 x real time the first alarm is confirmed about 10 s in and ends about 5 s later.
        using var run = new DashboardProcess("run", pipeline, "--speed", "8", "--quiet", "--dashboard");
        string url = run.WaitForUrl(TimeSpan.FromSeconds(30));
        using var browser = Chromium.Open(url, 1400, 1500, TimeSpan.FromSeconds(30));

        const string live = "raw,filtered,spectrum,latency,counters,alarms";
        const string state = "JSON.stringify(Object.fromEntries([...document.querySelectorAll('section.panel')].map(p => [p.id, {...p.dataset}])))";
        const string listed = "JSON.stringify([...document.querySelectorAll('#alarms .events li')].map(li => ({...li.dataset})))";
        JsonNode? seen = null;
        JsonArray page = [];
        List<LoggedAlarm> logged = [];
        var deadline = DateTime.UtcNow.AddSeconds(50);
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonNode.Parse((string)browser.Evaluate(state)!);
            page = JsonNode.Parse((string)browser.Evaluate(listed)!)!.AsArray();
            logged = ReadLog(alarmLog);
            // Done once an alarm has ended (both its lines are in the log) and the page shows exactly what the log holds.
            if (live.Split(',').All(p => (string?)seen![p]?["state"] == "live") && logged.Any(a => a.Offset is not null) && Same(page, logged)) break;
            Thread.Sleep(250);
        }

        string screenshot = Path.Combine(Repository.Artifacts, "dashboard-seizure.png");
        File.WriteAllBytes(screenshot, browser.Screenshot());
        log.WriteLine($"screenshot: {screenshot}");
        log.WriteLine(seen?.ToJsonString());
        log.WriteLine($"page: {page.ToJsonString()}");
        log.WriteLine($"log: {(File.Exists(alarmLog) ? File.ReadAllText(alarmLog) : "(none)")}");
        string context = $"\npage: {page.ToJsonString()}\nlog: {string.Join("; ", logged)}\nneurort ({run.State}): {run.Stderr}";
        Assert.NotNull(seen);
        foreach (string panel in live.Split(','))
            Assert.True((string?)seen![panel]?["state"] == "live", $"panel {panel} did not draw data: {seen.ToJsonString()}{context}");

        // The alarms: every one in the log, with its times as the log writes them, listed and drawn on the timeline.
        Assert.True(logged.Count >= 1 && logged.Any(a => a.Offset is not null), $"no alarm ended within the test's time{context}");
        Assert.True(Same(page, logged), $"the alarm timeline does not list what the alarm log holds{context}");
        Assert.Equal(logged.Count, int.Parse((string)seen!["alarms"]!["alarms"]!));
        string[] drawn = ((string)seen["alarms"]!["drawn"]!).Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(logged[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), drawn);
        Assert.Equal(Path.GetFullPath(alarmLog), (string)seen["alarms"]!["logs"]!);
        Assert.Contains("seizure", ((string)seen["alarms"]!["channels"]!).Split(','));

        // The other panels of this pipeline: one EDF channel, the notch before the window, the alarm output's latency.
        Assert.Equal("Bonn", (string)seen["raw"]!["channels"]!);
        Assert.Equal("Bonn", (string)seen["filtered"]!["channels"]!);
        Assert.Equal("notch", (string)seen["filtered"]!["node"]!);
        Assert.Equal("Bonn", (string)seen["spectrum"]!["channel"]!);
        Assert.Equal("alarm", (string)seen["latency"]!["port"]!);
        Assert.True(long.Parse((string)seen["counters"]!["samplesIn"]!) > 0);
        Assert.Equal("seizure-alarm", (string)browser.Evaluate("document.getElementById('pipeline').textContent")!);
        // No output reads class scores apart from the alarm, and no snn stage: those panels say so.
        Assert.Equal("absent", (string)seen["scores"]!["state"]!);
        Assert.Equal("absent", (string)seen["snn"]!["state"]!);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
    }

    private static string Replace(string text, string what, string with)
    {
        Assert.True(text.Contains(what, StringComparison.Ordinal), $"pipelines/seizure-alarm.yaml no longer holds '{what}': update this test's copy of it");
        return text.Replace(what, with, StringComparison.Ordinal);
    }

    private sealed record LoggedAlarm(long Seq, double Onset, double Confirmed, double? Offset);

    // The alarm log's complete lines (a line still being written has no newline yet), alarm and offset paired by seq.
    private static List<LoggedAlarm> ReadLog(string path)
    {
        var alarms = new List<LoggedAlarm>();
        if (!File.Exists(path)) return alarms;
        string text;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(file, Encoding.UTF8))
            text = reader.ReadToEnd();
        string[] lines = text.Split('\n');
        foreach (string line in lines[..^1])
        {
            var json = JsonNode.Parse(line)!;
            long seq = (long)json["seq"]!;
            switch ((string?)json["event"])
            {
                case "alarm":
                    alarms.Add(new LoggedAlarm(seq, (double)json["onset"]!, (double)json["confirmed"]!, null));
                    break;
                case "offset":
                    int i = alarms.FindIndex(a => a.Seq == seq);
                    Assert.True(i >= 0, $"{path}: offset of alarm {seq} without its alarm line");
                    alarms[i] = alarms[i] with { Offset = (double)json["offset"]! };
                    break;
            }
        }

        return alarms;
    }

    // The page's list items carry the numbers it was sent (JavaScript's shortest round-trip form), so equal means equal.
    private static bool Same(JsonArray page, List<LoggedAlarm> logged)
    {
        if (page.Count != logged.Count) return false;
        for (int i = 0; i < logged.Count; i++)
        {
            var item = page[i]!;
            var a = logged[i];
            if (long.Parse((string)item["seq"]!) != a.Seq) return false;
            if (double.Parse((string)item["onset"]!, System.Globalization.CultureInfo.InvariantCulture) != a.Onset) return false;
            if (double.Parse((string)item["confirmed"]!, System.Globalization.CultureInfo.InvariantCulture) != a.Confirmed) return false;
            double? offset = item["offset"] is { } o ? double.Parse((string)o!, System.Globalization.CultureInfo.InvariantCulture) : null;
            if (offset != a.Offset) return false;
        }

        return true;
    }
}
