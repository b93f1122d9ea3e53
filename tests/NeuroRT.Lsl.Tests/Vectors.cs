using System.Text;
using System.Text.Json;

namespace NeuroRT.Lsl.Tests;

/// <summary>
/// The bytes captured from real liblsl 1.17.7 in ../shared/vectors/lsl (next to the repository) and their
/// MANIFEST.json. Tests that need them fail with a clear message when they are missing.
/// </summary>
public static class Vectors
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<JsonDocument> ManifestDocument = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "MANIFEST.json"))));

    /// <summary>Full path of ../shared/vectors/lsl.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The parsed manifest.</summary>
    public static JsonElement Manifest => ManifestDocument.Value.RootElement;

    /// <summary>Bytes of a vector file, e.g. <c>p110/float32/streamfeed_response.bin</c>.</summary>
    public static byte[] Bytes(string relative)
    {
        string path = Path.Combine(Root, relative);
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} not found: the LSL vectors in ../shared/vectors/lsl are required for this test");
        return File.ReadAllBytes(path);
    }

    /// <summary>Text of a vector file.</summary>
    public static string Text(string relative) => Encoding.UTF8.GetString(Bytes(relative));

    /// <summary>The manifest entry of a file.</summary>
    public static JsonElement File_(string relative) => Manifest.GetProperty("files").GetProperty(relative);

    /// <summary>The manifest entry of a session (e.g. <c>p110/float32/session</c>).</summary>
    public static JsonElement Session(string name) => Manifest.GetProperty("sessions").GetProperty(name);

    /// <summary>Every file name in the manifest.</summary>
    public static IEnumerable<string> FileNames()
    {
        foreach (var property in Manifest.GetProperty("files").EnumerateObject()) yield return property.Name;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln")))
            {
                string root = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "lsl"));
                if (!Directory.Exists(root))
                    throw new InvalidOperationException($"{root} is missing: the LSL vectors captured from real liblsl (../shared/vectors/lsl next to the repository) are required for this test");
                return root;
            }
        }

        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the tests from a checkout so that ../shared/vectors/lsl can be found");
    }

    /// <summary>Feed-response files of the captures (every format, both protocols, big-endian feeds).</summary>
    public static TheoryData<string> FeedResponses()
    {
        var data = new TheoryData<string>();
        string[] formats = ["float32", "double64", "string", "int32", "int16", "int8", "int64"];
        foreach (string f in formats) data.Add($"p110/{f}/streamfeed_response.bin");
        foreach (string f in formats) data.Add($"p100/{f}/streamfeed_response.bin");
        foreach (string f in formats) data.Add($"raw/{f}/tcp_streamfeed_bigendian_response.bin");
        data.Add("p110/float32_edge/streamfeed_response.bin");
        data.Add("p110/double64_edge/streamfeed_response.bin");
        data.Add("p110/float32_batched/streamfeed_response.bin");
        data.Add("raw/float32/tcp_streamfeed_valuesize_mismatch_response.bin");
        data.Add("raw/float32/tcp_streamfeed_minimal_nobuffer_response.bin");
        data.Add("raw/float32/tcp_streamfeed_v100_nobuffer_response.bin");
        return data;
    }
}
