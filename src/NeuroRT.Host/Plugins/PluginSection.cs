using NeuroRT.Host.Files;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Plugins;

/// <summary>
/// The <c>plugins:</c> section of a pipeline file: <c>folders</c> (paths relative to the file, searched like the
/// built-in <c>plugins/</c> folder), <c>required</c> (output types the run cannot start without) and <c>built-in</c>
/// (whether <c>plugins/</c> next to the program is searched, default true).
/// </summary>
internal sealed class PluginSection
{
    public List<string> Folders { get; } = [];

    public List<(string Name, YamlNode Node)> Required { get; } = [];

    public bool BuiltIn { get; private set; } = true;

    public static PluginSection Read(PipelineDocument document, List<PipelineDiagnostic> errors)
    {
        var section = new PluginSection();
        if (document.Plugins is not { } map) return section;
        void Error(YamlNode node, string message) => errors.Add(new PipelineDiagnostic(document.PositionOf(node), message));
        foreach (var (k, v) in map.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case "folders":
                    foreach (var (text, node) in Names(v, "plugins: folders", Error))
                    {
                        string full = Path.GetFullPath(Path.Combine(document.Directory, text));
                        if (Directory.Exists(full)) section.Folders.Add(full);
                        else Error(node, $"plugins: folder not found: '{text}' (looked for {full}); paths are relative to the pipeline file");
                    }
                    break;
                case "required":
                    section.Required.AddRange(Names(v, "plugins: required", Error));
                    break;
                case "built-in":
                    if (v is YamlScalarNode { Value: "true" or "false" } b) section.BuiltIn = b.Value == "true";
                    else Error(v, "plugins: built-in is true or false");
                    break;
                default:
                    Error(k, $"plugins: unknown key '{key}'; valid keys: folders, required, built-in");
                    break;
            }
        }
        return section;
    }

    private static List<(string, YamlNode)> Names(YamlNode node, string what, Action<YamlNode, string> error)
    {
        var list = new List<(string, YamlNode)>();
        if (node is YamlScalarNode { Value: { Length: > 0 } one }) list.Add((one, node));
        else if (node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children)
                if (item is YamlScalarNode { Value: { Length: > 0 } s }) list.Add((s, item));
                else error(item, $"{what}: each item is a text");
        }
        else error(node, $"{what} is a list such as [a, b]");
        return list;
    }
}
