using System.Text;
using NeuroRT.Host.Loading;

namespace NeuroRT.Cli.Commands;

/// <summary>The plain-text picture of a loaded pipeline: source, each stage with the format it emits, outputs.</summary>
public static class PipelineDescription
{
    /// <summary>Several lines, each ending in a newline.</summary>
    public static string Describe(LoadedPipeline loaded)
    {
        var text = new StringBuilder();
        var p = loaded.Pipeline;
        text.AppendLine($"  source   {loaded.Document.Source.TypeName}: {p.SourceFormat}" +
                        (loaded.Source.DurationSeconds is { } d ? $", {d:0.#} s" : "") +
                        (loaded.Source.IsRealTime ? "" : ", as fast as possible"));
        foreach (var node in p.Nodes)
            text.AppendLine($"  stage    {node.Name} <- {node.InputName}: {node.Format}");
        foreach (var port in p.Ports)
            text.AppendLine($"  output   {port.Name} <- {port.NodeName}");
        return text.ToString();
    }
}
