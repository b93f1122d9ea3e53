namespace NeuroRT.Host.Files;

/// <summary>One problem found in a pipeline file: where, and what is wrong and what would be valid.</summary>
public sealed record PipelineDiagnostic(SourcePosition Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Position}: error: {Message}";
}
