namespace NeuroRT.Cli.Commands;

/// <summary>Command-line choices for a run.</summary>
public sealed record RunOptions(double? Speed, bool Quiet)
{
    /// <summary>Stops the run when cancelled (as Ctrl-C does): the demo ends its live run when the served recording ends.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Record the run to this XDF file (<c>--record</c>); null: no recording.</summary>
    public string? Record { get; init; }
}
