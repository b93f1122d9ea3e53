using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using S = NeuroRT.Onnx.Native.OrtSlots;

namespace NeuroRT.Onnx.Native;

/// <summary>
/// The part of the OrtApi table NeuroRT calls, as typed unmanaged function pointers read once from the
/// table at the slot numbers of <see cref="OrtSlots"/>. Pointer types follow the spec's .NET mapping:
/// handles are <c>nint</c>, <c>size_t</c> is <c>nuint</c>, enums and C ints are <c>int</c>.
/// Calls through these pointers allocate nothing; errors come back as <c>OrtStatus*</c>, which
/// <see cref="Check"/> turns into <see cref="OrtException"/>.
/// </summary>
internal sealed unsafe class OrtApi
{
    public readonly delegate* unmanaged<int, byte*, nint> CreateStatus;
    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetDescription;
    public readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<nint, long*, nint> ModelMetadataGetVersion;
    public readonly delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged<nint, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, int*, nint> IsTensor;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint*, nint> CreateRunOptions;
    public readonly delegate* unmanaged<nint, nint> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<nint, nint> RunOptionsUnsetTerminate;
    public readonly delegate* unmanaged<nint, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;
    public readonly delegate* unmanaged<nint*, nint> CreateCudaProviderOptions;
    public readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateCudaProviderOptions;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProviderCudaV2;
    public readonly delegate* unmanaged<nint, void> ReleaseCudaProviderOptions;

    /// <summary>Reads the pointers from <paramref name="table"/>, the result of <c>GetApi(30)</c>.</summary>
    public OrtApi(nint table)
    {
        var t = (void**)table;
        CreateStatus = (delegate* unmanaged<int, byte*, nint>)t[S.CreateStatus];
        GetErrorCode = (delegate* unmanaged<nint, int>)t[S.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)t[S.GetErrorMessage];
        ReleaseStatus = (delegate* unmanaged<nint, void>)t[S.ReleaseStatus];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)t[S.CreateEnv];
        ReleaseEnv = (delegate* unmanaged<nint, void>)t[S.ReleaseEnv];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)t[S.CreateSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)t[S.SetSessionExecutionMode];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[S.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[S.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[S.SetInterOpNumThreads];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)t[S.ReleaseSessionOptions];
        CreateSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)t[S.CreateSession];
        ReleaseSession = (delegate* unmanaged<nint, void>)t[S.ReleaseSession];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[S.Run];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[S.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[S.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[S.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[S.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[S.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[S.SessionGetOutputName];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)t[S.GetOnnxTypeFromTypeInfo];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[S.CastTypeInfoToTensorInfo];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[S.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[S.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[S.GetDimensions];
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)t[S.GetSymbolicDimensions];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)t[S.ReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)t[S.ReleaseTensorTypeAndShapeInfo];
        SessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)t[S.SessionGetModelMetadata];
        ModelMetadataGetProducerName = (delegate* unmanaged<nint, nint, byte**, nint>)t[S.ModelMetadataGetProducerName];
        ModelMetadataGetDescription = (delegate* unmanaged<nint, nint, byte**, nint>)t[S.ModelMetadataGetDescription];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<nint, nint, byte*, byte**, nint>)t[S.ModelMetadataLookupCustomMetadataMap];
        ModelMetadataGetVersion = (delegate* unmanaged<nint, long*, nint>)t[S.ModelMetadataGetVersion];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<nint, nint, byte***, long*, nint>)t[S.ModelMetadataGetCustomMetadataMapKeys];
        ReleaseModelMetadata = (delegate* unmanaged<nint, void>)t[S.ReleaseModelMetadata];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[S.GetAllocatorWithDefaultOptions];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)t[S.AllocatorFree];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[S.CreateCpuMemoryInfo];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)t[S.ReleaseMemoryInfo];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[S.CreateTensorWithDataAsOrtValue];
        IsTensor = (delegate* unmanaged<nint, int*, nint>)t[S.IsTensor];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)t[S.GetTensorMutableData];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)t[S.GetTensorTypeAndShape];
        ReleaseValue = (delegate* unmanaged<nint, void>)t[S.ReleaseValue];
        CreateRunOptions = (delegate* unmanaged<nint*, nint>)t[S.CreateRunOptions];
        RunOptionsSetTerminate = (delegate* unmanaged<nint, nint>)t[S.RunOptionsSetTerminate];
        RunOptionsUnsetTerminate = (delegate* unmanaged<nint, nint>)t[S.RunOptionsUnsetTerminate];
        ReleaseRunOptions = (delegate* unmanaged<nint, void>)t[S.ReleaseRunOptions];
        GetBuildInfoString = (delegate* unmanaged<byte*>)t[S.GetBuildInfoString];
        CreateCudaProviderOptions = (delegate* unmanaged<nint*, nint>)t[S.CreateCudaProviderOptions];
        UpdateCudaProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[S.UpdateCudaProviderOptions];
        SessionOptionsAppendExecutionProviderCudaV2 = (delegate* unmanaged<nint, nint, nint>)t[S.SessionOptionsAppendExecutionProviderCudaV2];
        ReleaseCudaProviderOptions = (delegate* unmanaged<nint, void>)t[S.ReleaseCudaProviderOptions];
    }

    /// <summary>Throws <see cref="OrtException"/> when <paramref name="status"/> is not NULL (NULL is success); the status is released.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Check(nint status, string? context = null)
    {
        if (status != 0) Throw(status, context);
    }

    /// <summary>Copies code and message out of <paramref name="status"/>, releases it, and returns the exception (cold path).</summary>
    public OrtException ToException(nint status, string? context = null)
    {
        int code = GetErrorCode(status);
        // The message belongs to the status: copy it before ReleaseStatus.
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "";
        ReleaseStatus(status);
        return new OrtException(code, message, context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Throw(nint status, string? context) => throw ToException(status, context);

    /// <summary>Frees <paramref name="p"/> with the allocator that ORT used for it; NULL is ignored.</summary>
    public void Free(nint allocator, void* p)
    {
        if (p != null) Check(AllocatorFree(allocator, p));
    }

    /// <summary>Copies a string ORT allocated with <paramref name="allocator"/> and frees it.</summary>
    public string TakeString(nint allocator, byte* p)
    {
        if (p == null) return "";
        string s = Marshal.PtrToStringUTF8((nint)p) ?? "";
        Free(allocator, p);
        return s;
    }
}
