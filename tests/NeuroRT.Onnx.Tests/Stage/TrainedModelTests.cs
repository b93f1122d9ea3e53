using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Stage;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>
/// The decoders trained by models/train_motor_imagery.py, run through the onnx stage, give PyTorch's outputs for
/// the real preprocessed windows the script wrote beside them (models/NAME/reference.json), to 1e-5. The stream
/// presents the model's channels in reverse order with EDF-style labels ("C3.."), so the stage's reorder is in the path.
/// </summary>
public sealed class TrainedModelTests
{
    [Theory]
    [InlineData("eegnet-mi")]
    [InlineData("shallow-mi")]
    public void Trained_model_output_equals_pytorch_to_1e5(string name)
    {
        string folder = Path.Combine(RepositoryRoot(), "models", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        var root = doc.RootElement;
        var shape = root.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        int channels = shape[^2], samples = shape[^1];
        string model = Path.Combine(folder, root.GetProperty("model").GetString()!);
        ModelContract contract;
        using (var session = OnnxSession.Open(TestModels.Library(), model))
            contract = ModelContract.Read(session.Metadata, name, session.Outputs.Count);
        Assert.Equal(channels, contract.ChannelNames.Length);
        Assert.Equal(samples, contract.WindowSamples);
        string[] streamChannels = contract.ChannelNames.Reverse().Select(c => c + "..").ToArray();
        var format = TestModels.Windows(streamChannels, contract.SamplingRate, samples);
        using var stage = new OnnxDecoder { Model = model };
        var configured = stage.Configure(new StageInput(format, 1));

        int cases = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var tensor = c.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var expected = c.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            // The tensor is [1, (1,) C, T] in the model's channel order; a window is T samples of the stream's channels.
            var window = new float[channels * samples];
            for (int m = 0; m < channels; m++)
                for (int t = 0; t < samples; t++) window[t * channels + (channels - 1 - m)] = tensor[m * samples + t];
            using var input = TestModels.Block(format, window);
            using var output = new SampleBlock(configured.Format, configured.MaxFramesPerBlock);
            stage.Process(input, output);
            var y = output.Frame(0);
            Assert.Equal(expected.Length, y.Length);
            for (int k = 0; k < y.Length; k++)
                Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-5, $"{name} case {cases} output {k}: {y[k]} vs PyTorch {expected[k]}");
            cases++;
        }

        Assert.True(cases >= 3, $"{name}: reference.json holds {cases} cases");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "models")) && File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no repository root (NeuroRT.sln beside models/) above {AppContext.BaseDirectory}");
    }
}
