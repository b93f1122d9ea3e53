using System.Globalization;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Network;

/// <summary>
/// The board behaviours (spec §7, §8, §11) a compiled network runs into, as warnings for <see cref="NcxCompileReport"/>.
/// Each one names the neuron or synapse and says what the board will do instead of what the file seems to ask.
/// </summary>
internal static class NcxNetworkWarnings
{
    public static void Add(NcxNetwork network, NcxImage image, List<NcxCompileWarning> warnings)
    {
        var byIndex = new NcxNeuron?[NcxLayout.Neurons];
        foreach (NcxNeuron n in network.Neurons)
        {
            byIndex[n.Index] = n;
        }

        FfZeroing(image, byIndex, warnings);
        IgnoredRecurrent(network, warnings);
        GainWrap(network, image, warnings);
        RecurrentWrap(image, byIndex, warnings);
        Leak(network, warnings);
        Stdp(network, warnings);
    }

    // Spec §7.3: the FF current of neuron k+1 is forced to 0 when neuron k spikes in the same timestep.
    private static void FfZeroing(NcxImage image, NcxNeuron?[] byIndex, List<NcxCompileWarning> warnings)
    {
        for (int k = 1; k < NcxLayout.Neurons; k++)
        {
            if (byIndex[k] is not { } n || byIndex[k - 1] is not { } before || !HasFfInput(image, k))
            {
                continue;
            }

            warnings.Add(new NcxCompileWarning(n.Position,
                $"neuron '{n.Name}' (index {k}) receives feed-forward input and neuron '{before.Name}' has index {k - 1}: an input applied in a timestep " +
                $"in which '{before.Name}' spikes does nothing to '{n.Name}' (FF-zeroing of neuron k+1, spec §7.3); leave index {k - 1} unused or move '{n.Name}'"));
        }
    }

    // Spec §7.3: the recurrent accumulation skips row k+5 instead of k+6, so AA[k+5][k+5] (k -> k-1) is never applied.
    private static void IgnoredRecurrent(NcxNetwork network, List<NcxCompileWarning> warnings)
    {
        foreach (NcxSynapse s in network.Recurrent)
        {
            if (s.Weight != 0 && s.ToIndex == s.FromIndex - 1)
            {
                warnings.Add(new NcxCompileWarning(s.Position,
                    $"recurrent {s.From} (index {s.FromIndex}) -> {s.To} (index {s.ToIndex}): the board never applies a synapse from neuron k to neuron k-1 " +
                    "(its self-exclusion skips that row, spec §7.3); re-index one of the two neurons"));
            }
        }
    }

    // Spec §7.1: weight x gain keeps its sign and low 7 bits, so |w·g| > 127 wraps instead of saturating.
    private static void GainWrap(NcxNetwork network, NcxImage image, List<NcxCompileWarning> warnings)
    {
        foreach (NcxSynapse s in network.Feedforward)
        {
            int w = image.Ff[NcxLayout.Flat(NcxLayout.Row(s.ToIndex), s.FromIndex)];
            int p = w * network.Gain;
            if (p is > 127 or < -128)
            {
                warnings.Add(new NcxCompileWarning(s.Position,
                    $"feedforward {s.From} -> {s.To}: weight {w} x gain {network.Gain} = {p} does not fit 7 bits; the board applies G({p}) = {Units(G(p))} " +
                    $"instead of {p}.0 (sign + low 7 bits, spec §7.1); keep |weight x gain| <= 127"));
            }
        }
    }

    // Spec §7.1: the recurrent row sum over the neurons that spiked in the previous timestep wraps the same way.
    private static void RecurrentWrap(NcxImage image, NcxNeuron?[] byIndex, List<NcxCompileWarning> warnings)
    {
        for (int k = 0; k < NcxLayout.Neurons; k++)
        {
            if (byIndex[k] is not { } n)
            {
                continue;
            }

            int positive = 0, negative = 0;
            for (int c = 0; c < NcxLayout.Size; c++)
            {
                int w = image.Aa[NcxLayout.Flat(NcxLayout.Row(k), c)];
                if (w > 0)
                {
                    positive += w;
                }
                else
                {
                    negative += w;
                }
            }

            if (positive > 127 || negative < -128)
            {
                warnings.Add(new NcxCompileWarning(n.Position,
                    $"neuron '{n.Name}': its recurrent weights sum to {positive} (excitatory) / {negative} (inhibitory); if the presynaptic neurons spike " +
                    "in one timestep the sum wraps to its sign and low 7 bits (G, spec §7.1), e.g. 128 acts as 0"));
            }
        }
    }

    // Spec §7.1/§7.3: one global leak, subtracted every timestep without a floor, and v wraps from -128 to +127.99.
    private static void Leak(NcxNetwork network, List<NcxCompileWarning> warnings)
    {
        if (NcxQ710.TryConvert(network.Leak, out int q) && q > 0)
        {
            int steps = (int)Math.Ceiling(-(double)NcxQ710.Min / q);
            warnings.Add(new NcxCompileWarning(network.LeakPosition,
                $"leak {Number(network.Leak)} is subtracted from every neuron every timestep with no resting floor: a neuron without input falls to -128 " +
                $"in about {steps} timesteps ({Number(steps * NcxNetworkFile.MillisecondsPerTimestep)} ms), wraps to +127.99 and spikes (spec §7.1); " +
                "keep runs shorter, give it a small positive bias, or use leak 0"));
        }
    }

    private static void Stdp(NcxNetwork network, List<NcxCompileWarning> warnings)
    {
        if (network.Stdp is not { } stdp)
        {
            return;
        }

        var weights = new Dictionary<(int, int), int>();
        foreach (NcxSynapse s in network.Recurrent)
        {
            weights[(s.FromIndex, s.ToIndex)] = s.Weight;
        }

        foreach (NcxSynapse s in stdp.LearnRecurrent)
        {
            if (weights.TryGetValue((s.FromIndex, s.ToIndex), out int w) && w < -1 && stdp.Depression != 0)
            {
                warnings.Add(new NcxCompileWarning(s.Position,
                    $"learn_recurrent {s.From} -> {s.To}: weight {w} is below -1; the board's depression never goes below -1 and lifts such a weight " +
                    "to -1 at the first depression event (spec §8.2 step 5)"));
            }

            if (s.FromIndex == s.ToIndex)
            {
                warnings.Add(new NcxCompileWarning(s.Position, $"learn_recurrent {s.From} -> {s.To}: self-pair entries race inside the STDP logic (spec §8.3)"));
            }
        }

        foreach (NcxSynapse s in stdp.LearnFeedforward)
        {
            int c = NcxCompiler.FastIndex(s.ToIndex);
            int a = s.FromIndex;
            string ltp = a is >= 6 and < 6 + NcxLayout.Neurons
                ? $"FF[{a}][{c}], the weight of input address {c} into neuron index {a - 6}"
                : $"FF[{a}][{c}], a row no neuron reads";
            warnings.Add(new NcxCompileWarning(s.Position,
                $"learn_feedforward {s.From} -> {s.To}: the board's FF STDP does not change this synapse (FF[{NcxLayout.Row(s.ToIndex)}][{a}]): potentiation writes " +
                $"{ltp}, depression writes FF[3][{c}], a row no neuron reads (spec §8.2 FF bugs){(a == 0 ? "; input address 0 also enables row 0, whose first LTP entry uses stale data (spec §8.3)" : "")}"));
        }
    }

    /// <summary>Warnings that depend on the driver's silent address.</summary>
    public static void AddSilentAddress(NcxNetwork network, NcxImage image, int silent, List<NcxCompileWarning> warnings)
    {
        foreach (NcxInput input in network.Inputs)
        {
            if (input.Address == silent)
            {
                warnings.Add(new NcxCompileWarning(input.Position,
                    $"input '{input.Name}' (address {silent}) has no non-zero weight, so it is the silent address the driver uses for its dummy events: " +
                    "events to it and dummy events are the same"));
            }
        }

        if (image.StdpEnablesFf is not { } en)
        {
            return;
        }

        // FF STDP writes FF[r][c] (LTP) and FF[3][c] (LTD) for every enabled [r][c], which can give the silent column a weight.
        for (int r = 0; r < NcxLayout.Size; r++)
        {
            if (en[NcxLayout.Flat(r, silent)])
            {
                warnings.Add(new NcxCompileWarning(network.Stdp?.Position,
                    $"the silent input address {silent} is a column that FF STDP writes (enable [{r}][{silent}], spec §8.2): after learning, the driver's " +
                    "dummy events may drive a neuron; declare an unused input at a lower address with no weights to keep the silent column free"));
                return;
            }
        }
    }

    /// <summary>What a raw physical entry means in logical terms, for the raw-entry warning.</summary>
    public static string RawMeaning(string table, int row, int col)
    {
        bool neuronRow = row >= 6 && row < 6 + NcxLayout.Neurons;
        bool neuronCol = col >= 5 && col < 5 + NcxLayout.Neurons;
        return table switch
        {
            "ff" => neuronRow ? $": input address {col} -> neuron index {row - 6}" : $": row {row} is read by no neuron",
            "aa" when row is 4 or 5 => $": AA rows 4 and 5 reach neuron 0's current register through slots 1 and 2 (spec §7.4)",
            "aa" when neuronRow && neuronCol && row == col => $": neuron {col - 5} -> neuron {row - 6} is never applied by the board (spec §7.3)",
            "aa" => neuronRow && neuronCol ? $": neuron index {col - 5} -> neuron index {row - 6}" : ": read by no neuron",
            "enable_ff" => (neuronCol ? $": the RTL reads it for input address {row} and neuron index {col - 5} (spec §8.2)" : ": no neuron's STDP reads it") +
                           (row == 0 || col == 0 ? "; row/column 0 entries use stale data (spec §8.3)" : ""),
            _ => (neuronRow && neuronCol ? $": STDP of neuron index {col - 5} -> neuron index {row - 6}" : ": no neuron's STDP reads it") +
                 (row == 0 || col == 0 ? "; row/column 0 entries use stale data (spec §8.3)" : ""),
        };
    }

    private static bool HasFfInput(NcxImage image, int neuron)
    {
        int row = NcxLayout.Row(neuron);
        for (int a = 0; a < NcxLayout.Size; a++)
        {
            if (image.Ff[NcxLayout.Flat(row, a)] != 0)
            {
                return true;
            }
        }

        return false;
    }

    // Spec §7.1: G(p) = ((p mod 128) - (128 if p < 0)) units of 1.0.
    internal static int G(int p) => (((p % 128) + 128) % 128) - (p < 0 ? 128 : 0);

    private static string Units(int x) => x.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
