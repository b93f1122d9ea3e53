using NeuroRT.Core.Configuration;

namespace NeuroRT.Host.Components;

/// <summary>A source, stage or output type that pipeline files can name.</summary>
public sealed record ComponentDescriptor(ComponentKind Kind, string TypeName, string Summary, Type Type, IReadOnlyList<ParameterDescriptor> Parameters)
{
    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public ParameterDescriptor? Find(string name)
    {
        foreach (var p in Parameters) if (p.Name == name) return p;
        return null;
    }

    /// <summary>Parameter names, comma-separated, for messages.</summary>
    public string DescribeParameters() => Parameters.Count == 0 ? "(none)" : string.Join(", ", Parameters.Select(p => p.Name));

    /// <summary>Makes a fresh instance (each pipeline gets its own).</summary>
    public object Create() => Activator.CreateInstance(Type)
        ?? throw new InvalidOperationException($"{Kind} '{TypeName}' ({Type.FullName}) could not be created");
}
