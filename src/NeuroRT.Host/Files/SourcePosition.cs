namespace NeuroRT.Host.Files;

/// <summary>A place in a pipeline file (1-based line and column), printed as <c>file:line:column</c> so editors can jump to it.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
