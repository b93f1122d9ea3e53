namespace NeuroRT.Onnx.Native;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>); unknown codes are reported as <see cref="Fail"/>.</summary>
public enum OrtErrorCode
{
    /// <summary>Success (never carried by an exception).</summary>
    Ok = 0,
    /// <summary>Generic failure.</summary>
    Fail = 1,
    /// <summary>An argument was invalid (e.g. wrong input shape or name).</summary>
    InvalidArgument = 2,
    /// <summary>A file (model, provider library) does not exist.</summary>
    NoSuchFile = 3,
    /// <summary>No model.</summary>
    NoModel = 4,
    /// <summary>An engine error.</summary>
    EngineError = 5,
    /// <summary>A runtime exception inside ORT.</summary>
    RuntimeException = 6,
    /// <summary>The model file is not valid protobuf (corrupt or not ONNX).</summary>
    InvalidProtobuf = 7,
    /// <summary>Wrong session state (not success).</summary>
    ModelLoaded = 8,
    /// <summary>Not implemented.</summary>
    NotImplemented = 9,
    /// <summary>The model graph is invalid.</summary>
    InvalidGraph = 10,
    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
    /// <summary>Model loading was cancelled.</summary>
    ModelLoadCanceled = 12,
    /// <summary>The model must be compiled first.</summary>
    ModelRequiresCompilation = 13,
    /// <summary>Something was not found.</summary>
    NotFound = 14,
    /// <summary>The device was reset.</summary>
    DeviceReset = 15,
}

/// <summary>A failure reported by ONNX Runtime through an <c>OrtStatus</c>: its code and its message, copied before the status was released.</summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception; <paramref name="rawCode"/> is the code as ORT returned it.</summary>
    public OrtException(int rawCode, string ortMessage, string? context = null)
        : base($"{(context is null ? "" : context + ": ")}ONNX Runtime error {Name(rawCode)} ({rawCode}): {ortMessage}")
    {
        RawCode = rawCode;
        Code = rawCode is >= 1 and <= 15 ? (OrtErrorCode)rawCode : OrtErrorCode.Fail;
        OrtMessage = ortMessage;
    }

    /// <summary>The error code (unknown codes map to <see cref="OrtErrorCode.Fail"/>).</summary>
    public OrtErrorCode Code { get; }

    /// <summary>The code exactly as ORT returned it.</summary>
    public int RawCode { get; }

    /// <summary>ORT's own message.</summary>
    public string OrtMessage { get; }

    private static string Name(int code) => code is >= 0 and <= 15 ? ((OrtErrorCode)code).ToString() : "Unknown";
}
