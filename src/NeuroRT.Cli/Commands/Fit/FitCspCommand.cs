using System.CommandLine;
using System.Globalization;
using NeuroRT.Dsp.Fitting;

namespace NeuroRT.Cli.Commands.Fit;

/// <summary><c>neurort fit csp</c>: CSP filters for two annotation classes, written for the <c>csp</c> stage.</summary>
internal static class FitCspCommand
{
    public static Command Create()
    {
        var command = new Command("csp", "fit two-class common spatial patterns (CSP) on labelled epochs and write the filters for the 'csp' stage (file: FILE)");
        var epochs = new FitCommand.EpochOptions(command, "the two classes, as annotation texts, e.g. T1,T2 (the first class's variance is high in the first filters)");
        var perClass = new Option<int>("--per-class") { Description = "filters taken from each end of the eigenvalue spectrum (2 = 4 filters in all)", DefaultValueFactory = _ => 2, HelpName = "M" };
        var normalisation = new Option<string>("--normalisation")
        {
            Description = "epoch-trace: each epoch's covariance divided by its trace before the class average (classic CSP, Ramoser et al. 2000); none: the plain average (MNE's cov_est='epoch')",
            DefaultValueFactory = _ => "epoch-trace",
        };
        normalisation.AcceptOnlyFromAmong("epoch-trace", "none");
        var crossValidate = new Option<bool>("--cross-validate") { Description = "also estimate how well the filters separate new trials: leave-one-out CSP + LDA accuracy, with its chance probability" };
        command.Add(perClass);
        command.Add(normalisation);
        command.Add(crossValidate);
        command.SetAction(r => FitCommand.Guard(() => Execute(epochs.Parse(r), r.GetValue(epochs.Out)!, new CspOptions
        {
            FiltersPerClass = r.GetValue(perClass),
            Normalisation = r.GetValue(normalisation) == "none" ? CspNormalisation.None : CspNormalisation.EpochTrace,
        }, r.GetValue(crossValidate))));
        return command;
    }

    private static int Execute(EpochSettings s, string output, CspOptions options, bool crossValidate)
    {
        if (s.Classes.Length != 2) throw new FitInputException($"--classes: CSP separates two classes; give two annotation texts such as T1,T2, got {s.Classes.Length}");
        var epochs = EpochReader.Read(s);
        int n = epochs.Channels.Length;
        CspFilters fit;
        CrossValidationResult? cv = null;
        try
        {
            fit = CommonSpatialPatterns.Fit(epochs.ByClass[0], epochs.ByClass[1], n, options);
            if (crossValidate) cv = CspCrossValidation.LeaveOneOut(epochs.ByClass[0], epochs.ByClass[1], n, options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: cannot fit CSP on {string.Join(", ", epochs.Recordings)}: {e.Message}");
            return ExitCodes.FitFailed;
        }

        var file = new CspFile { Provenance = FitCommand.Provenance("csp", s, epochs), Channels = epochs.Channels, Normalisation = options.Normalisation, Fit = fit };
        FitCommand.Write(output, file.Save);

        FitCommand.Describe("csp", s, epochs);
        int m = options.FiltersPerClass;
        Console.Out.WriteLine($"  eigenvalues ({s.Classes[0]}'s share of each component's variance; all {n} in the file): " +
                              $"{Values(fit.Eigenvalues.Take(m))} (high {s.Classes[0]}) | {Values(fit.Eigenvalues.Skip(m))} (high {s.Classes[1]})");
        if (cv is not null)
            Console.Out.WriteLine($"  leave-one-out CSP + LDA: {cv.Correct} of {cv.Total} epochs right ({cv.Accuracy * 100:0.0} %; chance 50 %, " +
                                  $"p = {cv.PValue.ToString("0.####", CultureInfo.InvariantCulture)} one-sided binomial)");
        Console.Out.WriteLine($"wrote {output}: {fit.Filters.Length} filters x {n} channels ({(options.Normalisation == CspNormalisation.EpochTrace ? "epoch-trace" : "no")} normalisation)");
        Console.Out.WriteLine($"online: {FitCommand.Pipeline(s, $"csp (file: {Path.GetFileName(output)})")}");
        return ExitCodes.Ok;
    }

    private static string Values(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)));
}
