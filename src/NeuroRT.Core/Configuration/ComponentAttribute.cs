namespace NeuroRT.Core.Configuration;

/// <summary>What kind of pipeline-file entry a component is.</summary>
public enum ComponentKind
{
    /// <summary>Produces the samples (<c>source:</c>).</summary>
    Source,
    /// <summary>Processes blocks (<c>stages:</c> / <c>nodes:</c>).</summary>
    Stage,
    /// <summary>Consumes frames off the pipeline thread (<c>outputs:</c>).</summary>
    Output,
}

/// <summary>
/// Marks a class as usable in pipeline files under <see cref="TypeName"/> (e.g. <c>window</c>).
/// The class needs a public parameterless constructor; its parameters are its properties marked
/// with <see cref="ParameterAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ComponentAttribute(ComponentKind kind, string typeName) : Attribute
{
    /// <summary>Source, stage or output.</summary>
    public ComponentKind Kind { get; } = kind;

    /// <summary>The name written after <c>type:</c> in pipeline files.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>One line saying what it does, shown in help and in error messages.</summary>
    public string Summary { get; init; } = "";
}
