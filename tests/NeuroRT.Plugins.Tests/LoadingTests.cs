using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Plugins;

namespace NeuroRT.Plugins.Tests;

public sealed class LoadingTests : IDisposable
{
    private readonly PluginRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Fact]
    public void The_sample_plugin_loaded_from_a_folder_of_the_pipeline_file_receives_exactly_the_commands_of_the_run()
    {
        // 250 Hz for 2 s in real time: 500 frames of one sample; the index channel numbers them.
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("recorder")}}}
            source: {type: synthetic, channels: 2, rate: 250Hz, duration: 2s, speed: 1, index-channel: true, chunk: 20ms}
            outputs:
              - {type: test-recorder, name: rec, path: commands.txt}
            runtime: {warmup-blocks: 20}
            """);
        using var loaded = _rig.Load(path);
        Assert.Empty(loaded.Warnings);
        var adapter = Assert.IsType<PluginOutput>(loaded.Pipeline.Ports[0].Output);
        Assert.Equal("test-recorder", adapter.Type.Name);
        // Its own load context, and the SDK is the host's.
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(adapter.Type.Type.Assembly)!;
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, context);
        Assert.True(context.IsCollectible);
        Assert.Same(typeof(ICommandOutput).Assembly, adapter.Type.Type.GetInterfaces().First(i => i.Name == "ICommandOutput").Assembly);
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
            Assert.Equal(500, runner.SamplesIn);
            Assert.True(runner.Blocks > 20, "the run must go past the warm-up");
            Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        }
        var lines = File.ReadAllLines(Path.Combine(_rig.Folder, "commands.txt"));
        Assert.StartsWith("# ", lines[0]);
        Assert.Equal(3, lines[0][2..].Split(',').Length);
        Assert.Equal(501, lines.Length);
        for (int i = 0; i < 500; i++)
        {
            var parts = lines[i + 1].Split(' ');
            Assert.Equal(i.ToString(), parts[0]); // sequence
            var values = parts[2].Split(',');
            Assert.Equal(3, values.Length);
            Assert.Equal(i, float.Parse(values[2], System.Globalization.CultureInfo.InvariantCulture)); // the index channel
        }
        Assert.Equal(500, adapter.Sent);
        Assert.Equal(0, adapter.Failures);
        Assert.Equal(0, loaded.Pipeline.Ports[0].FramesDropped);
    }

    [Fact]
    public void An_incompatible_plugin_is_refused_naming_it_and_both_versions_and_the_run_goes_on_without_it()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("sdk2", "recorder")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: future-output}
              - {type: test-recorder, path: out.txt}
            """);
        using var loaded = _rig.Load(path);
        string refused = Assert.Single(loaded.Warnings, w => w.StartsWith("warning: plugin '"));
        Assert.Contains("SDK 2.0", refused);
        Assert.Contains("TestPlugin.sdk2.dll", refused);
        Assert.Contains("SDK 1.0", refused);
        Assert.Contains(loaded.Warnings, w => w.Contains("output 'future-output' skipped") && w.Contains("SDK 2.0") && w.Contains("pipeline.yaml:4:"));
        Assert.Single(loaded.Pipeline.Ports);
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit));
        Assert.Equal(PipelineState.Completed, runner.State);
    }

    [Fact]
    public void An_incompatible_plugin_that_is_required_stops_the_run_before_it_starts()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("sdk2")}}, required: [future-output]}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: future-output}
            """);
        var e = _rig.Fails(path);
        Assert.Contains(e.Diagnostics, d => d.Position.Line == 1 && d.Message.Contains("required output type 'future-output'") && d.Message.Contains("SDK 2.0") && d.Message.Contains("SDK 1.0") && d.Message.Contains("TestPlugin.sdk2.dll"));
        Assert.Contains(e.Diagnostics, d => d.Position.Line == 4 && d.Message.Contains("is required"));

        string perOutput = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("sdk2")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: future-output, required: true}
            """, "per-output.yaml");
        var d2 = Assert.Single(_rig.Fails(perOutput).Diagnostics);
        Assert.Equal(4, d2.Position.Line);
        Assert.Contains("SDK 2.0", d2.Message);
    }

    [Fact]
    public void Plugin_parameters_are_checked_at_their_line_and_column_like_built_in_components()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("recorder")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - type: test-recorder
                pth: x.txt
              - type: test-recorder
                path: y.txt
                pause: soon
              - type: test-recorder
                path: z.txt
                deadline: -5ms
            """);
        var all = _rig.Fails(path).Diagnostics;
        Assert.Contains(all, d => d.Position.Line == 5 && d.Position.Column == 5 && d.Message.Contains("no parameter 'pth'") && d.Message.Contains("did you mean 'path'"));
        Assert.Contains(all, d => d.Position.Line == 8 && d.Position.Column == 12 && d.Message.Contains("parameter 'pause'"));
        Assert.Contains(all, d => d.Position.Line == 11 && d.Message.Contains("deadline must be a positive duration"));
        Assert.DoesNotContain(all, d => d.Message.Contains("needs parameter 'path'"));
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public void A_configuration_error_thrown_by_Open_is_reported_at_the_output()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("recorder")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - type: test-recorder
                path: w/
            """);
        var d = Assert.Single(_rig.Fails(path).Diagnostics);
        Assert.Equal(5, d.Position.Line);
        Assert.Contains("parameter 'path'", d.Message);
        Assert.Contains("is a folder", d.Message);
    }

    [Fact]
    public void A_throwing_constructor_skips_the_output_unless_required_and_an_unknown_type_is_an_error()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("faulty")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-bad-constructor}
              - {type: test-slow, sleep: 0}
            """);
        using (var loaded = _rig.Load(path))
        {
            Assert.Contains(loaded.Warnings, w => w.Contains("test-bad-constructor") && w.Contains("cannot be made") && w.Contains("TestPlugin.faulty.dll"));
            Assert.Single(loaded.Pipeline.Ports);
        }
        string unknown = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("faulty")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-slwo}
            """, "unknown.yaml");
        var d = Assert.Single(_rig.Fails(unknown).Diagnostics);
        Assert.Contains("did you mean 'test-slow'", d.Message);
    }

    [Fact]
    public void The_same_output_type_in_two_plugin_folders_is_an_error_where_it_is_used()
    {
        string copy = Path.Combine(_rig.Folder, "copy");
        Directory.CreateDirectory(copy);
        foreach (string f in Directory.GetFiles(Path.Combine(PluginRig.TestPlugins, "recorder")))
            File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        string path = _rig.Write($$"""
            plugins: {folders: [{{_rig.Folders("recorder")[1..^1]}}, ./copy]}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-recorder, path: a.txt}
            """);
        var d = Assert.Single(_rig.Fails(path).Diagnostics);
        Assert.Equal(4, d.Position.Line);
        Assert.Contains("two plugins declare output type 'test-recorder'", d.Message);
    }

    [Fact]
    public void The_test_plugins_are_laid_out_one_folder_each_without_a_copy_of_the_SDK()
    {
        foreach (string name in new[] { "recorder", "sdk2", "faulty" })
        {
            string folder = Path.Combine(PluginRig.TestPlugins, name);
            Assert.True(File.Exists(Path.Combine(folder, $"TestPlugin.{name}.dll")));
            Assert.True(File.Exists(Path.Combine(folder, $"TestPlugin.{name}.deps.json")));
            Assert.False(File.Exists(Path.Combine(folder, "NeuroRT.Plugins.dll")));
        }
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_reported_and_the_other_plugins_still_load()
    {
        string broken = Path.Combine(_rig.Folder, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllBytes(Path.Combine(broken, "Broken.dll"), [0x4d, 0x5a, 1, 2, 3, 4]);
        string path = _rig.Write($$"""
            plugins: {folders: [./broken, {{_rig.Folders("recorder")[1..^1]}}]}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-recorder, path: a.txt}
            """);
        using var loaded = _rig.Load(path);
        string w = Assert.Single(loaded.Warnings);
        Assert.Contains("Broken.dll", w);
        Assert.Contains("is not a loadable .NET assembly", w);
        Assert.IsType<PluginOutput>(loaded.Pipeline.Ports[0].Output);
    }

    [Fact]
    public void A_plugin_uses_its_own_dependency_from_its_folder_and_without_it_is_skipped_or_refused_when_required()
    {
        string path = _rig.Write($$"""
            plugins: {folders: {{_rig.Folders("withdep")}}}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 1, chunk: 20ms}
            outputs:
              - {type: test-with-dependency, name: dep}
            """);
        using (var loaded = _rig.Load(path))
        {
            Assert.Empty(loaded.Warnings);
            var dep = (PluginOutput)loaded.Pipeline.Ports[0].Output;
            using (var runner = loaded.CreateRunner())
            {
                runner.Start();
                Assert.True(runner.Wait(Limit));
                Assert.Equal(PipelineState.Completed, runner.State);
            }
            Assert.Equal(100, dep.Sent);
            Assert.Contains(dep.PluginCounters, c => c.Key == "doubled" && c.Value == 200);
            // DepLib came from the plugin's folder, into the plugin's context.
            var lib = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(dep.Type.Type.Assembly)!.Assemblies.Single(a => a.GetName().Name == "DepLib");
            Assert.StartsWith(Path.Combine(PluginRig.TestPlugins, "withdep"), lib.Location);
        }

        string lacking = Path.Combine(_rig.Folder, "lacking");
        Directory.CreateDirectory(lacking);
        foreach (string f in Directory.GetFiles(Path.Combine(PluginRig.TestPlugins, "withdep")))
            if (!Path.GetFileName(f).StartsWith("DepLib.")) File.Copy(f, Path.Combine(lacking, Path.GetFileName(f)));
        string skipped = _rig.Write("""
            plugins: {folders: [./lacking]}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-with-dependency}
              - {type: console}
            """, "lacking.yaml");
        using (var loaded = _rig.Load(skipped))
        {
            Assert.Contains(loaded.Warnings, w => w.Contains("test-with-dependency") && w.Contains("DepLib"));
            Assert.Single(loaded.Pipeline.Ports);
        }
        string required = _rig.Write("""
            plugins: {folders: [./lacking]}
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: test-with-dependency, required: true}
            """, "required.yaml");
        var d = Assert.Single(_rig.Fails(required).Diagnostics);
        Assert.Equal(4, d.Position.Line);
        Assert.Contains("DepLib", d.Message);
    }

    [Fact]
    public void A_plugins_folder_that_does_not_exist_is_an_error_at_its_line()
    {
        string path = _rig.Write("""
            plugins:
              folders: [./nowhere]
            source: {type: synthetic, channels: 2, rate: 100Hz, duration: 1s, speed: 0}
            outputs:
              - {type: console}
            """);
        var d = Assert.Single(_rig.Fails(path).Diagnostics);
        Assert.Equal(2, d.Position.Line);
        Assert.Contains("folder not found: './nowhere'", d.Message);
    }
}
