using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Stage;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage.Features;

/// <summary>
/// The Bonn seizure detector of models/train_seizure_detector.py through the onnx stage: the single-channel model gives
/// the script's outputs for its real feature frames (models/seizure-bonn/reference.json) to 1e-5, and the multichannel
/// model applies the same weights per channel and reports the largest seizure probability.
/// </summary>
public sealed class TrainedFeatureModelTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "models", "seizure-bonn");

    private static (string[] Names, List<(float[] Input, double[] Output)> Cases) Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        var r = doc.RootElement;
        var cases = r.GetProperty("cases").EnumerateArray().Select(c => (
            c.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            c.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToList();
        return (r.GetProperty("feature_names").EnumerateArray().Select(v => v.GetString()!).ToArray(), cases);
    }

    private static float[] Run(OnnxDecoder stage, Core.Streams.StreamFormat format, float[] frame)
    {
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = TestModels.Block(format, frame);
        using var output = new SampleBlock(configured.Format, 1);
        output.Count = 0;
        stage.Process(input, output);
        return output.Frame(0).ToArray();
    }

    [Fact]
    public void The_single_channel_detector_gives_the_training_scripts_outputs_to_1e5()
    {
        var (names, cases) = Reference();
        Assert.True(cases.Count >= 3, $"reference.json holds {cases.Count} cases");
        TestModels.Library();
        // The frame as the bandpower stage emits it, reversed, so the stage's reordering is in the path.
        var format = FeatureInputTests.Frames(names.Reverse().ToArray());
        using var stage = new OnnxDecoder { Model = Path.Combine(Folder, "seizure-bonn.onnx") };
        bool sawSeizure = false;
        foreach (var (x, expected) in cases)
        {
            float[] y = Run(stage, format, x.Reverse().ToArray());
            for (int k = 0; k < 2; k++) Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-5, $"output {k}: {y[k]} vs {expected[k]}");
            sawSeizure |= y[1] >= 0.5;
        }
        Assert.True(sawSeizure, "no reference frame is called a seizure");
        Assert.Equal(173.61, stage.Contract!.SamplingRate);
    }

    [Fact]
    public void The_multichannel_detector_is_the_single_channel_one_per_channel_then_the_max()
    {
        var (bands, cases) = Reference();
        TestModels.Library();
        using var multi = new OnnxDecoder { Model = Path.Combine(Folder, "seizure-bonn-multichannel.onnx") };
        string[] features;
        // The model's own feature names, with EDF padding on the channel part as EEGMMIDB labels have ('Fp1.', 'C3..').
        using (var probe = NeuroRT.Onnx.Session.OnnxSession.Open(TestModels.Library(), Path.Combine(Folder, "seizure-bonn-multichannel.onnx")))
            features = ModelContract.Read(probe.Metadata, "multichannel", 2).ChannelNames;
        int channels = features.Length / bands.Length;
        Assert.Equal(19, channels);
        var format = FeatureInputTests.Frames(features.Select(f => f.Replace(":", "..:")).ToArray());

        // Channel k gets the background case's features, one channel the seizure case's: the max is the seizure's.
        var (background, seizure) = (cases[0], cases.First(c => c.Output[1] >= 0.5));
        for (int hot = 0; hot < channels; hot += 6)
        {
            var frame = new float[features.Length];
            for (int c = 0; c < channels; c++) (c == hot ? seizure.Input : background.Input).CopyTo(frame, c * bands.Length);
            float[] y = Run(multi, format, frame);
            Assert.True(Math.Abs(y[1] - seizure.Output[1]) <= 1e-5, $"hot channel {hot}: P(seizure) {y[1]} vs the single-channel {seizure.Output[1]}");
            Assert.True(Math.Abs(y[0] + y[1] - 1) <= 1e-6, $"probabilities {y[0]} + {y[1]}");
        }
        var quiet = new float[features.Length];
        for (int c = 0; c < channels; c++) background.Input.CopyTo(quiet, c * bands.Length);
        Assert.True(Math.Abs(Run(multi, format, quiet)[1] - background.Output[1]) <= 1e-5);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}");
    }
}
