namespace NeuroRT.Snn.Network;

/// <summary>A place in a network file (1-based line and column), printed as <c>file:line:column</c> so editors can jump to it.</summary>
public sealed record NcxSourcePosition(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
