using System.Diagnostics;

namespace NeuroRT.Cli.Tests;

/// <summary>Runs the built <c>neurort</c> program as a separate process, as a user would.</summary>
internal sealed class NeurortProcess
{
    public static string Program => Path.Combine(AppContext.BaseDirectory, "neurort.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Program);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    public static Result Run(TimeSpan limit, params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"neurort {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s; stderr so far: {stderr.Result}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
