using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests;

/// <summary>Writes pipeline text to a temporary file so that positions and relative paths are real.</summary>
internal sealed class TestPipelines : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("neurort-test-").FullName;

    public string Write(string text, string name = "pipeline.yaml")
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    /// <summary>Loads and expects failure; returns the diagnostics.</summary>
    public IReadOnlyList<PipelineDiagnostic> Errors(string text)
    {
        string path = Write(text);
        var e = Assert.Throws<PipelineFileException>(() => PipelineLoader.Load(path, registry: TestRegistry.Instance).Dispose());
        Assert.NotEmpty(e.Diagnostics);
        return e.Diagnostics;
    }

    /// <summary>The one diagnostic expected, checked to be at <paramref name="line"/>:<paramref name="column"/>.</summary>
    public PipelineDiagnostic Error(string text, int line, int column)
    {
        var all = Errors(text);
        Assert.True(all.Count == 1, "expected one error, got:\n" + string.Join("\n", all));
        var d = all[0];
        Assert.Equal(Path.Combine(Folder, "pipeline.yaml"), d.Position.File);
        Assert.True(d.Position.Line == line && d.Position.Column == column, $"expected {line}:{column}, got {d}");
        Assert.StartsWith($"{d.Position.File}:{line}:{column}: error: ", d.ToString());
        return d;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
