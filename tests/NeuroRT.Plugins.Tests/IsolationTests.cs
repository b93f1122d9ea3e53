using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Plugins;

namespace NeuroRT.Plugins.Tests;

/// <summary>Faulty plugins next to a healthy one: the pipeline keeps its rate, the counters tell what happened.</summary>
public sealed class IsolationTests : IDisposable
{
    private readonly PluginRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Fact]
    public void Throwing_blocking_and_slow_plugins_do_not_slow_the_pipeline_or_starve_a_healthy_plugin()
    {
        // 250 Hz for 4 s in real time, pushed in 20 ms chunks: 1,000 frames of one sample each.
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("recorder", "faulty")}}}
            source: {type: synthetic, channels: 2, rate: 250Hz, duration: 4s, speed: 1, index-channel: true, chunk: 20ms}
            outputs:
              - {type: test-recorder, name: healthy, path: healthy.txt}
              - {type: test-throwing, name: throwing, every: 10, max-restarts: 3, restart-backoff: 10ms}
              - {type: test-blocking, name: blocking, at: 5}
              - {type: test-slow, name: slow, at: 5, sleep: 2s, deadline: 50ms}
            runtime: {warmup-blocks: 20, output-queue: 8}
            """);
        using var loaded = _rig.Load(path);
        var ports = loaded.Pipeline.Ports;
        var healthy = (PluginOutput)ports[0].Output;
        var throwing = (PluginOutput)ports[1].Output;
        var blocking = (PluginOutput)ports[2].Output;
        var slow = (PluginOutput)ports[3].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
            // The pipeline kept the source's rate: every sample in, every frame emitted towards every output.
            Assert.Equal(1000, runner.SamplesIn);
            Assert.Equal(0, runner.SamplesLost);
            foreach (var port in ports) Assert.Equal(1000, port.FramesEmitted);
            Assert.True(runner.Blocks > 20, "the run must go past the warm-up");
            Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        }

        // The healthy plugin got every command, in order.
        Assert.Equal(0, ports[0].FramesDropped);
        Assert.Equal(1000, healthy.Sent);
        var lines = File.ReadAllLines(Path.Combine(_rig.Folder, "healthy.txt")).Skip(1).ToList();
        Assert.Equal(1000, lines.Count);
        for (int i = 0; i < 1000; i++) Assert.StartsWith($"{i} ", lines[i]);

        // Throwing: fails at its 10th command, is restarted 3 times, fails a 4th time and is disabled.
        Assert.Equal(4, throwing.Failures);
        Assert.Equal(3, throwing.Restarts);
        Assert.True(throwing.Disabled);
        Assert.Equal(36, throwing.Sent);
        Assert.Equal(1000, throwing.Commands + ports[1].FramesDropped);
        Assert.Equal(1000 - 40 - ports[1].FramesDropped, throwing.Discarded);
        Assert.Contains(throwing.PluginCounters, c => c.Key == "seen" && c.Value == 40);
        Assert.IsType<InvalidOperationException>(throwing.LastError);
        Assert.Contains(_rig.Log, l => l.Output == "throwing" && l.Message.Contains("Send threw: System.InvalidOperationException: test failure at command 9"));
        Assert.Contains(_rig.Log, l => l.Output == "throwing" && l.Message.StartsWith("disabled"));

        // Blocking: stuck forever at its 5th command; reported once, its queue dropped the rest.
        Assert.Equal(1, blocking.DeadlineOverruns);
        Assert.True(blocking.IsStuck);
        Assert.Equal(4, blocking.Sent);
        // Everything after it is dropped except what sits in its queue (8 packets of at most 64 frames) when the run ends.
        Assert.True(ports[2].FramesDropped > 1000 - 4 - 8 * 64, $"dropped {ports[2].FramesDropped}");
        Assert.Single(_rig.Log, l => l.Output == "blocking" && l.Message.Contains("has been running for"));

        // Slow: 2 s in one Send; one overrun episode, reported while it ran, and the queue dropped the oldest meanwhile.
        Assert.Equal(1, slow.DeadlineOverruns);
        Assert.False(slow.IsStuck);
        Assert.True(ports[3].FramesDropped > 0);
        Assert.Equal(1000, slow.Sent + ports[3].FramesDropped);
        Assert.Contains(_rig.Log, l => l.Output == "slow" && l.Level == PluginLogLevel.Warning && l.Message.Contains("has been running for") && l.Message.Contains("deadline of 50 ms"));
    }

    [Fact]
    public void In_an_as_fast_as_possible_replay_a_slow_plugin_drops_and_counts_while_built_in_outputs_stay_lossless()
    {
        string jsonl = Path.Combine(_rig.Folder, "all.jsonl").Replace("\\", "/");
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("faulty")}}}
            source: {type: synthetic, channels: 2, rate: 1kHz, duration: 20s, speed: 0}
            outputs:
              - {type: test-slow, name: slow, at: 1, sleep: 2s}
              - {type: jsonl, path: "{{jsonl}}"}
            """);
        using var loaded = _rig.Load(path);
        var slow = (PluginOutput)loaded.Pipeline.Ports[0].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
            Assert.Equal(20_000, runner.SamplesIn);
        }
        Assert.Equal(20_000, File.ReadAllLines(jsonl).Length);
        Assert.Equal(0, loaded.Pipeline.Ports[1].FramesDropped);
        Assert.True(loaded.Pipeline.Ports[0].FramesDropped > 0, "the plugin's queue must drop instead of holding the pipeline");
        Assert.Equal(20_000, slow.Sent + loaded.Pipeline.Ports[0].FramesDropped);
        Assert.Equal(1, slow.DeadlineOverruns);
    }

    [Fact]
    public void In_an_as_fast_as_possible_replay_a_plugin_slower_than_the_source_but_within_its_deadline_gets_every_command()
    {
        // 2 ms per command against a 50 ms deadline: slower than the replay can produce, never stuck. The replay waits
        // for it as for a built-in output, so it sees all 1 000 commands, in order.
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("recorder")}}}
            source: {type: synthetic, channels: 2, rate: 500Hz, duration: 2s, speed: 0, index-channel: true}
            outputs:
              - {type: test-recorder, name: rec, path: commands.txt, pause: 0.002}
            """);
        using var loaded = _rig.Load(path);
        var rec = (PluginOutput)loaded.Pipeline.Ports[0].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
        }

        Assert.Equal(0, loaded.Pipeline.Ports[0].FramesDropped);
        Assert.Equal(1_000, rec.Sent);
        string[] lines = File.ReadAllLines(Path.Combine(_rig.Folder, "commands.txt"));
        Assert.Equal(1_001, lines.Length);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.StartsWith(i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", lines[i + 1]);
        }
    }

    [Fact]
    public void On_error_disable_stops_sending_after_the_first_failure()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("faulty")}}}
            source: {type: synthetic, channels: 2, rate: 250Hz, duration: 1s, speed: 1, chunk: 20ms}
            outputs:
              - {type: test-throwing, name: t, every: 3, on-error: disable}
            """);
        using var loaded = _rig.Load(path);
        var t = (PluginOutput)loaded.Pipeline.Ports[0].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit));
            Assert.Equal(PipelineState.Completed, runner.State);
        }
        Assert.Equal(1, t.Failures);
        Assert.Equal(0, t.Restarts);
        Assert.True(t.Disabled);
        Assert.Equal(2, t.Sent);
        Assert.Equal(250, t.Commands + loaded.Pipeline.Ports[0].FramesDropped);
    }
}
