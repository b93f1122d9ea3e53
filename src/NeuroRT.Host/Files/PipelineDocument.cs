using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Files;

/// <summary>A pipeline file read and checked for shape: the entries, not yet bound to components.</summary>
public sealed class PipelineDocument
{
    internal PipelineDocument(string path, string text, ComponentEntry source, List<ComponentEntry> stages, List<ComponentEntry> outputs, YamlMappingNode? runtime, string? name, string? description)
    {
        Path = path;
        Text = text;
        Source = source;
        Stages = stages;
        Outputs = outputs;
        Runtime = runtime;
        Name = name ?? System.IO.Path.GetFileNameWithoutExtension(path);
        Description = description ?? "";
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>The folder relative input paths are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";

    /// <summary>The file's text (recordings embed it).</summary>
    public string Text { get; }

    /// <summary>The pipeline's name (<c>name:</c>, else the file name).</summary>
    public string Name { get; }

    /// <summary>What the pipeline is for.</summary>
    public string Description { get; }

    /// <summary>The <c>source:</c> entry.</summary>
    public ComponentEntry Source { get; }

    /// <summary>Stages, each with its input resolved to a node name.</summary>
    public IReadOnlyList<ComponentEntry> Stages { get; }

    /// <summary>Outputs, each with the node it reads from.</summary>
    public IReadOnlyList<ComponentEntry> Outputs { get; }

    /// <summary>The <c>runtime:</c> mapping, if any.</summary>
    public YamlMappingNode? Runtime { get; }

    /// <summary>The <c>plugins:</c> mapping (plugin folders, required plugins), if any.</summary>
    public YamlMappingNode? Plugins { get; internal init; }

    /// <summary>Where <paramref name="node"/> is in the file.</summary>
    public SourcePosition PositionOf(YamlNode node) => new(Path, (int)node.Start.Line, (int)node.Start.Column);
}
