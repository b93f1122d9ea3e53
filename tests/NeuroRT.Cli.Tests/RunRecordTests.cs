using System.Diagnostics;
using NeuroRT.Formats.Xdf;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Tests;

/// <summary>
/// <c>neurort run --record</c> as a separate process: a live LSL amplifier in the test feeds the pipeline, the run
/// records to XDF, and the process is killed with SIGKILL mid-run. The file still reads (up to its last whole chunk)
/// and holds every sample pushed more than a second before the kill.
/// </summary>
public sealed class RunRecordTests
{
    private const int Rate = 250;
    private const int Channels = 4;

    [Fact]
    public void A_recording_killed_with_sigkill_reads_back_up_to_the_last_second()
    {
        using var net = new LslTestNetwork();
        var info = new LslStreamInfo { Name = "amp", Type = "EEG", ChannelCount = Channels, ChannelFormat = ChannelFormat.Float32, NominalRate = Rate, SourceId = "amp-kill-test" };
        using var amp = new LslOutlet(info, new LslOutletOptions { Config = LslConfig.Load(net.ConfigFile) });
        string pipeline = Path.Combine(net.Folder, "p.yaml");
        File.WriteAllText(pipeline, """
            source: {type: lsl, stream: amp, config: lsl_api.cfg, timeout: 20s}
            stages:
              - {type: window, length: 1s, step: 100ms}
              - {type: log-variance}
            outputs:
              - {type: jsonl, path: commands.jsonl}
            """);
        string xdf = Path.Combine(net.Folder, "run.xdf");
        using var run = new BackgroundNeurort(["run", pipeline, "--record", xdf, "--quiet"]);
        Assert.True(amp.WaitForConsumers(60), $"the pipeline never connected: {run.Stderr}");

        // 4 s of data in 40 ms chunks; sample n holds n on every channel. Remember when each chunk was pushed.
        var pushedAt = new List<(double Seconds, int Samples)>();
        var chunk = new float[10 * Channels];
        var clock = Stopwatch.StartNew();
        int pushed = 0;
        while (clock.Elapsed.TotalSeconds < 4)
        {
            for (int i = 0; i < chunk.Length; i++) chunk[i] = pushed + i / Channels;
            amp.PushChunk<float>(chunk, LslClock.Now);
            pushed += 10;
            pushedAt.Add((clock.Elapsed.TotalSeconds, pushed));
            Thread.Sleep(40);
        }

        double killedAt = clock.Elapsed.TotalSeconds;
        run.Kill();
        int dueBeforeLastSecond = 0;
        foreach (var (seconds, samples) in pushedAt) if (seconds <= killedAt - 1) dueBeforeLastSecond = samples;

        var file = XdfFile.Read(xdf);
        var input = Assert.Single(file.Streams, s => s.Info.Name == "amp");
        Assert.Equal(Channels, input.Info.ChannelCount);
        Assert.True(input.SampleCount >= dueBeforeLastSecond,
            $"the killed recording holds {input.SampleCount} samples; {dueBeforeLastSecond} were pushed more than 1 s before the kill (of {pushed}); warnings: {string.Join("; ", file.Warnings)}");
        for (int n = 0; n < input.SampleCount; n++)
            for (int c = 0; c < Channels; c++)
                Assert.Equal(n, input.NumericValues[n * Channels + c]);
        var commands = Assert.Single(file.Streams, s => s.Info.Name == "log-variance");
        Assert.True(commands.SampleCount > 0, "no frame of the pipeline was recorded");
    }
}
