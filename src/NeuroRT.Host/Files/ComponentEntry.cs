using NeuroRT.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Files;

/// <summary>One <c>source</c>, stage/node or output entry as written in the file, with where each part is.</summary>
public sealed class ComponentEntry
{
    internal ComponentEntry(ComponentKind kind, YamlMappingNode node, string typeName, YamlNode typeNode)
    {
        Kind = kind;
        Node = node;
        TypeName = typeName;
        TypeNode = typeNode;
        Name = typeName;
    }

    /// <summary>Source, stage or output.</summary>
    public ComponentKind Kind { get; }

    /// <summary>The whole mapping.</summary>
    public YamlMappingNode Node { get; }

    /// <summary>The value of <c>type:</c>.</summary>
    public string TypeName { get; }

    /// <summary>Where <c>type:</c>'s value is.</summary>
    public YamlNode TypeNode { get; }

    /// <summary>The node name: <c>name:</c>, or one derived from the type.</summary>
    public string Name { get; internal set; }

    /// <summary>Where <c>name:</c> is, if given.</summary>
    public YamlNode? NameNode { get; internal set; }

    /// <summary>The node feeding this one (stages) or read from (outputs), if known.</summary>
    public string? Input { get; internal set; }

    /// <summary>Where the input is declared (an edge's <c>to:</c>, an output's <c>from:</c>), if written.</summary>
    public YamlNode? InputNode { get; internal set; }

    /// <summary>The remaining keys: the component's parameters, with their key and value nodes, in file order.</summary>
    public List<(YamlScalarNode Key, YamlNode Value)> Parameters { get; } = [];

    /// <summary>How messages name it: <c>stage 'win' (window)</c>.</summary>
    public string Describe() => Kind switch
    {
        ComponentKind.Source => $"source '{TypeName}'",
        ComponentKind.Stage => Name == TypeName ? $"stage '{Name}'" : $"stage '{Name}' ({TypeName})",
        _ => Name == TypeName ? $"output '{Name}'" : $"output '{Name}' ({TypeName})",
    };
}
