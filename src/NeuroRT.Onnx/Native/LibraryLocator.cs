namespace NeuroRT.Onnx.Native;

/// <summary>
/// Decides which ONNX Runtime library file to load. In order:
/// <list type="number">
/// <item>an explicit path (the <c>onnx</c> stage's <c>library</c> parameter);</item>
/// <item>the <c>NEURORT_ONNXRUNTIME</c> environment variable (a file, or a folder holding <c>libonnxruntime.so.1</c>);</item>
/// <item><c>.native/onnxruntime/libonnxruntime.so.1</c> in the repository checkout, found by walking up from
///   the application's folder (<see cref="AppContext.BaseDirectory"/>, e.g. <c>src/NeuroRT.Cli/bin/Release/net10.0/</c>)
///   and then from the current directory, to the first folder that has it. <c>tools/setup.sh</c> puts it there.</item>
/// </list>
/// No system-wide search: which build runs must be visible, because the slot table is only checked for 1.30.
/// </summary>
public static class LibraryLocator
{
    /// <summary>The environment variable that overrides the library path.</summary>
    public const string EnvironmentVariable = "NEURORT_ONNXRUNTIME";

    /// <summary>The library's file name (its SONAME); kept so that ORT finds optional provider libraries beside it.</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>Where <c>tools/setup.sh</c> caches the library, relative to the repository root.</summary>
    public static readonly string RepositoryFolder = Path.Combine(".native", "onnxruntime");

    /// <summary>
    /// The full path of the library to load, or throws <see cref="OnnxRuntimeNotFoundException"/> saying
    /// every place looked at and how to provision it.
    /// </summary>
    public static string Resolve(string? explicitPath = null) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable(EnvironmentVariable), [AppContext.BaseDirectory, Environment.CurrentDirectory]);

    /// <summary>The lookup with its inputs given: the environment variable's value and the folders to walk up from.</summary>
    internal static string Resolve(string? explicitPath, string? fromEnv, string[] starts)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return Existing(explicitPath, "the 'library' parameter");
        if (!string.IsNullOrEmpty(fromEnv)) return Existing(fromEnv, $"{EnvironmentVariable}");
        var looked = new List<string>();
        foreach (string start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryFolder, FileName);
                if (File.Exists(candidate)) return candidate;
                looked.Add(candidate);
            }
        }
        throw new OnnxRuntimeNotFoundException(
            $"ONNX Runtime ({FileName}) was not found: looked in {string.Join(", ", looked.Distinct())}. " +
            $"Run tools/setup.sh in the repository (it fetches ONNX Runtime 1.30.0 into {RepositoryFolder}/), " +
            $"or set {EnvironmentVariable} to the path of your own {FileName}.");
    }

    private static string Existing(string path, string from)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) full = Path.Combine(full, FileName);
        if (File.Exists(full)) return full;
        throw new OnnxRuntimeNotFoundException($"ONNX Runtime library given by {from} does not exist: '{path}' (looked for {full}); give the path of a {FileName} (ONNX Runtime >= 1.30), or unset it to use the one tools/setup.sh provisions");
    }
}

/// <summary>The ONNX Runtime library could not be found or is not usable.</summary>
public sealed class OnnxRuntimeNotFoundException(string message, Exception? inner = null) : Exception(message, inner);
