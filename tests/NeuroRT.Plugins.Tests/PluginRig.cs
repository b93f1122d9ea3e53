using System.Collections.Concurrent;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Plugins;

namespace NeuroRT.Plugins.Tests;

/// <summary>A temporary folder with pipeline files, the test plugins' folder, and the plugin log captured.</summary>
internal sealed class PluginRig : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("neurort-plugins-").FullName;

    /// <summary>Where the test project laid out the test plugins (one sub-folder per plugin).</summary>
    public static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    public ConcurrentQueue<(PluginLogLevel Level, string Output, string Message)> Log { get; } = new();

    public string Write(string text, string name = "pipeline.yaml")
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    /// <summary>Loads with no built-in plugins folder, so only the file's folders count.</summary>
    public LoadedPipeline Load(string path) => PipelineLoader.Load(path, new LoadOptions
    {
        BuiltInPluginFolder = Path.Combine(Folder, "no-built-in-plugins"),
        PluginLog = (level, output, message) => Log.Enqueue((level, output, message)),
    });

    public PipelineFileException Fails(string path) => Assert.Throws<PipelineFileException>(() => Load(path).Dispose());

    public string Folders(params string[] plugins) =>
        "[" + string.Join(", ", plugins.Select(p => "\"" + Path.Combine(TestPlugins, p).Replace("\\", "/") + "\"")) + "]";

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
