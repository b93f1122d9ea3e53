using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Stage;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage.Features;

/// <summary>
/// Feature-input models (input_kind = features, models/CONTRACT.md): one feature frame per inference, features found by
/// name among the frame's channels (EDF's padding dots before the ':' and case ignored), in the model's order; fixture
/// from tools/seizure/onnx_feature_fixture.py.
/// </summary>
public sealed class FeatureInputTests
{
    internal const string Model = "linear_features";

    internal static (string[] Channels, float[] Frame, double[] Expected) Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "features_reference.json")));
        var r = doc.RootElement;
        return (r.GetProperty("frame_channels").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            r.GetProperty("frame").EnumerateArray().Select(x => (float)x.GetDouble()).ToArray(),
            r.GetProperty("expected_probabilities").EnumerateArray().Select(x => x.GetDouble()).ToArray());
    }

    /// <summary>Feature frames as a feature stage emits them: FrameLength 1, at the window rate, the samples' rate kept.</summary>
    internal static StreamFormat Frames(string[] channels, int frameLength = 1) =>
        new StreamFormat("features", channels.Select(n => new ChannelInfo(n, ChannelTypes.Feature, "")).ToArray(), 173.61) with { FrameLength = frameLength, NominalRate = 2 };

    [Fact]
    public void A_feature_frame_gives_numpys_probabilities_with_features_reordered_and_scaled()
    {
        var (channels, frame, expected) = Reference();
        using var stage = TestModels.Decoder(Model);
        var configured = stage.Configure(new StageInput(Frames(channels), 3));
        Assert.Equal(["background", "seizure"], configured.Format.Channels.Select(c => c.Name));
        Assert.Equal(1, configured.Format.FrameLength);
        Assert.Equal(InputKind.Features, stage.Contract!.InputKind);
        Assert.Equal(0, stage.Contract.SamplingRate);
        Assert.Equal(0, stage.Contract.WindowSamples);

        using var input = new SampleBlock(Frames(channels), 3) { Count = 3 };
        for (int f = 0; f < 3; f++)
        {
            frame.CopyTo(input.Frame(f));
            input.SetFrameTime(f, 10 + f * 0.5, f * 87, 100 + f);
        }
        using var output = new SampleBlock(configured.Format, 3);
        output.Count = 0;
        stage.Process(input, output);
        Assert.Equal(3, output.Count);
        for (int f = 0; f < 3; f++)
        {
            var y = output.Frame(f);
            for (int k = 0; k < expected.Length; k++)
                Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-5, $"frame {f} output {k}: {y[k]} vs numpy {expected[k]}");
            Assert.Equal(10 + f * 0.5, output.Timestamps[f]);
        }
        Assert.Contains("input [1, 4] x 0.5", stage.Describe());
    }

    [Fact]
    public void Windows_into_a_feature_model_ask_for_a_feature_stage()
    {
        var (channels, _, _) = Reference();
        var e = TestModels.ConfigureFails(Model, Frames(channels, frameLength: 348));
        Assert.Equal("model", e.Parameter);
        Assert.Contains("takes feature frames (input_kind features) but the stream carries windows of 348 samples", e.Message);
        Assert.Contains("put a feature stage", e.Message);
    }

    [Fact]
    public void A_missing_feature_is_named_with_the_frames_channels()
    {
        var e = TestModels.ConfigureFails(Model, Frames(["C3:8-13Hz", "C4:8-13Hz", "C3"]));
        Assert.Contains("expects 4 features (feature_names: C3:8-13Hz, C4:8-13Hz, C3, C4:13-30Hz)", e.Message);
        Assert.Contains("missing C4:13-30Hz", e.Message);
    }

    [Fact]
    public void Two_frame_channels_matching_one_feature_loosely_is_an_error()
    {
        var e = TestModels.ConfigureFails(Model, Frames(["c3..:8-13hz", "C3.:8-13Hz", "C4:8-13Hz", "C3", "C4:13-30Hz"]));
        Assert.Contains("model feature 'C3:8-13Hz' matches two frame channels, 'c3..:8-13hz' and 'C3.:8-13Hz'", e.Message);
    }

    private static Dictionary<string, string> Valid() => new()
    {
        ["neurort_model_version"] = "1",
        ["input_kind"] = "features",
        ["feature_names"] = "[\"Bonn:1-4Hz\", \"Bonn:4-8Hz\"]",
        ["class_names"] = "[\"background\", \"seizure\"]",
        ["output_kind"] = "probabilities",
    };

    private static ModelContract Read(Dictionary<string, string> m) => ModelContract.Read(new ModelMetadata("", "", 0, m), "m.onnx", 2);

    [Fact]
    public void A_feature_contract_needs_no_rate_or_window_but_checks_them_when_given()
    {
        var c = Read(Valid());
        Assert.Equal(["Bonn:1-4Hz", "Bonn:4-8Hz"], c.ChannelNames);
        Assert.Equal(InputKind.Features, c.InputKind);
        var m = Valid();
        m["sampling_rate"] = "173.61";
        Assert.Equal(173.61, Read(m).SamplingRate);
        m["sampling_rate"] = "fast";
        Assert.Contains("metadata sampling_rate = 'fast'", Assert.Throws<StageConfigurationException>(() => Read(m)).Message);
    }

    [Fact]
    public void A_feature_contract_without_feature_names_says_what_a_feature_model_needs()
    {
        var m = Valid();
        m.Remove("feature_names");
        m["channel_names"] = "[\"Bonn\"]"; // a window model's key does not stand in for it
        var e = Assert.Throws<StageConfigurationException>(() => Read(m));
        Assert.Contains("has no metadata 'feature_names'; a NeuroRT feature model (input_kind features) needs", e.Message);
    }

    [Fact]
    public void An_unknown_input_kind_is_refused_quoting_it()
    {
        var m = Valid();
        m["input_kind"] = "spikes";
        Assert.Contains("metadata input_kind = 'spikes' is not one of windows, features", Assert.Throws<StageConfigurationException>(() => Read(m)).Message);
    }
}
