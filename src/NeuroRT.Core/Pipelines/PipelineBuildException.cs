namespace NeuroRT.Core.Pipelines;

/// <summary>
/// The graph cannot be built: a wrong edge, a cycle, or a component that rejected its
/// parameters or its input. <see cref="Component"/> and <see cref="Parameter"/> let the host point
/// at the line of the pipeline file at fault.
/// </summary>
public sealed class PipelineBuildException : Exception
{
    /// <summary>Creates the error.</summary>
    public PipelineBuildException(string component, string? parameter, string message, Exception? inner = null)
        : base(message, inner)
    {
        Component = component;
        Parameter = parameter;
    }

    /// <summary>Name of the node or output at fault (<see cref="PipelineGraph.SourceName"/> for the source).</summary>
    public string Component { get; }

    /// <summary>The parameter at fault, or null when the component as a whole is.</summary>
    public string? Parameter { get; }

    /// <summary>For edge errors: the parameter that names the edge (<c>input</c> / <c>from</c>).</summary>
    public const string EdgeParameter = "input";
}
