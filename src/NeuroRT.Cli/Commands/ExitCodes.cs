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
}
