using System.Text.Json;
using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;
using NeuroRT.Host.Tests.Running;

namespace NeuroRT.Host.Tests.Snn;

/// <summary>
/// pipelines/snn-neurocorex.yaml, the shipped spiking decoder: on its held-out recording (samples/S001R04.edf) the
/// NeuroRT run must make exactly the per-trial decisions of the training script's integer simulation
/// (models/snn-mi/reference.json), hence the same accuracy as the model card. Needs nothing outside the repository.
/// </summary>
public sealed class SnnPipelineTests : IDisposable
{
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    // The shipped file with absolute paths and a capture output instead of the console.
    private string Shipped(Func<string, string>? edit = null)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Pipelines, "snn-neurocorex.yaml"))
            .Replace("../samples/", RepositoryFiles.Samples.Replace("\\", "/") + "/", StringComparison.Ordinal)
            .Replace("../models/", Path.Combine(RepositoryFiles.Root, "models").Replace("\\", "/") + "/", StringComparison.Ordinal)
            .Replace("  - type: console", "  - type: capture", StringComparison.Ordinal)
            .Replace("speed: 1 ", "speed: 0 ", StringComparison.Ordinal);
        return edit is null ? text : edit(text);
    }

    [Fact]
    public void The_held_out_trials_get_the_offline_integer_simulations_decisions()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "models", "snn-mi", "reference.json")));
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray().ToList();
        string path = _files.Write(Shipped(), "snn.yaml");
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var capture = (FrameCaptureOutput)loaded.Pipeline.Ports[0].Output;
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(2)), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(["left", "right"], capture.Format!.Channels.Select(c => c.Name));
        Assert.Equal(cases.Count, capture.Frames.Count);
        int correct = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            int[] counts = cases[i].GetProperty("counts").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            float[] y = capture.Frames[i].Values;
            int total = counts.Sum();
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(total == 0 ? 0f : (float)((double)counts[c] / total), y[c]);
            }

            string predicted = y[0] > y[1] ? "left" : y[1] > y[0] ? "right" : "none";
            Assert.Equal(cases[i].GetProperty("predicted").GetString(), predicted);
            if (predicted == cases[i].GetProperty("label").GetString())
            {
                correct++;
            }
        }

        Assert.Equal(reference.RootElement.GetProperty("correct").GetInt32(), correct);
        Assert.Equal(12, correct); // the model card's held-out figure: 12 of 15
    }

    [Fact]
    public void The_decision_stages_follow_the_snn_stage()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "models", "snn-mi", "reference.json")));
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray().ToList();
        string text = Shipped(t => t.Replace("\noutputs:", "\n  - {type: decide, threshold: 0.7}\n\noutputs:", StringComparison.Ordinal));
        using var loaded = PipelineLoader.Load(_files.Write(text, "snn-decide.yaml"), registry: TestRegistry.Instance);
        var capture = (FrameCaptureOutput)loaded.Pipeline.Ports[0].Output;
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(2)), "the run did not finish");
        Assert.Equal(["left", "right", "none"], capture.Format!.Channels.Select(c => c.Name));
        Assert.Equal(cases.Count, capture.Frames.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            int[] counts = cases[i].GetProperty("counts").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            double best = (double)counts.Max() / counts.Sum();
            // One-hot decision: the class when its count share reaches 0.7, otherwise none.
            int expected = best >= 0.7 ? Array.IndexOf(counts, counts.Max()) : 2;
            Assert.Equal(1f, capture.Frames[i].Values[expected]);
        }
    }

    [Fact]
    public void A_group_neuron_missing_from_the_network_is_an_error_at_the_stage()
    {
        string text = Shipped(t => t.Replace("right3]}", "rihgt3]}", StringComparison.Ordinal));
        var errors = _files.Errors(text);
        var d = Assert.Single(errors);
        Assert.Contains("neuron 'rihgt3' is not in network 'network.yaml'", d.Message);
        Assert.Contains("parameter 'groups'", d.Message);
        Assert.Equal(LineOf(text, "groups:"), d.Position.Line);
    }

    [Fact]
    public void Network_inputs_without_a_matching_feature_channel_are_an_error_at_the_network_parameter()
    {
        string text = Shipped(t => t.Replace("channels: [Fc3, C3, Cp3, Fc4, C4, Cp4]", "channels: [Fc3, C3, Cp3, Fc4, C4, Cz]", StringComparison.Ordinal));
        var d = Assert.Single(_files.Errors(text));
        Assert.Contains("network inputs Cp4:8-13Hz, Cp4:13-30Hz match no channel", d.Message);
        Assert.Equal(LineOf(text, "network: "), d.Position.Line);
    }

    [Fact]
    public void Too_many_events_for_the_timesteps_is_an_error_at_max_events()
    {
        string text = Shipped(t => t.Replace("max-events: 5", "max-events: 6", StringComparison.Ordinal));
        var d = Assert.Single(_files.Errors(text));
        Assert.Contains("12 inputs x 6 events = 72 events, more than the 64 timesteps", d.Message);
        Assert.Equal(LineOf(text, "max-events:"), d.Position.Line);
    }

    [Fact]
    public void An_absent_tty_is_an_error_naming_the_device()
    {
        string text = Shipped(t => t.Replace("device: virtual ", "device: /dev/ttyNCX-absent ", StringComparison.Ordinal));
        var d = Assert.Single(_files.Errors(text));
        Assert.Contains("/dev/ttyNCX-absent", d.Message);
        Assert.Equal(LineOf(text, "device:"), d.Position.Line);
    }

    [Fact]
    public void The_built_in_registry_has_the_snn_stage_and_registers_its_virtual_board()
    {
        var d = Components.ComponentRegistry.BuiltIn.Find(Core.Configuration.ComponentKind.Stage, "snn");
        Assert.NotNull(d);
        Assert.Equal(typeof(NeuroRT.Snn.Stage.SnnStage), d.Type);
        Assert.Contains(d.Parameters, p => p.Name == "groups" && p.Describe().Contains("mapping", StringComparison.Ordinal));
        using var link = NeuroRT.Snn.Stage.NcxBackends.Open("virtual");
        Assert.Equal("virtual board (in-process)", link.Description);
    }

    [Fact]
    public void Groups_written_as_a_list_are_an_error_at_their_value()
    {
        string text = Shipped(t => t.Replace("groups: {left: [left0, left1, left2, left3], right: [right0, right1, right2, right3]}", "groups: [left0, right0]", StringComparison.Ordinal));
        var d = Assert.Single(_files.Errors(text));
        Assert.Contains("parameter 'groups': expected a mapping of names to lists of names", d.Message);
        Assert.Equal(LineOf(text, "groups:"), d.Position.Line);
    }

    private static int LineOf(string text, string key)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith(key, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"no line starting with '{key}'");
    }
}
