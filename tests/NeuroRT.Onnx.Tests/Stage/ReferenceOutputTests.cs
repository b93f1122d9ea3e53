using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Onnx.Stage;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>The stage's output equals PyTorch's for the same window (reordered channels, input_scale applied) to 1e-5.</summary>
public sealed class ReferenceOutputTests
{
    [Theory]
    [InlineData("linear_softmax")]
    [InlineData("linear_logits")]
    [InlineData("linear_rank4")]
    [InlineData("linear_dynamic_batch")]
    [InlineData("regression")]
    public void Output_equals_pytorch_to_1e5(string model)
    {
        var reference = TestModels.ReferenceOf(model);
        var format = TestModels.Windows(reference.StreamChannels);
        using var stage = TestModels.Decoder(model);
        var configured = stage.Configure(new StageInput(format, 3));
        using var input = TestModels.Block(format, reference.StreamWindow, frames: 3);
        using var output = new SampleBlock(configured.Format, configured.MaxFramesPerBlock);
        stage.Process(input, output);

        Assert.Equal(3, output.Count);
        Assert.Equal(reference.Expected.Length, configured.Format.ChannelCount);
        for (int f = 0; f < output.Count; f++)
        {
            var y = output.Frame(f);
            for (int k = 0; k < y.Length; k++)
                Assert.True(Math.Abs(y[k] - reference.Expected[k]) <= 1e-5, $"{model} frame {f} output {k}: {y[k]} vs PyTorch {reference.Expected[k]}");
            Assert.Equal(f * 8, output.SampleIndex[f]);
        }
    }

    [Fact]
    public void Logits_are_turned_into_probabilities_and_the_description_says_so()
    {
        var reference = TestModels.ReferenceOf("linear_logits");
        using var stage = TestModels.Decoder("linear_logits");
        var log = new StringWriter();
        stage.Log = log;
        var configured = stage.Configure(new StageInput(TestModels.Windows(reference.StreamChannels), 1));
        Assert.Equal(OutputKind.Logits, stage.Contract!.OutputKind);
        Assert.Equal("onnx: model 'linear_logits.onnx' gives logits (output_kind); the stage applies softmax and emits class probabilities" + Environment.NewLine, log.ToString());
        Assert.Contains("softmax applied by the stage", stage.Describe());
        Assert.Equal(["left", "right", "rest"], configured.Format.Channels.Select(c => c.Name));
        Assert.All(configured.Format.Channels, c => Assert.Equal(ChannelTypes.ClassScore, c.Type));
        Assert.All(configured.Format.Channels, c => Assert.Equal("probability", c.Unit));
        Assert.Equal(1, configured.Format.FrameLength);
        Assert.Equal(1.0, reference.Expected.Sum(), 6);
    }

    [Fact]
    public void Regression_outputs_are_named_from_output_names()
    {
        using var stage = TestModels.Decoder("regression");
        var configured = stage.Configure(new StageInput(TestModels.Windows(), 1));
        Assert.Equal(["x", "y"], configured.Format.Channels.Select(c => c.Name));
        Assert.All(configured.Format.Channels, c => Assert.Equal(OnnxDecoder.RegressionChannelType, c.Type));
        Assert.DoesNotContain("softmax", stage.Describe());
    }

    [Fact]
    public void Input_tensor_holds_reordered_scaled_samples()
    {
        var reference = TestModels.ReferenceOf("linear_softmax");
        var format = TestModels.Windows(reference.StreamChannels);
        using var stage = TestModels.Decoder("linear_softmax");
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = TestModels.Block(format, reference.StreamWindow);
        using var output = new SampleBlock(configured.Format, 1);
        stage.Process(input, output);
        // Model channel order is C3, Cz, C4, Pz; input_scale 0.001.
        var x = stage.Run!.Input;
        int cz = Array.IndexOf(reference.StreamChannels, "Cz");
        for (int t = 0; t < TestModels.Window; t++)
            Assert.Equal(reference.StreamWindow[t * reference.StreamChannels.Length + cz] * 0.001f, x[1 * TestModels.Window + t]);
    }
}
