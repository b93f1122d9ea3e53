using System.CommandLine;
using System.Globalization;
using NeuroRT.Core.Configuration;
using NeuroRT.Dsp.Fitting;
using NeuroRT.Host.Components;

namespace NeuroRT.Cli.Commands.Fit;

/// <summary>
/// <c>neurort fit csp|riemann-mean</c>: the offline half of the decoders whose online stages only apply what was
/// fitted. Both read labelled epochs from annotated recordings (<see cref="EpochReader"/>) and write a JSON file that
/// the <c>csp</c> or <c>tangent-space</c> stage reads with <c>file:</c>.
/// </summary>
internal static class FitCommand
{
    public static Command Create() =>
        new("fit", "fit, offline, what the online stages apply: CSP filters (csp) or a tangent-space reference point (riemann-mean), from labelled epochs of annotated EDF+/BDF+ recordings")
        {
            FitCspCommand.Create(),
            FitRiemannMeanCommand.Create(),
        };

    /// <summary>The epoch options every fit command takes, parsed into <see cref="EpochSettings"/>.</summary>
    internal sealed class EpochOptions
    {
        private readonly Argument<string[]> _files = new("files") { Description = "EDF+/BDF+ recordings with annotations (several runs of one subject may be pooled)", Arity = ArgumentArity.OneOrMore, HelpName = "FILE" };
        private readonly Option<string> _classes;
        private readonly Option<string> _from = new("--from") { Description = "epoch start after each annotation's onset, e.g. 0.5s or 500ms", DefaultValueFactory = _ => "0s", HelpName = "TIME" };
        private readonly Option<string> _to = new("--to") { Description = "epoch end after each annotation's onset, e.g. 2.5s", Required = true, HelpName = "TIME" };
        private readonly Option<string?> _channels = new("--channels") { Description = "signals to use, comma-separated, matched as in pipelines (C3 = 'C3..') (default: every data signal)", HelpName = "A,B,..." };
        private readonly Option<string?> _band = new("--band") { Description = "band-pass the recordings first, causally, as the 'bandpass' stage does (Butterworth), e.g. 8-30Hz; use the same band online", HelpName = "LOW-HIGH" };
        private readonly Option<int> _order = new("--order") { Description = "band-pass order, as the 'bandpass' stage's order", DefaultValueFactory = _ => 4, HelpName = "N" };

        /// <summary>The fit file to write.</summary>
        public Option<string> Out { get; } = new("--out") { Description = "the JSON file to write (overwritten)", Required = true, HelpName = "FILE" };

        public EpochOptions(Command command, string classesHelp)
        {
            _classes = new Option<string>("--classes") { Description = classesHelp, Required = true, HelpName = "A,B" };
            command.Add(_files);
            command.Add(_classes);
            command.Add(_from);
            command.Add(_to);
            command.Add(_channels);
            command.Add(_band);
            command.Add(_order);
            command.Add(Out);
        }

        /// <summary>The settings, or throws <see cref="FitInputException"/> naming the option at fault.</summary>
        public EpochSettings Parse(ParseResult r)
        {
            var files = r.GetValue(_files)!;
            foreach (string f in files)
                if (!File.Exists(f)) throw new FitInputException($"{f}: no such file");
            FitBand? band = null;
            if (r.GetValue(_band) is { } text)
            {
                int dash = text.IndexOf('-', 1);
                if (dash < 0) throw new FitInputException($"--band: expected LOW-HIGH such as 8-30Hz, got '{text}'");
                double low = Quantity(text[..dash].Trim(), Core.Configuration.Quantity.Frequency, "--band");
                double high = Quantity(text[(dash + 1)..].Trim(), Core.Configuration.Quantity.Frequency, "--band");
                band = new FitBand(low, high, r.GetValue(_order));
            }

            return new EpochSettings(files, List(r.GetValue(_classes)!), Quantity(r.GetValue(_from)!, Core.Configuration.Quantity.Time, "--from"),
                Quantity(r.GetValue(_to)!, Core.Configuration.Quantity.Time, "--to"), r.GetValue(_channels) is { } c ? List(c) : [], band);
        }

        private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Units as in pipeline files; a bare number is seconds or hertz, so "8-30Hz" reads as 8 Hz to 30 Hz.
        private static double Quantity(string text, Quantity quantity, string option) =>
            Quantities.TryParse(text, quantity, out double value, out string why) ? value : throw new FitInputException($"{option}: {why}");
    }

    /// <summary>Runs a fit: input problems exit 2, a fit the data cannot give exits 1, each with one error line.</summary>
    public static int Guard(Func<int> fit)
    {
        try
        {
            return fit();
        }
        catch (FitInputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>Writes the fit file; a path that cannot be written is an error on --out.</summary>
    public static void Write(string path, Action<string> save)
    {
        try
        {
            save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FitInputException($"--out {path}: cannot write the file: {e.Message}");
        }
    }

    /// <summary>Lines shared by both summaries: where the epochs came from.</summary>
    public static void Describe(string command, EpochSettings s, LabelledEpochs epochs)
    {
        Console.Out.WriteLine($"neurort fit {command}: {string.Join(", ", epochs.Recordings)}");
        string names = string.Join(", ", epochs.Channels.Take(8)) + (epochs.Channels.Length > 8 ? ", ..." : "");
        Console.Out.WriteLine($"  channels: {epochs.Channels.Length} ({names}) at {Number(epochs.Rate)} Hz");
        Console.Out.WriteLine(s.Band is { } b
            ? $"  band-pass: {Number(b.Low)}-{Number(b.High)} Hz, Butterworth order {b.Order}, causal (as the 'bandpass' stage)"
            : "  band-pass: none");
        Console.Out.WriteLine($"  epochs: {Number(s.From)} s to {Number(s.To)} s after each onset ({epochs.Length} samples): " +
                              string.Join(", ", s.Classes.Select((c, k) => $"{c} {epochs.ByClass[k].Count}")) +
                              (epochs.Skipped.Sum() > 0 ? $" ({epochs.Skipped.Sum()} skipped: they reach outside the recording)" : ""));
    }

    public static FitProvenance Provenance(string command, EpochSettings s, LabelledEpochs epochs) => new()
    {
        Tool = $"neurort {RunCommand.Version} fit {command}",
        Recordings = epochs.Recordings,
        Classes = s.Classes,
        EpochsPerClass = epochs.ByClass.Select(e => e.Count).ToArray(),
        From = s.From,
        To = s.To,
        Rate = epochs.Rate,
        Band = s.Band,
    };

    /// <summary>The online stages that see what the fit saw, for the summary; <paramref name="pick"/> when the last stage takes every input channel.</summary>
    public static string Pipeline(EpochSettings s, string tail, bool pick = false) =>
        (pick && s.Channels.Length > 0 ? $"pick (channels: [{string.Join(", ", s.Channels)}]) -> " : "") +
        (s.Band is { } b ? $"bandpass (low: {Number(b.Low)}Hz, high: {Number(b.High)}Hz, order: {b.Order}) -> " : "") +
        $"window (length: {Number(s.To - s.From)}s) -> {tail}";

    public static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
