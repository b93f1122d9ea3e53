using System.CommandLine;
using System.Globalization;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;

namespace NeuroRT.Cli.Commands.Snn;

/// <summary>
/// <c>neurort snn check|compile</c>: NeuroCoreX network description files (docs/neurocorex-network.md). <c>check</c>
/// validates and summarises; <c>compile</c> writes the bytes the driver sends to configure the board.
/// </summary>
internal static class SnnCommand
{
    public static Command Create()
    {
        var checkFile = new Argument<FileInfo>("file") { Description = "the network file (YAML or JSON, format neurocorex-network/1)" };
        var check = new Command("check", "validate a NeuroCoreX network file and print what it loads: neurons, inputs, synapses, STDP, the silent input address, warnings") { checkFile };
        check.SetAction(r => Check(r.GetValue(checkFile)!.FullName, Console.Out, Console.Error));

        var compileFile = new Argument<FileInfo>("file") { Description = "the network file (YAML or JSON, format neurocorex-network/1)" };
        var output = new Option<FileInfo?>("--out") { Description = "where to write the load's bytes (debug, AA, FF, [STDP enables], parameters commands, in sending order); without it only the count is printed", HelpName = "FILE" };
        var compile = new Command("compile", "compile a NeuroCoreX network file into the bytes that configure the board") { compileFile, output };
        compile.SetAction(r => Compile(r.GetValue(compileFile)!.FullName, r.GetValue(output)?.FullName, Console.Out, Console.Error));

        return new Command("snn", "spiking networks for the NeuroCoreX FPGA: check and compile network description files, run on-board STDP sessions") { check, compile, SnnLearnCommand.Create() };
    }

    /// <summary>Prints the summary; exits 2 with one line per problem when the file is invalid.</summary>
    public static int Check(string path, TextWriter stdout, TextWriter stderr)
    {
        if (!TryLoad(path, stderr, out NcxNetwork network, out NcxImage image, out NcxCompileReport report))
        {
            return ExitCodes.InvalidInput;
        }

        stdout.WriteLine($"{path}: valid {NcxNetworkFile.Format} network{(network.Name is { } n ? $" '{n}'" : "")}");
        foreach (var (key, value) in Summary(network, image, report))
        {
            stdout.WriteLine($"  {key,-13} {value}");
        }

        foreach (NcxConversion c in report.Rounded)
        {
            stdout.WriteLine($"  rounded       {c.Field}: {Number(c.Value)} -> {c.Q710} = {Number(c.Represented)} ({Signed(c.Rounding)})");
        }

        foreach (NcxRefractoryConversion c in report.RefractoryConversions)
        {
            stdout.WriteLine($"  converted     {c.Field}: {Number(c.Milliseconds)} ms -> {c.Timesteps} timesteps");
        }

        foreach (NcxCompileWarning w in report.Warnings)
        {
            stdout.WriteLine(w);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Writes the load's bytes to <paramref name="output"/> (when given) and prints their count.</summary>
    public static int Compile(string path, string? output, TextWriter stdout, TextWriter stderr)
    {
        if (!TryLoad(path, stderr, out _, out NcxImage image, out NcxCompileReport report))
        {
            return ExitCodes.InvalidInput;
        }

        var bytes = new byte[report.LoadBytes];
        int at = 0;
        var parts = new List<string>();
        foreach (NcxConfigStep step in image.Steps())
        {
            int n = image.WriteCommand(step, bytes.AsSpan(at));
            parts.Add($"{StepName(step)} {n}");
            at += n;
        }

        if (output is not null)
        {
            try
            {
                File.WriteAllBytes(output, bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: --out {output}: cannot write the file: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"wrote {output}: {at} bytes ({string.Join(", ", parts)})");
        }
        else
        {
            stdout.WriteLine($"{path}: {at} bytes ({string.Join(", ", parts)}); give --out FILE to write them");
        }

        stdout.WriteLine($"silent input address {report.SilentAddress}; {report.Warnings.Count} warning{(report.Warnings.Count == 1 ? "" : "s")}{(report.Warnings.Count > 0 ? $" (neurort snn check {Path.GetFileName(path)} lists them)" : "")}");
        return ExitCodes.Ok;
    }

    private static bool TryLoad(string path, TextWriter stderr, out NcxNetwork network, out NcxImage image, out NcxCompileReport report)
    {
        try
        {
            network = NcxNetworkFile.Load(path);
            image = NcxCompiler.Compile(network, out report);
            return true;
        }
        catch (NcxNetworkException e)
        {
            foreach (NcxNetworkDiagnostic d in e.Diagnostics)
            {
                stderr.WriteLine(d);
            }

            stderr.WriteLine($"{e.Diagnostics.Count} error{(e.Diagnostics.Count == 1 ? "" : "s")} in {path}");
            network = null!;
            image = null!;
            report = null!;
            return false;
        }
    }

    private static IEnumerable<(string Key, string Value)> Summary(NcxNetwork network, NcxImage image, NcxCompileReport report)
    {
        yield return ("neurons", network.Neurons.Count == 0
            ? $"0 of {NcxLayout.Neurons}"
            : $"{network.Neurons.Count} of {NcxLayout.Neurons} (indices {Ranges(network.Neurons.Select(n => n.Index))})");
        yield return ("inputs", network.Inputs.Count == 0
            ? $"0 of {NcxLayout.Size}"
            : $"{network.Inputs.Count} of {NcxLayout.Size} (addresses {Ranges(network.Inputs.Select(i => i.Address))})");
        yield return ("synapses", $"{network.Feedforward.Count} feed-forward, {network.Recurrent.Count} recurrent " +
                                  $"({image.Ff.Count(w => w != 0)} FF and {image.Aa.Count(w => w != 0)} AA entries non-zero)");
        yield return ("gain, leak", $"g = {network.Gain}, leak {Number(network.Leak)} per timestep");
        yield return ("bias", network.Bias is { } b
            ? $"{Number(b.Current)} per timestep into '{b.Neuron}' (N_debug {image.DebugTarget})"
            : "none");
        yield return ("STDP", network.Stdp is { } s
            ? $"{s.LearnRecurrent.Count} recurrent + {s.LearnFeedforward.Count} feed-forward synapses enabled; potentiation {s.Potentiation}, depression {s.Depression}, " +
              $"pre/post windows {s.PreWindow}/{s.PostWindow} (FF {s.PreWindowFeedforward}/{s.PostWindowFeedforward}) timesteps"
            : image.HasStdpEnables ? "raw enables only (no 'stdp:' parameters)" : "off (no enable command)");
        yield return ("silent input", $"address {report.SilentAddress} (the driver's dummy and filler events)");
        yield return ("raw entries", report.Raw.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("load", $"{report.LoadBytes} bytes: {string.Join(", ", image.Steps().Select(StepName))}");
        yield return ("warnings", report.Warnings.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static string StepName(NcxConfigStep step) => step switch
    {
        NcxConfigStep.Debug => "debug",
        NcxConfigStep.AaWeights => "AA",
        NcxConfigStep.FfWeights => "FF",
        NcxConfigStep.StdpEnables => "STDP enables",
        _ => "parameters",
    };

    // "0..3, 5, 9..11": a compact list of the indices in use.
    private static string Ranges(IEnumerable<int> values)
    {
        int[] v = [.. values.Order()];
        var parts = new List<string>();
        for (int i = 0; i < v.Length;)
        {
            int j = i;
            while (j + 1 < v.Length && v[j + 1] == v[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? $"{v[i]}" : $"{v[i]}..{v[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    private static string Number(double x) => x.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Signed(double x) => (x >= 0 ? "+" : "") + x.ToString("0.##########", CultureInfo.InvariantCulture);
}
