namespace NeuroRT.Cli.Commands;

/// <summary>Command-line choices for a run.</summary>
public sealed record RunOptions(double? Speed, bool Quiet);
