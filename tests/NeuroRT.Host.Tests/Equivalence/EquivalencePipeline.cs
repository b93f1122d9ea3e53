using NeuroRT.Core.Pipelines;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Equivalence;

/// <summary>
/// The one pipeline of the online-equals-offline tests, over the committed recording samples/S001R04.edf (64 ch,
/// 160 Hz, 125 s): notch and band-pass (IIR state carried across blocks), then two branches, the trained EEGNet
/// (ONNX) on 21 motor channels, and C3/C4 log-variance -> linear classifier -> smooth -> decide -> hysteresis.
/// Both branches write a command log without wall-clock latency, so equal inputs must give equal bytes.
/// </summary>
internal sealed class EquivalencePipeline : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TestPipelines _files = new();

    public static string Recording => Path.Combine(RepositoryFiles.Samples, "S001R04.edf").Replace("\\", "/");

    private static string Model => Path.Combine(RepositoryFiles.Root, "models", "eegnet-mi", "eegnet-mi.onnx").Replace("\\", "/");

    public string Folder => _files.Folder;

    /// <summary>Writes the pipeline with <paramref name="source"/> (a YAML flow mapping) and <paramref name="block"/> samples per cycle.</summary>
    public string Write(string name, string source, int block = 64) => _files.Write($$"""
        name: equivalence-{{name}}
        source: {{source}}
        nodes:
          - {name: notch, type: notch, frequency: 50Hz}
          - {name: band, type: bandpass, low: 4Hz, high: 40Hz, order: 4}
          - {name: motor, type: pick, channels: [Fc5, Fc3, Fc1, Fcz, Fc2, Fc4, Fc6, C5, C3, C1, Cz, C2, C4, C6, Cp5, Cp3, Cp1, Cpz, Cp2, Cp4, Cp6]}
          - {name: eegwin, type: window, length: 3s, step: 250ms}
          - {name: eegnet, type: onnx, model: "{{Model}}", threads: 1}
          - {name: lateral, type: pick, channels: [C3, C4]}
          - {name: win, type: window, length: 2s, step: 250ms}
          - {name: logvar, type: log-variance}
          - {name: classify, type: linear-classifier, classes: [left, right], weights: [[1, -1], [-1, 1]], softmax: true}
          - {name: smooth, type: smooth, decisions: 4}
          - {name: decide, type: decide, threshold: 0.6, margin: 0.2}
          - {name: hold, type: hysteresis, on: 0.7, off: 0.5, dwell: 2}
        edges:
          - source -> notch
          - notch -> band
          - band -> motor
          - motor -> eegwin
          - eegwin -> eegnet
          - band -> lateral
          - lateral -> win
          - win -> logvar
          - logvar -> classify
          - classify -> smooth
          - smooth -> decide
          - decide -> hold
        outputs:
          - {type: jsonl, from: eegnet, path: "{{Log(name, "eegnet")}}", latency: false}
          - {type: jsonl, from: hold, path: "{{Log(name, "decisions")}}", latency: false}
        runtime: {block: {{block}}}
        """, name + ".yaml");

    public string Log(string name, string branch) => Path.Combine(Folder, $"{name}-{branch}.jsonl").Replace("\\", "/");

    /// <summary>Loads and runs <paramref name="path"/> to its end; checks nothing was lost anywhere.</summary>
    public static PipelineRunner Run(string path, Action<PipelineRunner>? whileRunning = null, LoadOptions? options = null)
    {
        using var loaded = PipelineLoader.Load(path, options, TestRegistry.Instance);
        var runner = loaded.CreateRunner();
        runner.Start();
        whileRunning?.Invoke(runner);
        Assert.True(runner.Wait(Limit), $"{Path.GetFileName(path)}: the run did not finish within {Limit.TotalMinutes} min");
        Assert.True(runner.State == PipelineState.Completed, $"{Path.GetFileName(path)}: {runner.State} {runner.Failure}");
        Assert.Equal(0, runner.SamplesLost);
        Assert.Equal(0, runner.Ring.SamplesDropped);
        foreach (var port in loaded.Pipeline.Ports)
        {
            Assert.Equal(0, port.FramesDropped);
            Assert.Equal(0, port.Failures);
        }
        return runner;
    }

    public void Dispose() => _files.Dispose();
}
