namespace NeuroRT.Cli.Commands;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Ran to the end, or stopped on request.</summary>
    public const int Ok = 0;
    /// <summary>The run failed (a stage, the source or an output).</summary>
    public const int RunFailed = 1;
    /// <summary>The pipeline file is invalid.</summary>
    public const int InvalidPipeline = 2;
    /// <summary>An LSL command could not do its job: the stream was not found or was lost, or discovery does not work even on this computer.</summary>
    public const int LslFailed = 1;
    /// <summary>The data do not allow the fit (<c>neurort fit</c>): singular covariances, an iteration that did not converge.</summary>
    public const int FitFailed = 1;
    /// <summary>An option or input file is invalid (bad value, missing or malformed file, unreadable lsl_api.cfg).</summary>
    public const int InvalidInput = 2;
}
