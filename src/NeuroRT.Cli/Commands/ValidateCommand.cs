using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;

namespace NeuroRT.Cli.Commands;

/// <summary><c>neurort validate</c>: everything a run would check, without running.</summary>
public static class ValidateCommand
{
    /// <summary>Prints the problems (one line each, <c>file:line:column: error: ...</c>) or a description of the valid pipeline.</summary>
    public static int Execute(string path)
    {
        try
        {
            using var loaded = PipelineLoader.Load(path);
            Console.Out.WriteLine($"{path}: valid");
            Console.Out.Write(PipelineDescription.Describe(loaded));
            return ExitCodes.Ok;
        }
        catch (PipelineFileException e)
        {
            foreach (var d in e.Diagnostics) Console.Error.WriteLine(d);
            Console.Error.WriteLine($"{e.Diagnostics.Count} error{(e.Diagnostics.Count == 1 ? "" : "s")} in {path}");
            return ExitCodes.InvalidPipeline;
        }
    }
}
