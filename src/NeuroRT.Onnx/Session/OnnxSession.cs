using System.Runtime.InteropServices;
using System.Text;
using NeuroRT.Onnx.Native;

namespace NeuroRT.Onnx.Session;

/// <summary>
/// A model loaded into ONNX Runtime, with what it declares: inputs, outputs and metadata. Everything
/// here allocates and belongs to start-up; the per-window path is <see cref="PreparedRun"/>.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _session;

    private OnnxSession(OrtLibrary library, string modelPath, OrtSessionHandle session, ExecutionProvider provider, string? providerNote)
    {
        Library = library;
        ModelPath = modelPath;
        _session = session;
        Provider = provider;
        ProviderNote = providerNote;
        var api = library.Api;
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        Inputs = ReadTensors(api, allocator, input: true);
        Outputs = ReadTensors(api, allocator, input: false);
        Metadata = ModelMetadata.Read(api, session.Pointer, allocator);
    }

    /// <summary>The library running the model.</summary>
    public OrtLibrary Library { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The provider actually in use (CPU when CUDA was asked for but could not be set up).</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Why the provider differs from the one asked for, or null.</summary>
    public string? ProviderNote { get; }

    /// <summary>The model's inputs, in graph order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in graph order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Producer, description, version and the custom metadata map.</summary>
    public ModelMetadata Metadata { get; }

    internal OrtSessionHandle Handle => _session;

    /// <summary>
    /// Loads <paramref name="modelPath"/>. Throws <see cref="OrtException"/> with ORT's code and message when
    /// ORT refuses it (e.g. <see cref="OrtErrorCode.NoSuchFile"/>, <see cref="OrtErrorCode.InvalidProtobuf"/>).
    /// When CUDA is asked for and cannot be appended, writes one line to <paramref name="log"/> (stderr by
    /// default) and falls back to CPU.
    /// </summary>
    public static OnnxSession Open(OrtLibrary library, string modelPath, SessionSettings? settings = null, TextWriter? log = null)
    {
        settings ??= new SessionSettings();
        var api = library.Api;
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        using var options = new OrtSessionOptionsHandle(api, raw);
        api.Check(api.SetIntraOpNumThreads(raw, settings.IntraOpThreads), "SetIntraOpNumThreads");
        api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)settings.Optimization), "SetSessionGraphOptimizationLevel");
        api.Check(api.SetSessionExecutionMode(raw, 0 /* sequential */), "SetSessionExecutionMode");
        ExecutionProvider provider = ExecutionProvider.Cpu;
        string? note = null;
        if (settings.Provider == ExecutionProvider.Cuda)
        {
            note = TryAppendCuda(api, raw, settings.CudaDevice, library);
            if (note is null) provider = ExecutionProvider.Cuda;
            else (log ?? Console.Error).WriteLine(note);
        }
        string full = Path.GetFullPath(modelPath);
        byte[] path = Encoding.UTF8.GetBytes(full + "\0"); // ORTCHAR_T is UTF-8 char on Linux/macOS
        nint session;
        fixed (byte* p = path)
            api.Check(api.CreateSession(library.Env.Pointer, p, raw, &session), $"loading model '{full}'");
        return new OnnxSession(library, full, new OrtSessionHandle(api, session), provider, note);
    }

    private static string? TryAppendCuda(OrtApi api, nint options, int device, OrtLibrary library)
    {
        nint cuda = 0;
        try
        {
            api.Check(api.CreateCudaProviderOptions(&cuda), "CreateCUDAProviderOptions");
            byte[] key = "device_id\0"u8.ToArray();
            byte[] value = Encoding.ASCII.GetBytes(device.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0");
            fixed (byte* k = key)
            fixed (byte* v = value)
            {
                byte* keys = k, values = v;
                api.Check(api.UpdateCudaProviderOptions(cuda, &keys, &values, 1), "UpdateCUDAProviderOptions");
            }
            api.Check(api.SessionOptionsAppendExecutionProviderCudaV2(options, cuda), "SessionOptionsAppendExecutionProvider_CUDA_V2");
            return null;
        }
        catch (OrtException e)
        {
            return $"onnx: the CUDA execution provider is not available from {library} ({e.OrtMessage.Trim()}); running on CPU. " +
                   $"The npm build NeuroRT provisions lacks the CUDA provider libraries (libonnxruntime_providers_shared.so, libonnxruntime_providers_cuda.so); " +
                   $"to use CUDA, set {LibraryLocator.EnvironmentVariable} (or the stage's 'library' parameter) to a libonnxruntime.so.1 of ONNX Runtime 1.30 " +
                   $"whose folder also holds those provider libraries, with the CUDA 12 and cuDNN libraries on the loader path.";
        }
        finally
        {
            if (cuda != 0) api.ReleaseCudaProviderOptions(cuda);
        }
    }

    private IReadOnlyList<TensorInfo> ReadTensors(OrtApi api, nint allocator, bool input)
    {
        nint s = _session.Pointer;
        nuint count;
        api.Check(input ? api.SessionGetInputCount(s, &count) : api.SessionGetOutputCount(s, &count), "SessionGet*Count");
        var result = new TensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(input ? api.SessionGetInputName(s, i, allocator, &name) : api.SessionGetOutputName(s, i, allocator, &name), "SessionGet*Name");
            string n = api.TakeString(allocator, name);
            nint typeInfo;
            api.Check(input ? api.SessionGetInputTypeInfo(s, i, &typeInfo) : api.SessionGetOutputTypeInfo(s, i, &typeInfo), "SessionGet*TypeInfo");
            try
            {
                result[(int)i] = ReadTensorInfo(api, n, typeInfo);
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }
        return result;
    }

    private static TensorInfo ReadTensorInfo(OrtApi api, string name, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), "GetOnnxTypeFromTypeInfo");
        nint tensor;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensor), "CastTypeInfoToTensorInfo");
        if (tensor == 0) return new TensorInfo(name, onnxType, TensorElementType.Undefined, [], []);
        // `tensor` is borrowed from typeInfo: never released here.
        int element;
        api.Check(api.GetTensorElementType(tensor, &element), "GetTensorElementType");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensor, &rank), "GetDimensionsCount");
        var dims = new long[(int)rank];
        var symbols = new string[(int)rank];
        var names = new nint[(int)rank];
        fixed (long* d = dims)
            api.Check(api.GetDimensions(tensor, d, rank), "GetDimensions");
        fixed (nint* sn = names)
            api.Check(api.GetSymbolicDimensions(tensor, (byte**)sn, rank), "GetSymbolicDimensions");
        for (int k = 0; k < symbols.Length; k++) symbols[k] = names[k] == 0 ? "" : Marshal.PtrToStringUTF8(names[k]) ?? "";
        return new TensorInfo(name, onnxType, (TensorElementType)element, dims, symbols);
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();
}
