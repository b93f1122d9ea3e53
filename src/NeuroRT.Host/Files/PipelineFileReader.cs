using NeuroRT.Core.Configuration;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Files;

/// <summary>
/// Reads a pipeline file into a <see cref="PipelineDocument"/>, checking its shape: YAML syntax, the
/// known top-level keys, <c>stages</c> or <c>nodes</c>/<c>edges</c>, and that every entry names a type.
/// Every problem becomes a <see cref="PipelineDiagnostic"/> with its line and column.
/// </summary>
public static class PipelineFileReader
{
    /// <summary>Top-level keys and what they hold.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys = ["name", "description", "source", "stages", "nodes", "edges", "outputs", "runtime", "plugins"];

    /// <summary>Reads and checks <paramref name="path"/>. Throws <see cref="PipelineFileException"/>.</summary>
    public static PipelineDocument Read(string path)
    {
        if (!File.Exists(path))
            throw new PipelineFileException(new PipelineDiagnostic(new SourcePosition(path, 1, 1), $"pipeline file not found: '{Path.GetFullPath(path)}'"));
        string text = File.ReadAllText(path);
        return Parse(path, text);
    }

    /// <summary>Checks pipeline text as if read from <paramref name="path"/>.</summary>
    public static PipelineDocument Parse(string path, string text)
    {
        var errors = new List<PipelineDiagnostic>();
        var root = LoadRoot(path, text);
        SourcePosition At(YamlNode node) => new(path, (int)node.Start.Line, (int)node.Start.Column);
        void Error(YamlNode node, string message) => errors.Add(new PipelineDiagnostic(At(node), message));

        YamlNode? sourceNode = null, stagesNode = null, nodesNode = null, edgesNode = null, outputsNode = null;
        YamlMappingNode? runtime = null, plugins = null;
        string? name = null, description = null;
        foreach (var (keyNode, value) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, "top-level keys must be plain names");
                continue;
            }
            switch (key)
            {
                case "name": name = Scalar(value, "name", Error); break;
                case "description": description = Scalar(value, "description", Error); break;
                case "source": sourceNode = value; break;
                case "stages": stagesNode = value; break;
                case "nodes": nodesNode = value; break;
                case "edges": edgesNode = value; break;
                case "outputs": outputsNode = value; break;
                case "runtime":
                    if (value is YamlMappingNode m) runtime = m;
                    else Error(value, "runtime must be a mapping such as {block: 32, ring: 10s}");
                    break;
                case "plugins":
                    if (value is YamlMappingNode pm) plugins = pm;
                    else Error(value, "plugins must be a mapping such as {folders: [./my-plugins], required: [robot-arm]}");
                    break;
                default:
                    Error(keyNode, $"unknown top-level key '{key}'{NameSuggestions.DidYouMean(key, TopLevelKeys)}; valid keys: {string.Join(", ", TopLevelKeys)}");
                    break;
            }
        }

        ComponentEntry? source = null;
        if (sourceNode is null) Error(root, "the pipeline has no 'source:'; add one, e.g. source: {type: edf, path: recording.edf}");
        else source = Entry(sourceNode, ComponentKind.Source, "source", Error);

        var stages = new List<ComponentEntry>();
        if (stagesNode is not null && nodesNode is not null)
            Error(nodesNode, "use either 'stages:' (a chain) or 'nodes:' with 'edges:' (a graph), not both");
        else if (stagesNode is not null)
        {
            if (edgesNode is not null) Error(edgesNode, "'edges:' goes with 'nodes:'; a 'stages:' list is a chain, each stage fed by the one before");
            ReadChain(stagesNode, stages, Error);
        }
        else if (nodesNode is not null)
        {
            ReadGraph(nodesNode, edgesNode, stages, Error, root);
        }
        else if (edgesNode is not null) Error(edgesNode, "'edges:' needs a 'nodes:' list");

        var outputs = new List<ComponentEntry>();
        if (outputsNode is not null) ReadOutputs(outputsNode, outputs, stages, Error);

        if (errors.Count > 0) throw new PipelineFileException(errors);
        return new PipelineDocument(path, text, source!, stages, outputs, runtime, name, description) { Plugins = plugins };
    }

    private static YamlMappingNode LoadRoot(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string message = Clean(e.Message);
            string what = message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"'{message["Duplicate key ".Length..]}' is written twice in the same mapping; keep one"
                : message;
            throw new PipelineFileException(new PipelineDiagnostic(new SourcePosition(path, (int)e.Start.Line, (int)e.Start.Column), $"invalid YAML: {what}"), e);
        }
        if (stream.Documents.Count == 0)
            throw new PipelineFileException(new PipelineDiagnostic(new SourcePosition(path, 1, 1), "the pipeline file is empty; it needs at least 'source:' and 'stages:'"));
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new PipelineFileException(new PipelineDiagnostic(new SourcePosition(path, (int)second.Start.Line, (int)second.Start.Column), "a pipeline file holds one YAML document; remove the second '---'"));
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            throw new PipelineFileException(new PipelineDiagnostic(new SourcePosition(path, (int)node.Start.Line, (int)node.Start.Column), "a pipeline file is a mapping with 'source:', 'stages:' and 'outputs:' keys"));
        }
        return root;
    }

    // YamlDotNet messages start with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is reported separately.
    private static string Clean(string message)
    {
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    private static string? Scalar(YamlNode node, string key, Action<YamlNode, string> error)
    {
        if (node is YamlScalarNode s) return s.Value;
        error(node, $"'{key}' must be a text");
        return null;
    }

    private static ComponentEntry? Entry(YamlNode node, ComponentKind kind, string what, Action<YamlNode, string> error, params string[] reserved)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, $"each {what} is a mapping with a 'type:' and its parameters, e.g. {{type: window, length: 2s}}");
            return null;
        }
        YamlScalarNode? typeNode = null;
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode { Value: "type" }) typeNode = v as YamlScalarNode;
        if (typeNode?.Value is not { Length: > 0 } typeName)
        {
            error(map, $"this {what} has no 'type:'; say which {KindWord(kind)} it is, e.g. type: {ExampleType(kind)}");
            return null;
        }
        var entry = new ComponentEntry(kind, map, typeName, typeNode);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                error(k, "parameter names must be plain names");
                continue;
            }
            if (key == "type") continue;
            if (key == "name")
            {
                if (v is YamlScalarNode { Value: { Length: > 0 } n }) { entry.Name = n; entry.NameNode = v; }
                else error(v, "'name' must be a non-empty text");
                continue;
            }
            if (Array.IndexOf(reserved, key) >= 0)
            {
                if (v is YamlScalarNode { Value: { Length: > 0 } input }) { entry.Input = input; entry.InputNode = v; }
                else error(v, $"'{key}' must name a node");
                continue;
            }
            entry.Parameters.Add((( YamlScalarNode)k, v));
        }
        return entry;
    }

    private static void ReadChain(YamlNode node, List<ComponentEntry> stages, Action<YamlNode, string> error)
    {
        if (node is not YamlSequenceNode list)
        {
            error(node, "'stages:' is a list of stages, each starting with '- type: ...'");
            return;
        }
        string previous = PipelineGraph.SourceName;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            var entry = Entry(item, ComponentKind.Stage, "stage", error);
            if (entry is null) continue;
            if (entry.NameNode is null) entry.Name = UniqueName(entry.TypeName, used);
            used.Add(entry.Name);
            entry.Input = previous;
            previous = entry.Name;
            stages.Add(entry);
        }
    }

    private static void ReadGraph(YamlNode nodesNode, YamlNode? edgesNode, List<ComponentEntry> stages, Action<YamlNode, string> error, YamlNode root)
    {
        if (nodesNode is not YamlSequenceNode list)
        {
            error(nodesNode, "'nodes:' is a list of stages, each with '- name: ...' and 'type: ...'");
            return;
        }
        var byName = new Dictionary<string, ComponentEntry>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            var entry = Entry(item, ComponentKind.Stage, "node", error);
            if (entry is null) continue;
            if (entry.NameNode is null)
            {
                error(entry.Node, $"in a 'nodes:' graph every node needs a 'name:' that edges can refer to (this one is a '{entry.TypeName}')");
                continue;
            }
            if (!byName.TryAdd(entry.Name, entry))
            {
                error(entry.NameNode, $"two nodes are called '{entry.Name}'; node names must be unique");
                continue;
            }
            stages.Add(entry);
        }
        if (edgesNode is null)
        {
            error(nodesNode, "a 'nodes:' graph needs 'edges:', e.g. edges: [{from: source, to: " + (stages.Count > 0 ? stages[0].Name : "first") + "}]");
            return;
        }
        if (edgesNode is not YamlSequenceNode edges)
        {
            error(edgesNode, "'edges:' is a list such as [{from: source, to: pick}] or [\"source -> pick\"]");
            return;
        }
        bool edgeErrors = false;
        var validFrom = new List<string> { PipelineGraph.SourceName };
        validFrom.AddRange(byName.Keys);
        foreach (var edge in edges.Children)
        {
            if (!TryReadEdge(edge, out string from, out string to, out YamlNode fromNode, out YamlNode toNode))
            {
                edgeErrors = true;
                error(edge, "an edge is {from: a, to: b} or \"a -> b\"");
                continue;
            }
            if (from != PipelineGraph.SourceName && !byName.ContainsKey(from))
            {
                edgeErrors = true;
                error(fromNode, $"edge from '{from}': no such node{NameSuggestions.DidYouMean(from, validFrom)}; valid: {string.Join(", ", validFrom)}");
                continue;
            }
            if (!byName.TryGetValue(to, out var target))
            {
                edgeErrors = true;
                error(toNode, $"edge to '{to}': no such node{NameSuggestions.DidYouMean(to, byName.Keys)}; valid: {string.Join(", ", byName.Keys)}");
                continue;
            }
            if (target.Input is not null)
            {
                error(toNode, $"node '{to}' already takes its input from '{target.Input}'; a stage has exactly one input (merging streams needs a merge stage, not available yet)");
                continue;
            }
            target.Input = from;
            target.InputNode = toNode;
        }
        // A broken edge already explains why its node has no input; say it once.
        foreach (var s in stages)
            if (s.Input is null && !edgeErrors) error(s.NameNode ?? s.Node, $"node '{s.Name}' has no input; add an edge such as {{from: source, to: {s.Name}}}");
    }

    private static bool TryReadEdge(YamlNode edge, out string from, out string to, out YamlNode fromNode, out YamlNode toNode)
    {
        from = to = "";
        fromNode = toNode = edge;
        if (edge is YamlScalarNode { Value: { } text })
        {
            int arrow = text.IndexOf("->", StringComparison.Ordinal);
            if (arrow < 0) return false;
            from = text[..arrow].Trim();
            to = text[(arrow + 2)..].Trim();
            return from.Length > 0 && to.Length > 0;
        }
        if (edge is not YamlMappingNode map) return false;
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key } || v is not YamlScalarNode { Value: { } value }) return false;
            if (key == "from") { from = value; fromNode = v; }
            else if (key == "to") { to = value; toNode = v; }
            else return false;
        }
        return from.Length > 0 && to.Length > 0;
    }

    private static void ReadOutputs(YamlNode node, List<ComponentEntry> outputs, List<ComponentEntry> stages, Action<YamlNode, string> error)
    {
        if (node is not YamlSequenceNode list)
        {
            error(node, "'outputs:' is a list of outputs, each starting with '- type: ...'");
            return;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        string last = stages.Count > 0 ? stages[^1].Name : PipelineGraph.SourceName;
        foreach (var item in list.Children)
        {
            var entry = Entry(item, ComponentKind.Output, "output", error, "from");
            if (entry is null) continue;
            if (entry.NameNode is null) entry.Name = UniqueName(entry.TypeName, used);
            used.Add(entry.Name);
            entry.Input ??= last;
            outputs.Add(entry);
        }
    }

    private static string UniqueName(string type, HashSet<string> used)
    {
        if (!used.Contains(type)) return type;
        for (int i = 2; ; i++)
            if (!used.Contains($"{type}-{i}")) return $"{type}-{i}";
    }

    private static string KindWord(ComponentKind kind) => kind switch
    {
        ComponentKind.Source => "source",
        ComponentKind.Stage => "stage",
        _ => "output",
    };

    private static string ExampleType(ComponentKind kind) => kind switch
    {
        ComponentKind.Source => "edf",
        ComponentKind.Stage => "window",
        _ => "console",
    };
}
