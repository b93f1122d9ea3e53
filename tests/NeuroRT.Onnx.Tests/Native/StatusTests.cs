using NeuroRT.Onnx.Native;
using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Native;

/// <summary>Every OrtStatus becomes an OrtException carrying ORT's code and message.</summary>
public sealed unsafe class StatusTests
{
    [Fact]
    public void A_status_becomes_an_exception_with_its_code_and_message()
    {
        var api = TestModels.Library().Api;
        nint status;
        fixed (byte* m = "the model is tired\0"u8) status = api.CreateStatus(10, m);
        var e = Assert.Throws<OrtException>(() => api.Check(status, "testing"));
        Assert.Equal(OrtErrorCode.InvalidGraph, e.Code);
        Assert.Equal(10, e.RawCode);
        Assert.Equal("the model is tired", e.OrtMessage);
        Assert.Equal("testing: ONNX Runtime error InvalidGraph (10): the model is tired", e.Message);
    }

    [Fact]
    public void An_unknown_code_is_reported_as_fail_keeping_the_raw_code()
    {
        var api = TestModels.Library().Api;
        nint status;
        fixed (byte* m = "new code\0"u8) status = api.CreateStatus(42, m);
        var e = Assert.Throws<OrtException>(() => api.Check(status));
        Assert.Equal(OrtErrorCode.Fail, e.Code);
        Assert.Equal(42, e.RawCode);
    }

    [Fact]
    public void A_missing_model_gives_no_such_file_from_ort()
    {
        var library = TestModels.Library();
        var e = Assert.Throws<OrtException>(() => OnnxSession.Open(library, "/nonexistent/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.Code);
        Assert.Contains("/nonexistent/model.onnx", e.Message);
    }

    [Fact]
    public void A_failing_run_becomes_an_exception_and_later_runs_still_work()
    {
        var library = TestModels.Library();
        using var session = OnnxSession.Open(library, TestModels.Path("linear_softmax"));
        // Bind the input with a shape the model refuses: ORT says "Got invalid dimensions".
        using var bad = new PreparedRun(session, session.Inputs[0], [1, 4, 16], session.Outputs[0], [1, 3]);
        var e = Assert.Throws<OrtException>(bad.Run);
        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
        Assert.Contains("invalid dimensions", e.OrtMessage);
        using var good = new PreparedRun(session, session.Inputs[0], [1, 4, 32], session.Outputs[0], [1, 3]);
        good.Run();
        Assert.Equal(1.0, good.Output[0] + good.Output[1] + good.Output[2], 5);
    }
}
