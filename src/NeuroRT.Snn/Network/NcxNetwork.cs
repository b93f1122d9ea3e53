namespace NeuroRT.Snn.Network;

/// <summary>
/// A parsed and validated NeuroCoreX network description (<see cref="NcxNetworkFile"/>), in logical terms: inputs by
/// name and address 0…95, neurons by name and index 0…89, weights, global gain and leak, the one bias target, STDP and
/// any raw physical entries. <see cref="NcxCompiler"/> turns it into the board's physical layout. Only the reader
/// creates it, so every value here is already within the board's limits.
/// </summary>
public sealed class NcxNetwork
{
    internal NcxNetwork(string sourceName, string? name, IReadOnlyList<NcxInput> inputs, IReadOnlyList<NcxNeuron> neurons, int gain,
        double leak, NcxSourcePosition? leakPosition, NcxBias? bias, IReadOnlyList<NcxSynapse> feedforward,
        IReadOnlyList<NcxSynapse> recurrent, NcxStdpRule? stdp, NcxRawEntries raw)
    {
        SourceName = sourceName;
        Name = name;
        Inputs = inputs;
        Neurons = neurons;
        Gain = gain;
        Leak = leak;
        LeakPosition = leakPosition;
        Bias = bias;
        Feedforward = feedforward;
        Recurrent = recurrent;
        Stdp = stdp;
        Raw = raw;
    }

    /// <summary>The file (or name given to <see cref="NcxNetworkFile.Parse"/>) this came from.</summary>
    public string SourceName { get; }

    /// <summary>Free-text <c>name:</c>, or null.</summary>
    public string? Name { get; }

    /// <summary>Named inputs with their FF column (input address), in listed order.</summary>
    public IReadOnlyList<NcxInput> Inputs { get; }

    /// <summary>Listed neurons with their logical index, in listed order.</summary>
    public IReadOnlyList<NcxNeuron> Neurons { get; }

    /// <summary>Global FF gain g, 1…255 (the low byte of slot 0's refractory word).</summary>
    public int Gain { get; }

    /// <summary>Global linear leak per timestep, in potential units (tau entry 8).</summary>
    public double Leak { get; }

    /// <summary>Where <c>leak:</c> was written, or null when it defaulted to 0.</summary>
    public NcxSourcePosition? LeakPosition { get; }

    /// <summary>The bias (debug) target, or null for none.</summary>
    public NcxBias? Bias { get; }

    /// <summary>Input → neuron weights (int8).</summary>
    public IReadOnlyList<NcxSynapse> Feedforward { get; }

    /// <summary>Neuron → neuron weights (int8).</summary>
    public IReadOnlyList<NcxSynapse> Recurrent { get; }

    /// <summary>STDP parameters and enabled synapses, or null: then the load sends no enable command.</summary>
    public NcxStdpRule? Stdp { get; }

    /// <summary>Raw physical entries, applied after everything else (empty when the file has no <c>raw:</c>).</summary>
    public NcxRawEntries Raw { get; }
}

/// <summary>A named input; <see cref="Address"/> is the FF column an event with this address sums (0…95).</summary>
public sealed record NcxInput(string Name, int Address, NcxSourcePosition Position);

/// <summary>
/// A listed neuron: logical <see cref="Index"/> 0…89 (slot index + 4, weight row index + 6), threshold in potential units,
/// refractory length in timesteps and, when it was given in milliseconds, the value written.
/// </summary>
public sealed record NcxNeuron(string Name, int Index, double Threshold, int Refractory, double? RefractoryMs, NcxSourcePosition Position);

/// <summary>The board's single bias target: <see cref="Current"/> (potential units per timestep) added to one neuron.</summary>
public sealed record NcxBias(string Neuron, int Index, double Current, NcxSourcePosition Position);

/// <summary>
/// A synapse by name and index. Feed-forward: <see cref="FromIndex"/> is the input address, <see cref="ToIndex"/> the
/// neuron index. Recurrent: both are neuron indices. <see cref="Weight"/> is int8 (0 in STDP enable lists).
/// </summary>
public sealed record NcxSynapse(string From, string To, int FromIndex, int ToIndex, int Weight, NcxSourcePosition Position);

/// <summary>STDP parameters (spec §8.1: words 0…2) and the synapses whose enable bit is set.</summary>
public sealed record NcxStdpRule(
    int Potentiation,
    int Depression,
    int PreWindow,
    int PostWindow,
    int PreWindowFeedforward,
    int PostWindowFeedforward,
    IReadOnlyList<NcxSynapse> LearnRecurrent,
    IReadOnlyList<NcxSynapse> LearnFeedforward,
    NcxSourcePosition Position);

/// <summary>One raw physical entry: matrix row and column 0…95 and, for weights, the int8 value (1 for enables).</summary>
public sealed record NcxRawEntry(int Row, int Column, int Value, NcxSourcePosition Position);

/// <summary>The <c>raw:</c> section: physical FF/AA weights and STDP enables, written over the compiled ones.</summary>
public sealed record NcxRawEntries(
    IReadOnlyList<NcxRawEntry> Ff,
    IReadOnlyList<NcxRawEntry> Aa,
    IReadOnlyList<NcxRawEntry> EnableFf,
    IReadOnlyList<NcxRawEntry> EnableAa)
{
    /// <summary>No raw entries.</summary>
    public static readonly NcxRawEntries None = new([], [], [], []);

    /// <summary>Entries in all four lists.</summary>
    public int Count => Ff.Count + Aa.Count + EnableFf.Count + EnableAa.Count;
}
