using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Stage;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>The model contract of models/CONTRACT.md: required keys, version, and channel matching.</summary>
public sealed class ContractTests
{
    private static Dictionary<string, string> Valid() => new()
    {
        ["neurort_model_version"] = "1",
        ["sampling_rate"] = "160",
        ["channel_names"] = "[\"C3\", \"C4\"]",
        ["window_samples"] = "480",
        ["class_names"] = "[\"left\", \"right\"]",
        ["output_kind"] = "probabilities",
    };

    private static ModelContract Read(Dictionary<string, string> m) => ModelContract.Read(new ModelMetadata("", "", 0, m), "m.onnx", 2);

    [Fact]
    public void A_complete_contract_reads_with_defaults()
    {
        var c = Read(Valid());
        Assert.Equal(160, c.SamplingRate);
        Assert.Equal(["C3", "C4"], c.ChannelNames);
        Assert.Equal(480, c.WindowSamples);
        Assert.Equal(["left", "right"], c.OutputNames);
        Assert.Equal(1f, c.InputScale);
        Assert.Equal("", c.Preprocessing);
    }

    [Theory]
    [InlineData("sampling_rate")]
    [InlineData("channel_names")]
    [InlineData("window_samples")]
    [InlineData("class_names")]
    [InlineData("output_kind")]
    [InlineData("neurort_model_version")]
    public void A_missing_key_is_named_with_the_keys_the_model_has(string key)
    {
        var m = Valid();
        m.Remove(key);
        var e = Assert.Throws<StageConfigurationException>(() => Read(m));
        Assert.Equal("model", e.Parameter);
        Assert.Contains($"model 'm.onnx' has no metadata '{key}'", e.Message);
        Assert.Contains("it has: ", e.Message);
    }

    [Fact]
    public void Another_contract_version_is_refused()
    {
        var m = Valid();
        m["neurort_model_version"] = "2";
        Assert.Contains("follows NeuroRT model contract version '2'", Assert.Throws<StageConfigurationException>(() => Read(m)).Message);
    }

    [Theory]
    [InlineData("channel_names", "C3,C4", "must be a JSON list of strings")]
    [InlineData("channel_names", "[\"C3\", \"C3\"]", "names the same item twice")]
    [InlineData("sampling_rate", "fast", "is not a positive number of Hz")]
    [InlineData("window_samples", "2.5", "is not a positive whole number of samples")]
    [InlineData("output_kind", "scores", "is not one of probabilities, logits, regression")]
    [InlineData("input_scale", "0", "is not a finite non-zero number")]
    public void A_malformed_value_is_refused_quoting_it(string key, string value, string why)
    {
        var m = Valid();
        m[key] = value;
        var e = Assert.Throws<StageConfigurationException>(() => Read(m));
        Assert.Contains($"metadata {key}", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Regression_needs_no_class_names()
    {
        var m = Valid();
        m.Remove("class_names");
        m["output_kind"] = "regression";
        Assert.Equal(["y0", "y1"], Read(m).OutputNames);
    }

    [Fact]
    public void Edf_labels_match_ignoring_case_and_trailing_dots()
    {
        var reference = TestModels.ReferenceOf("linear_softmax");
        string[] edf = reference.StreamChannels.Select(n => n.ToUpperInvariant() + new string('.', 4 - n.Length)).ToArray(); // FZ.., PZ.., ...
        var format = TestModels.Windows(edf);
        using var stage = TestModels.Decoder("linear_softmax");
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = TestModels.Block(format, reference.StreamWindow);
        using var output = new SampleBlock(configured.Format, 1);
        stage.Process(input, output);
        for (int k = 0; k < 3; k++) Assert.True(Math.Abs(output.Frame(0)[k] - reference.Expected[k]) <= 1e-5);
    }

    [Fact]
    public void Two_loose_matches_are_an_error_not_a_guess()
    {
        var e = TestModels.ConfigureFails("linear_softmax", TestModels.Windows(["C3.", "c3", "Cz", "C4", "Pz"]));
        Assert.Contains("model channel 'C3' matches two stream channels, 'C3.' and 'c3'", e.Message);
    }
}
