using System.Diagnostics;
using Path = System.IO.Path;
using NeuroRT.Onnx.Native;
using NeuroRT.Onnx.Tests.Support;

namespace NeuroRT.Onnx.Tests.Native;

/// <summary>The library lookup, the version check and the slot self-check refuse what is not ONNX Runtime 1.30 with a clear message.</summary>
[Collection(AloneCollection.Name)] // some tests set NEURORT_ONNXRUNTIME, which every other test's lookup reads
public sealed class LibraryTests
{
    [Fact]
    public void The_repository_library_is_1_30_and_passes_the_self_check()
    {
        var library = TestModels.Library();
        Assert.Equal("1.30.0", library.Version);
        Assert.StartsWith("ORT Build Info", library.BuildInfo);
        Assert.EndsWith(System.IO.Path.Combine(".native", "onnxruntime", "libonnxruntime.so.1"), library.Path);
        Assert.Same(library, OrtLibrary.Load());
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_refused()
    {
        string other = Copy("/lib/x86_64-linux-gnu/libz.so.1");
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.Load(other));
        Assert.Contains($"'{other}' is not an ONNX Runtime library: it has no OrtGetApiBase export", e.Message);
    }

    [Fact]
    public void An_older_version_is_refused_naming_path_and_version()
    {
        string fake = FakeLibrary.Build("old", "1.22.0", FakeLibrary.Table.None);
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.Load(fake));
        Assert.Contains($"ONNX Runtime at '{fake}' is version 1.22.0", e.Message);
        Assert.Contains("needs 1.30 or a later 1.x (API version 30)", e.Message);
    }

    [Fact]
    public void A_library_that_claims_1_30_but_serves_no_api_30_is_refused()
    {
        string fake = FakeLibrary.Build("noapi", "1.30.0", FakeLibrary.Table.None);
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.Load(fake));
        Assert.Contains($"ONNX Runtime at '{fake}' reports version 1.30.0 but does not serve API version 30", e.Message);
    }

    [Fact]
    public void A_table_with_other_slots_fails_the_self_check_naming_path_and_version()
    {
        string fake = FakeLibrary.Build("badslots", "1.30.0", FakeLibrary.Table.WrongStatusCode);
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.Load(fake));
        Assert.Contains($"ONNX Runtime at '{fake}' (version 1.30.0) failed NeuroRT's self-check of the API 30 function table", e.Message);
        Assert.Contains("read back as code 3", e.Message);
    }

    [Fact]
    public void The_environment_variable_overrides_the_repository_library()
    {
        string fake = FakeLibrary.Build("env", "1.21.0", FakeLibrary.Table.None);
        string? saved = Environment.GetEnvironmentVariable(LibraryLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(LibraryLocator.EnvironmentVariable, fake);
            Assert.Equal(fake, LibraryLocator.Resolve());
            Environment.SetEnvironmentVariable(LibraryLocator.EnvironmentVariable, "/nonexistent/libonnxruntime.so.1");
            var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => LibraryLocator.Resolve());
            Assert.Contains("ONNX Runtime library given by NEURORT_ONNXRUNTIME does not exist: '/nonexistent/libonnxruntime.so.1'", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LibraryLocator.EnvironmentVariable, saved);
        }
        Assert.Equal(TestModels.Library().Path, LibraryLocator.Resolve());
    }

    [Fact]
    public void A_folder_can_be_given_instead_of_the_file()
    {
        string folder = System.IO.Path.GetDirectoryName(TestModels.Library().Path)!;
        Assert.Equal(TestModels.Library().Path, LibraryLocator.Resolve(folder));
    }

    [Fact]
    public void A_checkout_without_the_library_says_to_run_tools_setup_sh()
    {
        string empty = Directory.CreateTempSubdirectory("neurort-nolib-").FullName;
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => LibraryLocator.Resolve(null, null, [Path.Combine(empty, "bin")]));
        Assert.Contains("ONNX Runtime (libonnxruntime.so.1) was not found: looked in " + Path.Combine(empty, "bin", ".native", "onnxruntime", "libonnxruntime.so.1"), e.Message);
        Assert.Contains("Run tools/setup.sh in the repository", e.Message);
        Assert.Contains("or set NEURORT_ONNXRUNTIME", e.Message);
    }

    [Fact]
    public void The_lookup_walks_up_to_the_checkout_s_native_folder()
    {
        string root = Directory.CreateTempSubdirectory("neurort-checkout-").FullName;
        string lib = Path.Combine(root, ".native", "onnxruntime", "libonnxruntime.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(lib)!);
        File.WriteAllText(lib, "");
        string bin = Directory.CreateDirectory(Path.Combine(root, "src", "NeuroRT.Cli", "bin", "Release", "net10.0")).FullName;
        Assert.Equal(lib, LibraryLocator.Resolve(null, null, [bin]));
    }

    private static string Copy(string file)
    {
        string dir = Directory.CreateTempSubdirectory("neurort-ort-").FullName;
        string copy = System.IO.Path.Combine(dir, "libonnxruntime.so.1");
        File.Copy(file, copy);
        return copy;
    }
}

/// <summary>Tiny stand-ins for libonnxruntime.so.1, compiled with gcc, that lie about their version or table.</summary>
internal static class FakeLibrary
{
    public enum Table { None, WrongStatusCode }

    public static string Build(string name, string version, Table table)
    {
        string dir = Directory.CreateTempSubdirectory($"neurort-fake-{name}-").FullName;
        string source = System.IO.Path.Combine(dir, "fake.c"), library = System.IO.Path.Combine(dir, "libonnxruntime.so.1");
        // OrtGetApiBase returns {GetApi, GetVersionString}. With a table, every slot points at a no-op except the
        // status functions, whose GetErrorCode answers 3 whatever the status was made with.
        string body = table == Table.None ? "static const void* get_api(unsigned v) { (void)v; return 0; }" : """
            static int status_object;
            static void* noop(void) { return 0; }
            static void* create_status(int c, const char* m) { (void)c; (void)m; return &status_object; }
            static int error_code(const void* s) { (void)s; return 3; }
            static const char* error_message(const void* s) { (void)s; return "neurort self-check"; }
            static void* slots[400];
            static const void* get_api(unsigned v) {
                if (v != 30) return 0;
                for (int i = 0; i < 400; i++) slots[i] = (void*)noop;
                slots[0] = (void*)create_status; slots[1] = (void*)error_code; slots[2] = (void*)error_message;
                return slots;
            }
            """;
        File.WriteAllText(source, body + $$"""

            static const char* version(void) { return "{{version}}"; }
            static const void* base[2] = { (const void*)get_api, (const void*)version };
            const void* OrtGetApiBase(void) { return base; }
            """);
        var gcc = Process.Start(new ProcessStartInfo("gcc", ["-shared", "-fPIC", "-o", library, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("cannot start gcc");
        string errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        Assert.True(gcc.ExitCode == 0, $"this test builds a fake libonnxruntime.so.1 with gcc (Debian: apt-get install gcc): {errors}");
        return library;
    }
}
