using System.CommandLine;
using System.Globalization;
using NeuroRT.Dsp.Fitting;

namespace NeuroRT.Cli.Commands.Fit;

/// <summary><c>neurort fit riemann-mean</c>: the Riemannian mean of the epochs' covariances, written for the <c>tangent-space</c> stage.</summary>
internal static class FitRiemannMeanCommand
{
    public static Command Create()
    {
        var command = new Command("riemann-mean",
            "fit the affine-invariant Riemannian mean of the epochs' covariance matrices (all classes pooled) and write it as the 'tangent-space' stage's reference point (file: FILE)");
        var epochs = new FitCommand.EpochOptions(command, "annotation texts whose epochs are averaged, e.g. T1,T2");
        var shrinkage = new Option<double>("--shrinkage") { Description = "covariance shrinkage, 0 to 1, as the 'covariance' stage's (use the same value online)", DefaultValueFactory = _ => 0, HelpName = "A" };
        var tolerance = new Option<double>("--tolerance") { Description = "stop when the norm of the mean tangent vector is at most this", DefaultValueFactory = _ => 1e-8, HelpName = "X" };
        var maxIterations = new Option<int>("--max-iterations") { Description = "give up (and write nothing) after this many iterations", DefaultValueFactory = _ => 50, HelpName = "N" };
        command.Add(shrinkage);
        command.Add(tolerance);
        command.Add(maxIterations);
        command.SetAction(r => FitCommand.Guard(() =>
        {
            double a = r.GetValue(shrinkage);
            if (!(a >= 0 && a <= 1)) throw new FitInputException($"--shrinkage must be between 0 and 1, got {a}");
            var options = new RiemannianMeanOptions { Tolerance = r.GetValue(tolerance), MaxIterations = r.GetValue(maxIterations) };
            if (!(options.Tolerance > 0)) throw new FitInputException($"--tolerance must be > 0, got {options.Tolerance}");
            if (options.MaxIterations < 1) throw new FitInputException($"--max-iterations must be at least 1, got {options.MaxIterations}");
            return Execute(epochs.Parse(r), r.GetValue(epochs.Out)!, a, options);
        }));
        return command;
    }

    private static int Execute(EpochSettings s, string output, double shrinkage, RiemannianMeanOptions options)
    {
        var epochs = EpochReader.Read(s);
        int n = epochs.Channels.Length;
        var covariances = epochs.ByClass.SelectMany(c => c).Select(e => EpochCovariance.Compute(e, n, shrinkage)).ToList();
        RiemannianMeanResult result;
        try
        {
            result = RiemannianMean.Compute(covariances, n, options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: cannot average the covariances of {string.Join(", ", epochs.Recordings)}: {e.Message}");
            return ExitCodes.FitFailed;
        }

        FitCommand.Describe("riemann-mean", s, epochs);
        string criterion = result.Criterion.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant(), tolerance = options.Tolerance.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant();
        if (!result.Converged)
        {
            Console.Error.WriteLine($"error: the mean did not converge in {result.Iterations} iterations (criterion {criterion} > tolerance {tolerance}); " +
                                    $"nothing written; allow more with --max-iterations or accept a looser --tolerance");
            return ExitCodes.FitFailed;
        }

        var file = new ReferenceFile { Provenance = FitCommand.Provenance("riemann-mean", s, epochs), Channels = epochs.Channels, Shrinkage = shrinkage, Tolerance = options.Tolerance, Result = result };
        FitCommand.Write(output, file.Save);
        Console.Out.WriteLine($"  covariance shrinkage {FitCommand.Number(shrinkage)}; converged after {result.Iterations} iterations (criterion {criterion} <= tolerance {tolerance})");
        Console.Out.WriteLine($"wrote {output}: {n} x {n} mean of {covariances.Count} covariances");
        Console.Out.WriteLine($"online: {FitCommand.Pipeline(s, $"covariance (shrinkage: {FitCommand.Number(shrinkage)}) -> tangent-space (file: {Path.GetFileName(output)})", pick: true)}");
        return ExitCodes.Ok;
    }
}
