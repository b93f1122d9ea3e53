using System.Runtime.InteropServices;

namespace NeuroRT.Onnx.Native;

/// <summary>
/// One loaded ONNX Runtime library: its OrtApi table at API 30 (checked by <see cref="OrtSelfCheck"/>
/// before anything else calls it) and the process-wide <c>OrtEnv</c>. Libraries are loaded once per
/// path and kept for the life of the process: ORT's environment is a reference-counted singleton that
/// must outlive every session, and unloading a library whose threads may still run is unsafe.
/// </summary>
public sealed unsafe class OrtLibrary
{
    private static readonly Dictionary<string, OrtLibrary> s_loaded = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();

    private OrtLibrary(string path, string version, string buildInfo, OrtApi api, OrtEnvHandle env)
    {
        Path = path;
        Version = version;
        BuildInfo = buildInfo;
        Api = api;
        Env = env;
    }

    /// <summary>Full path of the loaded file.</summary>
    public string Path { get; }

    /// <summary>What the library's <c>GetVersionString</c> says, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>The library's build information (starts with <c>ORT Build Info</c>).</summary>
    public string BuildInfo { get; }

    internal OrtApi Api { get; }

    internal OrtEnvHandle Env { get; }

    /// <summary>
    /// Loads (once) the library <see cref="LibraryLocator.Resolve(string?)"/> picks for <paramref name="explicitPath"/>,
    /// checks it and creates its environment. Throws <see cref="OnnxRuntimeNotFoundException"/> when it is
    /// missing, not ONNX Runtime, the wrong version, or fails the slot self-check.
    /// </summary>
    public static OrtLibrary Load(string? explicitPath = null)
    {
        string path = LibraryLocator.Resolve(explicitPath);
        lock (s_lock)
        {
            if (s_loaded.TryGetValue(path, out var loaded)) return loaded;
            loaded = LoadNew(path);
            s_loaded.Add(path, loaded);
            return loaded;
        }
    }

    private static OrtLibrary LoadNew(string path)
    {
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeNotFoundException($"cannot load ONNX Runtime from '{path}': {e.Message}", e);
        }
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
            throw new OnnxRuntimeNotFoundException($"'{path}' is not an ONNX Runtime library: it has no OrtGetApiBase export; point {LibraryLocator.EnvironmentVariable} at a real {LibraryLocator.FileName} or run tools/setup.sh");
        var apiBase = (void**)((delegate* unmanaged<nint>)getApiBase)();
        if (apiBase == null) throw new OnnxRuntimeNotFoundException($"'{path}': OrtGetApiBase returned NULL");
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "";
        // Decide on the version string before calling GetApi(30): an older library would print a notice on stderr.
        OrtSelfCheck.CheckVersion(path, version);
        nint table = getApi(OrtSlots.ApiVersion);
        if (table == 0)
            throw new OnnxRuntimeNotFoundException($"ONNX Runtime at '{path}' reports version {version} but does not serve API version {OrtSlots.ApiVersion}; NeuroRT needs ONNX Runtime 1.30 or later (tools/setup.sh provisions 1.30.0)");
        var api = new OrtApi(table);
        string buildInfo = OrtSelfCheck.Run(api, path, version);
        nint env;
        fixed (byte* id = "neurort\0"u8)
            api.Check(api.CreateEnv(3 /* ERROR: warnings would go to stderr on the pipeline thread */, id, &env), "CreateEnv");
        return new OrtLibrary(path, version, buildInfo, api, new OrtEnvHandle(api, env));
    }

    /// <summary>One line for logs: <c>ONNX Runtime 1.30.0 (path)</c>.</summary>
    public override string ToString() => $"ONNX Runtime {Version} ({Path})";
}
