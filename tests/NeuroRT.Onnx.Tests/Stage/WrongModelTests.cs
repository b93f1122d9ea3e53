using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Native;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>A model that disagrees with the pipeline's stream is refused at Configure, naming both sides.</summary>
public sealed class WrongModelTests
{
    [Fact]
    public void Wrong_channel_count_names_the_model_channels_the_stream_channels_and_the_missing_one()
    {
        var e = TestModels.ConfigureFails("wrong_channels", TestModels.Windows());
        Assert.Equal("model", e.Parameter);
        Assert.Contains("expects 5 channels (C3, Cz, C4, Pz, O1)", e.Message);
        Assert.Contains("has 5 (Fz, Pz, C4, Cz, C3)", e.Message);
        Assert.Contains("missing O1", e.Message);
    }

    [Fact]
    public void A_stream_lacking_a_model_channel_is_refused()
    {
        var e = TestModels.ConfigureFails("linear_softmax", TestModels.Windows(["C3", "Cz", "C4"]));
        Assert.Contains("expects 4 channels (C3, Cz, C4, Pz)", e.Message);
        Assert.Contains("has 3 (C3, Cz, C4)", e.Message);
        Assert.Contains("missing Pz", e.Message);
    }

    [Fact]
    public void Wrong_rate_names_both_rates()
    {
        var e = TestModels.ConfigureFails("wrong_rate", TestModels.Windows());
        Assert.Contains("trained at 250 Hz (sampling_rate)", e.Message);
        Assert.Contains("sampled at 160 Hz", e.Message);
    }

    [Fact]
    public void Wrong_window_names_both_lengths_and_the_fix()
    {
        var e = TestModels.ConfigureFails("wrong_window", TestModels.Windows());
        Assert.Contains("expects windows of 64 samples (0.4 s at 160 Hz, window_samples)", e.Message);
        Assert.Contains("gives 32 samples (0.2 s)", e.Message);
        Assert.Contains("set the window length to 0.4 s", e.Message);
    }

    [Fact]
    public void Unwindowed_stream_asks_for_a_window_stage()
    {
        var e = TestModels.ConfigureFails("linear_softmax", TestModels.Windows(window: 1));
        Assert.Contains("put a window stage before it (length 0.2 s at 160 Hz)", e.Message);
    }

    [Fact]
    public void Wrong_input_rank_names_the_shape_and_what_is_fed()
    {
        var e = TestModels.ConfigureFails("wrong_rank", TestModels.Windows());
        Assert.Contains("input 'x' has shape [4, 32] (rank 2)", e.Message);
        Assert.Contains("[batch, channels, samples] (rank 3) or [batch, 1, channels, samples] (rank 4)", e.Message);
    }

    [Fact]
    public void Corrupt_file_is_refused_with_ort_s_code_and_message()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"neurort-corrupt-{Guid.NewGuid():N}.onnx");
        byte[] bytes = File.ReadAllBytes(TestModels.Path("linear_softmax"));
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 3).ToArray()); // a truncated download
        try
        {
            TestModels.Library();
            using var stage = new Onnx.Stage.OnnxDecoder { Model = path };
            var e = Assert.Throws<StageConfigurationException>(() => stage.Configure(new StageInput(TestModels.Windows(), 1)));
            Assert.Equal("model", e.Parameter);
            Assert.Contains($"cannot load model '{System.IO.Path.GetFileName(path)}'", e.Message);
            var ort = Assert.IsType<OrtException>(e.InnerException);
            Assert.Equal(OrtErrorCode.InvalidProtobuf, ort.Code);
            Assert.Contains("Protobuf parsing failed", ort.OrtMessage);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_is_refused_naming_the_path()
    {
        TestModels.Library();
        using var stage = new Onnx.Stage.OnnxDecoder { Model = "/nonexistent/model.onnx" };
        var e = Assert.Throws<StageConfigurationException>(() => stage.Configure(new StageInput(TestModels.Windows(), 1)));
        Assert.Equal("model", e.Parameter);
        Assert.Contains("model file not found: '/nonexistent/model.onnx'", e.Message);
    }
}
