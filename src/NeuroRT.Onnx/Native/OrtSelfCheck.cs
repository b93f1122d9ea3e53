using System.Globalization;
using System.Runtime.InteropServices;

namespace NeuroRT.Onnx.Native;

/// <summary>
/// The start-up check of the slot table (spec section 6): a wrong slot number does not fail cleanly, it
/// calls another function with mismatched arguments, so before anything else runs we make calls whose
/// answers are known. The steps go from the safest slots (fixed since API 1) to the farthest one (254).
/// </summary>
internal static unsafe class OrtSelfCheck
{
    /// <summary>The release whose header the slot numbers were taken from.</summary>
    public const int VerifiedMajor = 1, VerifiedMinor = 30;

    /// <summary>Refuses a library older than 1.30 (its table may be shorter than the slots we read); warns on a newer minor.</summary>
    public static void CheckVersion(string path, string version)
    {
        string[] parts = version.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
            throw new OnnxRuntimeNotFoundException($"ONNX Runtime at '{path}' reports an unreadable version '{version}'; NeuroRT needs 1.30 (API version {OrtSlots.ApiVersion})");
        if (major != VerifiedMajor || minor < VerifiedMinor)
            throw new OnnxRuntimeNotFoundException($"ONNX Runtime at '{path}' is version {version}, but NeuroRT's binding needs {VerifiedMajor}.{VerifiedMinor} or a later 1.x (API version {OrtSlots.ApiVersion}); run tools/setup.sh for the verified 1.30.0, or point {LibraryLocator.EnvironmentVariable} at a newer build");
        if (minor != VerifiedMinor)
            Console.Error.WriteLine($"warning: ONNX Runtime at '{path}' is version {version}; NeuroRT's slot table was verified against {VerifiedMajor}.{VerifiedMinor} (slots are append-only upstream, and the self-check passed)");
    }

    /// <summary>Runs steps 2-4 of the check; returns the build-info string. Throws naming the library path and version.</summary>
    public static string Run(OrtApi api, string path, string version)
    {
        string Fail(string what) => throw new OnnxRuntimeNotFoundException(
            $"ONNX Runtime at '{path}' (version {version}) failed NeuroRT's self-check of the API {OrtSlots.ApiVersion} function table: {what}. " +
            $"The library does not match the binding; use the one tools/setup.sh provisions (1.30.0)");

        // Step 2: status round trip (slots 0, 1, 2, 93).
        nint status;
        fixed (byte* msg = "neurort self-check\0"u8) status = api.CreateStatus(10, msg);
        if (status == 0) Fail("CreateStatus returned NULL");
        int code = api.GetErrorCode(status);
        string? text = Marshal.PtrToStringUTF8((nint)api.GetErrorMessage(status));
        api.ReleaseStatus(status);
        if (code != 10 || text != "neurort self-check") Fail($"a status made with code 10 and 'neurort self-check' read back as code {code} and '{text}'");

        // Step 3: the far slot 254 returns a static string with a known prefix.
        string buildInfo = Marshal.PtrToStringUTF8((nint)api.GetBuildInfoString()) ?? "";
        if (!buildInfo.StartsWith("ORT Build Info", StringComparison.Ordinal)) Fail($"GetBuildInfoString (slot 254) returned '{Shorten(buildInfo)}'");

        // Step 4: object round trips without a model.
        nint info = 0, value = 0, shapeInfo = 0, runOptions = 0;
        float* buffer = stackalloc float[6];
        long* shape = stackalloc long[2] { 2, 3 };
        try
        {
            api.Check(api.CreateCpuMemoryInfo(1, 0, &info), "self-check CreateCpuMemoryInfo");
            api.Check(api.CreateTensorWithDataAsOrtValue(info, buffer, 6 * sizeof(float), shape, 2, 1, &value), "self-check CreateTensorWithDataAsOrtValue");
            void* data;
            api.Check(api.GetTensorMutableData(value, &data), "self-check GetTensorMutableData");
            if (data != buffer) Fail("GetTensorMutableData did not return the wrapped buffer");
            int isTensor;
            api.Check(api.IsTensor(value, &isTensor), "self-check IsTensor");
            if (isTensor != 1) Fail($"IsTensor said {isTensor} for a tensor");
            api.Check(api.GetTensorTypeAndShape(value, &shapeInfo), "self-check GetTensorTypeAndShape");
            nuint rank;
            api.Check(api.GetDimensionsCount(shapeInfo, &rank), "self-check GetDimensionsCount");
            if (rank != 2) Fail($"a rank-2 tensor reported rank {rank}");
            api.Check(api.CreateRunOptions(&runOptions), "self-check CreateRunOptions");
            if (api.RunOptionsSetTerminate(runOptions) != 0 || api.RunOptionsUnsetTerminate(runOptions) != 0) Fail("RunOptionsSetTerminate/UnsetTerminate returned a status");
        }
        catch (OrtException e)
        {
            Fail(e.Message);
        }
        finally
        {
            if (runOptions != 0) api.ReleaseRunOptions(runOptions);
            if (shapeInfo != 0) api.ReleaseTensorTypeAndShapeInfo(shapeInfo);
            if (value != 0) api.ReleaseValue(value);
            if (info != 0) api.ReleaseMemoryInfo(info);
        }
        return buildInfo;
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "..." : s;
}
