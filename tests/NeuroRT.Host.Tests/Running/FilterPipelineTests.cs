using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Running;

/// <summary>The filter and spatial stages in a pipeline file: bound with units, chained, run without allocation.</summary>
public sealed class FilterPipelineTests : IDisposable
{
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_file_with_every_filter_and_spatial_stage_runs_and_allocates_nothing()
    {
        string output = Path.Combine(_files.Folder, "features.jsonl");
        string path = _files.Write($$"""
            source: {type: synthetic, channels: 8, rate: 1kHz, duration: 20s, speed: 0, frequencies: [10, 50]}
            stages:
              - {type: notch, frequency: 50Hz, q: 30}
              - {type: highpass, cutoff: 0.5Hz, order: 2}
              - {type: bandstop, low: 98Hz, high: 102Hz, design: chebyshev1, ripple: 0.5}
              - {type: car}
              - {type: bipolar, pairs: [ch1-ch2, ch3-ch4]}
              - {type: project, matrix: [[1, 1], [1, -1]], names: [sum, diff]}
              - {type: lowpass, cutoff: 40Hz, design: chebyshev2, attenuation: 50}
              - {type: fir, taps: 31, cutoff: [8, 30], band: bandpass}
              - {type: decimate, factor: 4}
              - {type: bandpass, low: 8Hz, high: 30Hz, order: 2}
              - {type: window, length: 1s, step: 200ms}
              - {type: log-variance}
            outputs:
              - {type: jsonl, path: {{output}}}
            runtime: {block: 64, warmup-blocks: 100}
            """);
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var last = loaded.Pipeline.Nodes[^1].Format;
        Assert.Equal(["sum", "diff"], last.Channels.Select(c => c.Name));
        Assert.Equal(5, last.NominalRate); // 1 kHz / 4 = 250 Hz, a window every 200 ms (50 samples)
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(2)), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(20_000, runner.SamplesIn);
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        // (20 s x 250 Hz - 250 samples) / 50 + 1 = 96 feature frames.
        Assert.Equal(96, File.ReadAllLines(output).Length);
        Assert.Equal(0, loaded.Pipeline.Ports[0].Failures);
    }

    [Fact]
    public void Filter_errors_point_at_the_parameter_in_the_file()
    {
        var d = _files.Error("""
            source: {type: synthetic, channels: 2, rate: 250Hz}
            stages:
              - {type: lowpass, cutoff: 200Hz}
            """, 3, 29);
        Assert.Contains("below Nyquist (125 Hz", d.Message);
    }
}
