using System.Security.Cryptography;
using System.Xml.Linq;
using NeuroRT.Core.Configuration;
using NeuroRT.Host.Components;
using NeuroRT.Host.Files;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Recording;

/// <summary>
/// What every stream of a pipeline recording carries in its header's <c>desc</c>, so a file says how it was made:
/// the NeuroRT version, the pipeline file (path and whole text) and the SHA-256 of every input file the pipeline
/// names (models, fitted filters, the replayed recording).
/// </summary>
internal sealed class RecordingHeader
{
    private readonly XElement _pipeline;

    public RecordingHeader(PipelineDocument document, ComponentRegistry registry)
    {
        Version = typeof(RecordingHeader).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var files = new XElement("files");
        var entries = new List<ComponentEntry> { document.Source };
        entries.AddRange(document.Stages);
        entries.AddRange(document.Outputs);
        foreach (var entry in entries)
        {
            var descriptor = registry.Find(entry.Kind, entry.TypeName);
            if (descriptor is null) continue; // plugin outputs: their files are the plugin's business
            foreach (var (key, value) in entry.Parameters)
            {
                if (descriptor.Find(key.Value ?? "") is not { Attribute.InputFile: true } || value is not YamlScalarNode { Value: { Length: > 0 } text }) continue;
                string full = Path.GetFullPath(Path.Combine(document.Directory, text));
                string node = entry.Kind == ComponentKind.Source ? "source" : entry.Name;
                var file = new XElement("file", new XAttribute("node", node), new XAttribute("parameter", key.Value!), new XElement("path", full));
                if (File.Exists(full)) file.Add(new XElement("sha256", Sha256(full)));
                files.Add(file);
                Files.Add((node, key.Value!, full));
            }
        }

        _pipeline = new XElement("neurort",
            new XElement("version", Version),
            new XElement("recorded_by", "neurort run"),
            new XElement("pipeline_file", Path.GetFullPath(document.Path)),
            new XElement("pipeline_name", document.Name),
            new XElement("pipeline", document.Text),
            files);
    }

    /// <summary>NeuroRT's version.</summary>
    public string Version { get; }

    /// <summary>Input files named by the pipeline: node, parameter, full path.</summary>
    public List<(string Node, string Parameter, string Path)> Files { get; } = [];

    /// <summary>The <c>&lt;neurort&gt;</c> element for a stream recording node <paramref name="node"/>, with its role.</summary>
    public string DescXml(string node, string role, IEnumerable<string> outputs)
    {
        var element = new XElement(_pipeline);
        element.Add(new XElement("node", node), new XElement("role", role));
        var fed = new XElement("outputs");
        foreach (string o in outputs) fed.Add(new XElement("output", o));
        element.Add(fed);
        element.Add(new XElement("timestamps", "source time as the pipeline saw it: the file's times for a replay, this host's LSL clock (already clock-corrected) for an lsl source"));
        return element.ToString(SaveOptions.DisableFormatting);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
