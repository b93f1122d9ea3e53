using System.Text.RegularExpressions;
using NeuroRT.Core.Metrics;
using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Seizure;

/// <summary>
/// Per-stream copies of the committed seizure pipelines (pipelines/seizure-alarm*.yaml, models/seizure-bonn/features.yaml),
/// as tools/seizure/instantiate.py makes them for the scripts: the source path and speed set, the model made absolute,
/// the alarm log and extra jsonl taps (latency: false) pointed into a temporary folder. Each edit must find its line,
/// so a change to the committed files that the tests would silently miss fails here instead.
/// </summary>
internal sealed class SeizurePipeline : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TestPipelines _files = new();

    public string Folder => _files.Folder;

    public string PathOf(string file) => Path.Combine(Folder, file).Replace("\\", "/");

    /// <summary>pipelines/<paramref name="pipeline"/> over <paramref name="edf"/>: alarm log <c>NAME-alarms.jsonl</c>,
    /// plus a jsonl log <c>NAME-NODE.jsonl</c> for each of <paramref name="taps"/>.</summary>
    public string Alarm(string name, string edf, double speed, string pipeline = "seizure-alarm.yaml", params string[] taps)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Pipelines, pipeline));
        text = Source(text, edf, speed);
        text = Once(text, @"model: \.\./models/", $"model: {RepositoryFiles.Root.Replace("\\", "/")}/models/");
        text = Once(text, @"(?m)^    log: alarms\S*\.jsonl.*$", $"    log: \"{PathOf(name + "-alarms.jsonl")}\"\n    console: false");
        foreach (string node in taps)
            text += $"  - {{type: jsonl, name: {node}-log, from: {node}, path: \"{PathOf($"{name}-{node}.jsonl")}\", latency: false}}\n";
        return _files.Write(text, name + ".yaml");
    }

    /// <summary>models/seizure-bonn/features.yaml (the training features) over <paramref name="edf"/>, log <c>NAME-features.jsonl</c>.</summary>
    public string TrainingFeatures(string name, string edf)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "models", "seizure-bonn", "features.yaml"));
        text = Source(text, edf, 0);
        text = Once(text, @"(?m)^    path: features\.jsonl.*$", $"    path: \"{PathOf(name + "-features.jsonl")}\"");
        return _files.Write(text, name + ".yaml");
    }

    private static string Source(string text, string edf, double speed)
    {
        text = Once(text, @"(?m)^  path: \S+.*$", $"  path: \"{edf.Replace("\\", "/")}\"");
        return Once(text, @"(?m)^  speed: \S+.*$", $"  speed: {speed.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private static string Once(string text, string pattern, string replacement)
    {
        var matches = Regex.Matches(text, pattern);
        Assert.True(matches.Count == 1, $"the committed pipeline has {matches.Count} lines matching /{pattern}/ (expected 1): update the seizure tests with the file");
        return Regex.Replace(text, pattern, replacement.Replace("$", "$$"));
    }

    /// <summary>What a finished run leaves to check: the alarm output's latency and the run's own numbers.</summary>
    public sealed record Result(HistogramSummary AlarmLatency, long AlarmCommands, double ElapsedSeconds);

    /// <summary>Loads and runs <paramref name="path"/> to its end with the built-in plugins beside the test binaries;
    /// checks that nothing was lost anywhere.</summary>
    public static Result Run(string path)
    {
        var options = new LoadOptions { BuiltInPluginFolder = Path.Combine(AppContext.BaseDirectory, "plugins") };
        using var loaded = PipelineLoader.Load(path, options, TestRegistry.Instance);
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit), $"{Path.GetFileName(path)}: the run did not finish within {Limit.TotalMinutes} min");
        Assert.True(runner.State == PipelineState.Completed, $"{Path.GetFileName(path)}: {runner.State} {runner.Failure}");
        Assert.Equal(0, runner.SamplesLost);
        Assert.Equal(0, runner.Ring.SamplesDropped);
        HistogramSummary latency = default;
        long commands = 0;
        foreach (var port in loaded.Pipeline.Ports)
        {
            Assert.True(port.FramesDropped == 0, $"output {port.Name} dropped {port.FramesDropped} frames");
            Assert.True(port.Failures == 0, $"output {port.Name} failed {port.Failures} times");
            if (port.Name == "alarm")
            {
                latency = port.Latency.Summarize();
                commands = port.FramesDelivered;
            }
        }
        return new Result(latency, commands, runner.ElapsedSeconds);
    }

    public void Dispose() => _files.Dispose();
}
