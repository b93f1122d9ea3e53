namespace NeuroRT.Cli.Commands;

/// <summary>Command-line choices for a run.</summary>
public sealed record RunOptions(double? Speed, bool Quiet)
{
    /// <summary>Stops the run when cancelled (as Ctrl-C does): the demo ends its live run when the served recording ends.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Record the run to this XDF file (<c>--record</c>); null: no recording.</summary>
    public string? Record { get; init; }

    /// <summary>Serve the live dashboard (<c>--dashboard</c>; on by default in the demo).</summary>
    public bool Dashboard { get; init; }

    /// <summary>The address the dashboard binds (<c>--dashboard-bind</c>); null: 127.0.0.1.</summary>
    public string? DashboardBind { get; init; }

    /// <summary>The dashboard's port (<c>--dashboard-port</c>); 0: a free one.</summary>
    public int DashboardPort { get; init; }
}
