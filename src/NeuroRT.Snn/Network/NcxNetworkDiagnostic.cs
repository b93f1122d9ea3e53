namespace NeuroRT.Snn.Network;

/// <summary>
/// One problem found in a network file: where (<see cref="Position"/>), which key (<see cref="Field"/>, a path such as
/// <c>neurons[2].threshold</c>) and what is wrong and what would be valid.
/// </summary>
public sealed record NcxNetworkDiagnostic(NcxSourcePosition Position, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Position}: error: {Field}: {Message}";
}
