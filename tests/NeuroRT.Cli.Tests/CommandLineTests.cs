using System.Diagnostics;

namespace NeuroRT.Cli.Tests;

public class CommandLineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    private string Write(string text)
    {
        string path = Path.Combine(_folder, "pipeline.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var r = NeurortProcess.Run(Limit, "--version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("0.1.0", r.Stdout.Trim());
    }

    [Fact]
    public void Validate_accepts_the_demo_pipeline_and_describes_it()
    {
        var r = NeurortProcess.Run(Limit, "validate", Path.Combine(AppContext.BaseDirectory, "pipelines", "motor-imagery-demo.yaml"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("valid", r.Stdout);
        Assert.Contains("S001R04: 64 ch @ 160 Hz, 125 s", r.Stdout);
        Assert.Contains("linear-classifier <- log-variance", r.Stdout);
    }

    [Fact]
    public void Validate_accepts_the_epochs_pipeline_and_lists_the_annotations_on_its_marker_channel()
    {
        var r = NeurortProcess.Run(Limit, "validate", Path.Combine(AppContext.BaseDirectory, "pipelines", "motor-imagery-epochs.yaml"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("S001R04: 65 ch @ 160 Hz, 125 s", r.Stdout);
        Assert.Contains("markers  events: 15 annotations carried: T1 = 1 (8), T2 = 2 (7); 15 not in marker-names, ignored", r.Stdout);
        Assert.Contains("epochs <- source: S001R04: 65 ch x 720 samples per frame", r.Stdout);
        Assert.DoesNotContain("warning", r.Stdout);
    }

    [Fact]
    public void Validate_reports_errors_with_file_line_and_column_and_exits_2()
    {
        string path = Write("source:\n  type: synthetic\n  rate: 10s\nstages:\n  - type: window\n");
        var r = NeurortProcess.Run(Limit, "validate", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:3:9: error: source 'synthetic', parameter 'rate': '10s' is a duration, but this parameter is a frequency", r.Stderr);
        Assert.Contains($"{path}:5:11: error: stage 'window' needs parameter 'length'", r.Stderr);
        Assert.Contains("2 errors", r.Stderr);
    }

    [Fact]
    public void Run_prints_each_command_with_its_latency_and_a_summary()
    {
        string path = Write("""
            source: {type: synthetic, channels: 4, rate: 250Hz, duration: 20s, speed: 0}
            stages:
              - {type: window, length: 1s, step: 500ms}
              - {type: log-variance}
              - {type: linear-classifier, classes: [up, down], weights: [[1, 0, 0, -1], [-1, 0, 0, 1]]}
            outputs:
              - {type: console, format: json}
            runtime: {warmup-blocks: 20}
            """);
        var r = NeurortProcess.Run(Limit, "run", path, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.StdoutLines;
        Assert.Equal(39, lines.Length); // 5000 samples, windows of 250 every 125
        Assert.All(lines, l => Assert.Matches("^\\{\"seq\":\\d+,\"t\":[0-9.]+,\"sample\":\\d+,\"label\":\"(up|down)\",\"values\":\\{\"up\":[-0-9.E]+,\"down\":[-0-9.E]+\\},\"latency_ms\":[0-9.E-]+\\}$", l));
        Assert.Contains("completed", r.Stderr);
        Assert.Contains("steady state: pipeline thread allocated 0 B", r.Stderr);
    }

    [Fact]
    public void The_demo_runs_on_the_shipped_recording_over_lsl_as_fast_as_possible()
    {
        var r = NeurortProcess.Run(Limit, "demo", "--speed", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        // 125 s at 160 Hz = 20,000 samples; windows of 320 every 40: (20000 - 320) / 40 + 1 = 493 commands.
        var commands = r.StdoutLines.Where(l => l.StartsWith('#')).ToList();
        Assert.Equal(493, commands.Count);
        Assert.All(commands, c => Assert.Matches("^#\\d{4}  t=[0-9.]+s  (left|right)  \\(left 0\\.\\d{3}, right 0\\.\\d{3}\\)  latency [0-9.]+ (us|ms)$", c));
        Assert.Contains("motor-imagery-lsl", r.Stderr);
        Assert.Contains("serving S001R04.edf as LSL stream NeuroRT-demo", r.Stderr);
        Assert.Contains("20,000 samples", r.Stderr);
        Assert.Contains("samples lost 0 in 0 gaps", r.Stderr);
        Assert.Matches("lsl: stream NeuroRT-demo from .*, clock offset -?[0-9.]+ ms .*, recoveries 0, samples lost in gaps 0", r.Stderr);
    }

    [Fact]
    public void Online_equals_offline_the_demo_over_lsl_decides_exactly_as_the_file_run()
    {
        // The same stages on the file (offline) and on the file served through LSL (online): every decision and
        // probability is identical; only the timestamps (file time vs LSL clock) and latencies differ.
        var online = NeurortProcess.Run(Limit, "demo", "--speed", "0", "--quiet");
        var offline = NeurortProcess.Run(Limit, "run", Path.Combine(AppContext.BaseDirectory, "pipelines", "motor-imagery-demo.yaml"), "--speed", "0", "--quiet");
        Assert.True(online.ExitCode == 0, online.Stderr);
        Assert.True(offline.ExitCode == 0, offline.Stderr);
        static List<string> Decisions(IEnumerable<string> lines) =>
            lines.Where(l => l.StartsWith('#')).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "t=[0-9.]+s|latency .*", "")).ToList();
        var a = Decisions(offline.StdoutLines);
        Assert.Equal(493, a.Count);
        Assert.Equal(a, Decisions(online.StdoutLines));
    }

    [Fact]
    public void Components_lists_every_component_including_the_lsl_ones()
    {
        // Help texts hold brackets ("e.g. [left, right]"); printing them must not be read as console markup.
        var r = NeurortProcess.Run(Limit, "components");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (string type in new[] { "synthetic", "edf", "lsl", "pick", "window", "lsl-outlet", "jsonl" }) Assert.Contains(type, r.Stdout);
        Assert.Contains("marker-names", r.Stdout);
    }

    [Fact]
    public void An_invalid_pipeline_is_refused_by_run_without_starting()
    {
        string path = Write("source: {type: synthetic}\nstages:\n  - {type: pick, channels: [Cz]}\n");
        var r = NeurortProcess.Run(Limit, "run", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:3:28: error: stage 'pick', parameter 'channels': channel 'Cz' is not in the input", r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public async Task Ctrl_c_stops_a_live_run_cleanly_with_a_summary()
    {
        string path = Write("""
            source: {type: synthetic, channels: 8, rate: 500Hz, speed: 1}
            stages:
              - {type: window, length: 200ms, step: 100ms}
              - {type: log-variance}
            outputs:
              - {type: console}
            """);
        using var p = NeurortProcess.Start("run", path, "--quiet");
        var stdout = p.StandardOutput.ReadToEndAsync();
        // The banner's last line is printed once the Ctrl-C handler is in place.
        var banner = new System.Text.StringBuilder();
        var deadline = DateTime.UtcNow + Limit;
        string? line;
        while ((line = p.StandardError.ReadLine()) is not null && DateTime.UtcNow < deadline)
        {
            banner.AppendLine(line);
            if (line.Contains("Ctrl-C stops cleanly")) break;
        }
        Assert.True(line is not null, "neurort ended before running: " + banner);
        var stderr = p.StandardError.ReadToEndAsync();
        Thread.Sleep(1500);
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
        Assert.True(p.WaitForExit(30_000), "neurort did not stop after SIGINT");
        string summary = await stderr;
        Assert.True(p.ExitCode == 0, summary);
        Assert.Contains("stopped", summary);
        Assert.Contains("outputs", summary);
        Assert.NotEmpty(await stdout);
    }
}
