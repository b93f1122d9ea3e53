namespace NeuroRT.Cli.Commands;

/// <summary>
/// <c>neurort demo</c>: the motor-imagery pipeline on the EEGMMIDB recording S001R04 shipped inside
/// NeuroRT (PhysioNet, ODC-By 1.0), replayed as if live. Needs no argument, no network and no other files.
/// </summary>
public static class DemoCommand
{
    /// <summary>Default replay speed of the demo (the recording lasts 125 s).</summary>
    public const double DefaultSpeed = 4;

    /// <summary>The demo pipeline shipped next to the program.</summary>
    public static string PipelinePath => Path.Combine(AppContext.BaseDirectory, "pipelines", "motor-imagery-demo.yaml");

    /// <summary>Runs the demo; returns the exit code.</summary>
    public static int Execute(RunOptions options)
    {
        if (!File.Exists(PipelinePath))
        {
            Console.Error.WriteLine($"error: the demo pipeline is missing from this installation ({PipelinePath}); rebuild NeuroRT (dotnet build) to restore it");
            return ExitCodes.InvalidPipeline;
        }
        return RunCommand.Execute(PipelinePath, options with { Speed = options.Speed ?? DefaultSpeed });
    }
}
