using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Session;

/// <summary>A session reports its inputs, outputs (names, types, shapes with symbolic dims) and metadata.</summary>
public sealed class SessionTests
{
    [Fact]
    public void Inputs_and_outputs_have_names_types_and_shapes()
    {
        using var session = OnnxSession.Open(TestModels.Library(), TestModels.Path("linear_rank4"));
        var x = Assert.Single(session.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(1, x.OnnxType);
        Assert.Equal(TensorElementType.Float, x.ElementType);
        Assert.Equal([1L, 1, 4, 32], x.Dimensions);
        Assert.Equal(["", "", "", ""], x.SymbolicDimensions);
        var y = Assert.Single(session.Outputs);
        Assert.Equal("y", y.Name);
        Assert.Equal([1L, 3], y.Dimensions);
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
    }

    [Fact]
    public void A_dynamic_batch_is_minus_one_with_its_symbolic_name()
    {
        using var session = OnnxSession.Open(TestModels.Library(), TestModels.Path("linear_dynamic_batch"));
        var x = session.Inputs[0];
        Assert.Equal([-1L, 4, 32], x.Dimensions);
        Assert.Equal("batch", x.SymbolicDimensions[0]);
        Assert.Equal("[batch, 4, 32]", x.DescribeShape());
    }

    [Fact]
    public void Custom_metadata_and_standard_fields_are_read()
    {
        using var session = OnnxSession.Open(TestModels.Library(), TestModels.Path("linear_softmax"));
        var m = session.Metadata;
        Assert.Equal("neurort-test-fixtures", m.ProducerName);
        Assert.Equal("NeuroRT test fixture 'linear_softmax'", m.Description);
        Assert.Equal("160", m.Custom["sampling_rate"]);
        Assert.Equal("[\"C3\", \"Cz\", \"C4\", \"Pz\"]", m.Custom["channel_names"]);
        Assert.Equal("32", m.Custom["window_samples"]);
        Assert.Equal("probabilities", m.Custom["output_kind"]);
        Assert.Equal("0.001", m.Custom["input_scale"]);
        Assert.Equal("1", m.Custom["neurort_model_version"]);
        Assert.Equal("none (test fixture)", m.Custom["preprocessing"]);
        Assert.Equal(8, m.Custom.Count);
    }

    [Fact]
    public void Asking_for_cuda_without_provider_libraries_says_why_and_runs_on_cpu()
    {
        var log = new StringWriter();
        using var session = OnnxSession.Open(TestModels.Library(), TestModels.Path("linear_softmax"),
            new SessionSettings(Provider: ExecutionProvider.Cuda), log);
        // The npm build has no libonnxruntime_providers_cuda.so beside it (spec section 8); a CUDA build would take CUDA.
        if (session.Provider == ExecutionProvider.Cuda)
        {
            Assert.Equal("", log.ToString());
            return;
        }
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        string message = log.ToString();
        Assert.Contains("the CUDA execution provider is not available", message);
        Assert.Contains("lacks the CUDA provider libraries", message);
        Assert.Contains("NEURORT_ONNXRUNTIME", message);
        Assert.Contains("running on CPU", message);
        Assert.Equal(message, session.ProviderNote + Environment.NewLine);
        using var run = new PreparedRun(session, session.Inputs[0], [1, 4, 32], session.Outputs[0], [1, 3]);
        run.Run();
    }
}
