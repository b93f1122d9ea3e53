using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>The built-in registry knows the <c>onnx</c> stage: pipeline files load, check and run it, as `neurort run` does.</summary>
public sealed class PipelineFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neurort-onnx-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string edf = Path.Combine(d.FullName, "samples", "S001R04.edf");
            if (File.Exists(edf)) return edf;
        }
        throw new FileNotFoundException("samples/S001R04.edf not found above the test folder");
    }

    private string Write(string model, string window)
    {
        // The model sits beside the pipeline file: `model:` is relative to the file, as the edf source's `path`.
        File.Copy(TestModels.Path(model), Path.Combine(_dir, model + ".onnx"));
        string path = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(path, $"""
            source: {"{"}type: edf, path: {Sample()}, speed: 0{"}"}
            stages:
              - {"{"}type: window, length: {window}, step: 100ms{"}"}
              - {"{"}type: onnx, model: {model}.onnx, threads: 1{"}"}
            outputs:
              - {"{"}type: jsonl, path: {Path.Combine(_dir, "out.jsonl")}{"}"}
            """);
        return path;
    }

    [Fact]
    public void An_edf_recording_runs_through_the_model_with_no_allocation()
    {
        TestModels.Library();
        // EEGMMIDB labels are 'C3..', 'Cz..', 'C4..', 'Pz..': matched to the model's C3, Cz, C4, Pz.
        using var loaded = PipelineLoader.Load(Write("linear_softmax", "0.2s"));
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(2)), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
        string[] lines = File.ReadAllLines(Path.Combine(_dir, "out.jsonl"));
        // 125 s at 160 Hz = 20,000 samples; windows of 32 every 16 samples: (20000 - 32) / 16 + 1 = 1249.
        Assert.Equal(1249, lines.Length);
        Assert.Contains("left", lines[0]);
    }

    [Fact]
    public void A_model_that_disagrees_is_reported_at_its_line_in_the_file()
    {
        TestModels.Library();
        string path = Write("wrong_window", "0.2s");
        var e = Assert.Throws<PipelineFileException>(() => PipelineLoader.Load(path));
        Assert.Contains("p.yaml:4:", e.Message);
        Assert.Contains("stage 'onnx', parameter 'model': model 'wrong_window.onnx' expects windows of 64 samples", e.Message);
    }

    // The shipped pipeline (edf -> pick 21 channels -> bandpass 4-40 Hz -> window 3 s / 250 ms -> the trained EEGNet)
    // loads its model relative to the file, passes the model's checks and runs to the end of the recording.
    [Fact]
    public void The_shipped_eegnet_pipeline_runs_the_trained_model()
    {
        TestModels.Library();
        string root = Path.GetDirectoryName(Path.GetDirectoryName(Sample()))!;
        var fastest = new LoadOptions { ConfigureSource = s => ((NeuroRT.Formats.Sources.EdfSource)s).Speed = 0 };
        using var loaded = PipelineLoader.Load(Path.Combine(root, "pipelines", "motor-imagery-eegnet.yaml"), fastest);
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromMinutes(3)), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(0, runner.AllocatedBytesAfterWarmup);
    }
}
