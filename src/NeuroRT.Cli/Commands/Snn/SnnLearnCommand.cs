using System.CommandLine;
using System.Globalization;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Devices.NeuroCoreX.Learning;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;
using NeuroRT.Serial;

namespace NeuroRT.Cli.Commands.Snn;

/// <summary>
/// <c>neurort snn learn</c>: an on-board STDP session. Loads a network with STDP enables, runs pairing stimuli
/// (the same run repeated), reads the FF matrix back and prints every weight that changed next to the bit-exact
/// model's prediction for the same bytes.
/// </summary>
internal static class SnnLearnCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "the network file, with an stdp: section (docs/neurocorex-network.md)" };
        var inputs = new Option<string>("--inputs") { Description = "the pairing stimulus: input spikes as TIMESTEP:INPUT, separated by spaces or commas, e.g. \"1:in10 3:in11\" (timesteps from 1; inputs by name or address)", Required = true, HelpName = "SPIKES" };
        var timesteps = new Option<int>("--timesteps") { Description = "timesteps per run (default: the last input's timestep + 4)", HelpName = "N" };
        var repeat = new Option<int>("--repeat") { Description = "how many times the run is repeated (learning accumulates)", DefaultValueFactory = _ => 1, HelpName = "N" };
        var device = new Option<string>("--device") { Description = "the board's serial port (e.g. /dev/ttyUSB1), or 'virtual' for the in-process model", DefaultValueFactory = _ => "virtual", HelpName = "PATH" };
        var command = new Command("learn", "run an STDP session on the board: load, pairing stimuli, FF read-back, compared with the model's prediction") { file, inputs, timesteps, repeat, device };
        command.SetAction(r => Learn(r.GetValue(file)!.FullName, r.GetValue(inputs)!, r.GetValue(timesteps), r.GetValue(repeat), r.GetValue(device)!, Console.Out, Console.Error));
        return command;
    }

    public static int Learn(string path, string spikes, int timesteps, int repeat, string device, TextWriter stdout, TextWriter stderr)
    {
        NcxNetwork network;
        NcxImage image;
        try
        {
            network = NcxNetworkFile.Load(path);
            image = NcxCompiler.Compile(network);
        }
        catch (NcxNetworkException e)
        {
            foreach (NcxNetworkDiagnostic d in e.Diagnostics)
            {
                stderr.WriteLine(d);
            }

            return ExitCodes.InvalidInput;
        }

        if (!image.HasStdpEnables)
        {
            stderr.WriteLine($"error: {path}: the network has no stdp: section, so no synapse can learn");
            return ExitCodes.InvalidInput;
        }

        if (!TryParseStimulus(spikes, network, out int[] ts, out int[] addresses, out string? problem))
        {
            stderr.WriteLine($"error: --inputs: {problem}");
            return ExitCodes.InvalidInput;
        }

        if (repeat < 1)
        {
            stderr.WriteLine($"error: --repeat {repeat}: at least 1");
            return ExitCodes.InvalidInput;
        }

        int length = timesteps > 0 ? timesteps : ts[^1] + 4;
        if (length < ts[^1])
        {
            stderr.WriteLine($"error: --timesteps {length}: the stimulus has an input at timestep {ts[^1]}");
            return ExitCodes.InvalidInput;
        }

        var runs = new StdpRun[repeat];
        Array.Fill(runs, new StdpRun(ts, addresses, length));
        INcxLink link;
        try
        {
            link = string.Equals(device, "virtual", StringComparison.OrdinalIgnoreCase) ? new BoardLink() : SerialLink.Open(device);
        }
        catch (SerialPortException e)
        {
            stderr.WriteLine($"error: --device {device}: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        StdpSessionResult result;
        try
        {
            using (link)
            {
                result = StdpSession.Run(image, runs, link, stderr);
            }
        }
        catch (Exception e) when (e is NcxLinkLostException or NcxProtocolException or NcxVerifyException or TimeoutException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.RunFailed;
        }

        Print(result, network, stdout);
        return ExitCodes.Ok;
    }

    private static void Print(StdpSessionResult result, NcxNetwork network, TextWriter stdout)
    {
        string? Neuron(int k)
        {
            foreach (NcxNeuron n in network.Neurons)
            {
                if (n.Index == k) return n.Name;
            }

            return null;
        }

        string? Input(int a)
        {
            foreach (NcxInput i in network.Inputs)
            {
                if (i.Address == a) return i.Name;
            }

            return null;
        }

        stdout.WriteLine($"{result.Runs} run{(result.Runs == 1 ? "" : "s")} on {result.Device}: {result.Spikes} spikes");
        stdout.WriteLine($"{"matrix",-6} {"row",4} {"col",4}  {"synapse",-32} {"before",6} {"model",6} {"board",6}");
        foreach (StdpWeightChange c in result.FfChanges)
        {
            string board = c.ReadBack is { } v ? v.ToString(CultureInfo.InvariantCulture) : "n/a";
            string flag = c.Agrees ? "" : "  <- differs from the model";
            stdout.WriteLine($"{c.Matrix,-6} {c.Row,4} {c.Column,4}  {StdpSession.Meaning(c, Neuron, Input),-32} {c.Before,6} {c.Predicted,6} {board,6}{flag}");
        }

        foreach (StdpWeightChange c in result.AaChanges)
        {
            stdout.WriteLine($"{c.Matrix,-6} {c.Row,4} {c.Column,4}  {StdpSession.Meaning(c, Neuron, Input),-32} {c.Before,6} {c.Predicted,6} {"-",6}");
        }

        stdout.WriteLine($"{result.FfChanges.Count} FF and {result.AaChanges.Count} AA weights changed; FF read back from the board, AA predicted by the model only (the board reads back FF alone).");
        stdout.WriteLine(result.FfDisagreements == 0
            ? "the board's FF matrix equals the model's prediction"
            : $"{result.FfDisagreements} FF entries differ from the model's prediction: with sparse activity the chip's STDP passes drift (spec §8.3; docs/neurocorex-network.md)");
        stdout.WriteLine("FF learning on this RTL does not change the synapse it is enabled for: LTP writes the transposed element [input][neuron+5], LTD writes row 3 (docs/neurocorex-network.md).");
    }

    /// <summary>Parses "1:in10 3:in11" (or commas) into timesteps and addresses, in time order.</summary>
    internal static bool TryParseStimulus(string text, NcxNetwork network, out int[] timesteps, out int[] addresses, out string? problem)
    {
        var pairs = new List<(int T, int A)>();
        foreach (string token in text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':');
            if (colon <= 0 || colon == token.Length - 1 || !int.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int t) || t < 1)
            {
                return Fail($"'{token}' is not TIMESTEP:INPUT with a timestep from 1", out timesteps, out addresses, out problem);
            }

            string name = token[(colon + 1)..];
            NcxInput? input = network.FindInput(name);
            int address;
            if (input is not null)
            {
                address = input.Address;
            }
            else if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out address) || address > 95)
            {
                string known = string.Join(", ", network.Inputs.Select(i => i.Name));
                return Fail($"'{name}' in '{token}' is not an input of the network ({known}) nor an address 0..95", out timesteps, out addresses, out problem);
            }

            pairs.Add((t, address));
        }

        if (pairs.Count == 0)
        {
            return Fail("no input spikes given", out timesteps, out addresses, out problem);
        }

        pairs.Sort((x, y) => x.T.CompareTo(y.T));
        timesteps = [.. pairs.Select(p => p.T)];
        addresses = [.. pairs.Select(p => p.A)];
        problem = null;
        return true;
    }

    private static bool Fail(string message, out int[] timesteps, out int[] addresses, out string? problem)
    {
        timesteps = [];
        addresses = [];
        problem = message;
        return false;
    }
}
