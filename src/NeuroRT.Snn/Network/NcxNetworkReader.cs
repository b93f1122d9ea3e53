using System.Globalization;
using NeuroRT.Core.Text;
using NeuroRT.Snn.NeuroCoreX;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Snn.Network;

/// <summary>
/// The validation behind <see cref="NcxNetworkFile"/>: walks the YAML node tree once, records every problem with its
/// node's position and key path, and builds the <see cref="NcxNetwork"/> only when there is none. Names that were
/// declared with errors in other fields stay known, so one mistake does not cascade into "unknown neuron" messages.
/// </summary>
internal sealed class NcxNetworkReader
{
    internal static readonly string[] TopLevelKeys =
        ["format", "name", "inputs", "neurons", "defaults", "gain", "leak", "bias", "feedforward", "recurrent", "stdp", "raw"];

    private static readonly string[] InputKeys = ["name", "address"];
    private static readonly string[] NeuronKeys = ["name", "index", "threshold", "refractory", "refractory_ms"];
    private static readonly string[] DefaultKeys = ["threshold", "refractory", "refractory_ms"];
    private static readonly string[] BiasKeys = ["neuron", "current"];
    private static readonly string[] SynapseKeys = ["from", "to", "weight"];
    private static readonly string[] LearnKeys = ["from", "to"];
    private static readonly string[] RawKeys = ["ff", "aa", "enable_ff", "enable_aa"];
    private static readonly string[] StdpKeys =
        ["potentiation", "depression", "pre_window", "post_window", "pre_window_feedforward", "post_window_feedforward", "learn_recurrent", "learn_feedforward"];

    // Built-in values for neurons that omit a field and are not covered by 'defaults:'.
    private const double DefaultThreshold = 1.0;
    private const int MaxRefractory = NcxQ710.Max; // the refractory counter and length are 18-bit words (spec §7.1)
    private const int MaxWindow = 127; // trace timers are int8 and count up to the window (spec §8.1)

    private readonly string _source;
    private readonly List<NcxNetworkDiagnostic> _errors = [];
    private readonly Dictionary<string, NcxInput> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Index, NcxSourcePosition Position)> _neurons = new(StringComparer.Ordinal);

    public NcxNetworkReader(string source) => _source = source;

    public NcxNetwork Read(string text)
    {
        YamlMappingNode root = LoadRoot(text);
        var nodes = new Dictionary<string, (YamlScalarNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, "(top level)", "keys must be plain names");
                continue;
            }

            if (Array.IndexOf(TopLevelKeys, key) < 0)
            {
                Error(keyNode, key, $"unknown key '{key}'{NameSuggestions.DidYouMean(key, TopLevelKeys)}; valid keys: {string.Join(", ", TopLevelKeys)}");
                continue;
            }

            // An empty value ("inputs:" with nothing after it) is an empty section; 'stdp:' stays present.
            if (IsNull(value) && key is "inputs" or "neurons" or "feedforward" or "recurrent" or "raw" or "bias" or "defaults")
            {
                continue;
            }

            nodes[key] = ((YamlScalarNode)keyNode, IsNull(value) && key == "stdp" ? new YamlMappingNode() : value);
        }

        if (!nodes.TryGetValue("format", out var format))
        {
            Error(root, "format", $"the file has no 'format:'; the first line should be 'format: {NcxNetworkFile.Format}'");
        }
        else if (format.Value is not YamlScalarNode { Value: NcxNetworkFile.Format })
        {
            Error(format.Value, "format", $"must be exactly '{NcxNetworkFile.Format}', got '{ScalarText(format.Value)}'");
        }

        string? name = nodes.TryGetValue("name", out var nameNode) ? Text(nameNode.Value, "name") : null;
        NeuronDefaults defaults = nodes.TryGetValue("defaults", out var d) ? ReadDefaults(d.Value) : new NeuronDefaults(DefaultThreshold, 0, null);
        List<NcxInput> inputs = nodes.TryGetValue("inputs", out var i) ? ReadInputs(i.Value) : [];
        List<NcxNeuron> neurons = nodes.TryGetValue("neurons", out var n) ? ReadNeurons(n.Value, defaults) : [];

        int gain = 1;
        if (nodes.TryGetValue("gain", out var g) && TryInt(g.Value, "gain", 1, 255, "the FF gain g is an unsigned byte, 1..255", out int gv))
        {
            gain = gv;
        }

        double leak = 0;
        NcxSourcePosition? leakPosition = null;
        if (nodes.TryGetValue("leak", out var l))
        {
            leakPosition = At(l.Value);
            if (TryPotential(l.Value, "leak", out double lv))
            {
                leak = lv;
            }
        }

        NcxBias? bias = nodes.TryGetValue("bias", out var b) ? ReadBias(b.Value) : null;
        List<NcxSynapse> ff = nodes.TryGetValue("feedforward", out var f) ? ReadSynapses(f.Value, "feedforward", feedforward: true, withWeight: true) : [];
        List<NcxSynapse> aa = nodes.TryGetValue("recurrent", out var r) ? ReadSynapses(r.Value, "recurrent", feedforward: false, withWeight: true) : [];
        NcxStdpRule? stdp = nodes.TryGetValue("stdp", out var s) ? ReadStdp(s.Value) : null;
        NcxRawEntries raw = nodes.TryGetValue("raw", out var w) ? ReadRaw(w.Value) : NcxRawEntries.None;

        CheckSilentAddress(ff, raw, nodes.TryGetValue("feedforward", out var fk) ? fk.Key : root);

        if (_errors.Count > 0)
        {
            NcxNetworkDiagnostic[] sorted = [.. _errors];
            // Stable sort: same-position messages keep the order in which they were found.
            var ordered = sorted.Select((e, k) => (e, k)).OrderBy(x => x.e.Position.Line).ThenBy(x => x.e.Position.Column).ThenBy(x => x.k);
            throw new NcxNetworkException([.. ordered.Select(x => x.e)]);
        }

        return new NcxNetwork(_source, name, inputs, neurons, gain, leak, leakPosition, bias, ff, aa, stdp, raw);
    }

    private YamlMappingNode LoadRoot(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string message = Clean(e.Message);
            string field = "(YAML syntax)";
            if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
            {
                field = message["Duplicate key ".Length..];
                message = $"'{field}' is written twice in the same mapping; keep one (the board has one of each, e.g. one bias target)";
            }

            throw new NcxNetworkException(new NcxNetworkDiagnostic(new NcxSourcePosition(_source, (int)e.Start.Line, (int)e.Start.Column), field, $"invalid YAML: {message}"), e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new NcxNetworkException(new NcxNetworkDiagnostic(new NcxSourcePosition(_source, 1, 1), "format",
                $"the network file is empty; it needs at least 'format: {NcxNetworkFile.Format}' and 'neurons:'"));
        }

        if (stream.Documents.Count > 1)
        {
            throw new NcxNetworkException(new NcxNetworkDiagnostic(At(stream.Documents[1].RootNode), "(document)",
                "a network file holds one YAML document; remove the second '---'"));
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new NcxNetworkException(new NcxNetworkDiagnostic(At(stream.Documents[0].RootNode), "(top level)",
                $"a network file is a mapping with 'format: {NcxNetworkFile.Format}', 'inputs:', 'neurons:', 'feedforward:' ..."));
        }

        return root;
    }

    // YamlDotNet messages start with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is reported separately.
    private static string Clean(string message)
    {
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    private sealed record NeuronDefaults(double Threshold, int Refractory, double? RefractoryMs);

    private NeuronDefaults ReadDefaults(YamlNode node)
    {
        double threshold = DefaultThreshold;
        int refractory = 0;
        double? refractoryMs = null;
        var map = Map(node, "defaults", DefaultKeys, "{threshold: 1.0, refractory: 0}");
        if (map is null)
        {
            return new NeuronDefaults(threshold, refractory, refractoryMs);
        }

        if (map.TryGetValue("threshold", out var t) && TryPotential(t.Value, "defaults.threshold", out double tv))
        {
            threshold = tv;
        }

        ReadRefractory(map, "defaults", ref refractory, ref refractoryMs);
        return new NeuronDefaults(threshold, refractory, refractoryMs);
    }

    // 'refractory' (timesteps) or 'refractory_ms' (multiples of 0.96 ms), not both.
    private void ReadRefractory(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> map, string field, ref int refractory, ref double? refractoryMs)
    {
        bool hasSteps = map.TryGetValue("refractory", out var steps);
        bool hasMs = map.TryGetValue("refractory_ms", out var ms);
        if (hasSteps && hasMs)
        {
            Error(ms.Key, $"{field}.refractory_ms", "give either 'refractory' (timesteps) or 'refractory_ms', not both");
            return;
        }

        if (hasSteps && TryInt(steps.Value, $"{field}.refractory", 0, MaxRefractory, "refractory is a whole number of timesteps >= 0", out int rv))
        {
            refractory = rv;
            refractoryMs = null;
        }
        else if (hasMs && TryNumber(ms.Value, $"{field}.refractory_ms", out double mv))
        {
            double timesteps = mv / NcxNetworkFile.MillisecondsPerTimestep;
            double whole = Math.Round(timesteps, MidpointRounding.AwayFromZero);
            // "Within 1 % of a whole number": 2.89 ms (3.01 timesteps) is 3, 2.5 ms (2.6 timesteps) is refused.
            if (mv < 0 || Math.Abs(timesteps - whole) > 0.01 * whole || (whole == 0 && mv != 0) || whole > MaxRefractory)
            {
                Error(ms.Value, $"{field}.refractory_ms",
                    $"{Number(mv)} ms is {Number(timesteps)} timesteps of {Number(NcxNetworkFile.MillisecondsPerTimestep)} ms; the board counts whole timesteps: " +
                    $"use a multiple of 0.96 ms within 1 % (0.96, 1.92, 2.88, ...) or 'refractory: N' in timesteps");
            }
            else
            {
                refractory = (int)whole;
                refractoryMs = mv;
            }
        }
    }

    private List<NcxInput> ReadInputs(YamlNode node)
    {
        var result = new List<NcxInput>();
        if (node is not YamlSequenceNode list)
        {
            Error(node, "inputs", "'inputs:' is a list of names or {name: x, address: 5} mappings");
            return result;
        }

        // Explicit addresses first, so that a plain name takes the next address no other input claims.
        var entries = new List<(string Name, int? Address, YamlNode Node)>();
        var taken = new Dictionary<int, string>();
        for (int k = 0; k < list.Children.Count; k++)
        {
            YamlNode item = list.Children[k];
            string field = $"inputs[{k}]";
            if (k == NcxLayout.Size)
            {
                Error(item, field, $"more than {NcxLayout.Size} inputs: the board's FF matrix has {NcxLayout.Size} columns (input addresses 0..95)");
            }

            string? name;
            int? address = null;
            YamlNode nameNode = item;
            if (item is YamlScalarNode)
            {
                name = Text(item, $"{field}.name");
            }
            else
            {
                var map = Map(item, field, InputKeys, "{name: c3, address: 5}");
                if (map is null)
                {
                    continue;
                }

                name = EntryName(map, item, field, "input", ref nameNode);
                address = TakeSlot(map, "address", field, NcxLayout.Size - 1, "an input address is an FF column, 0..95", "input", taken, name ?? $"inputs[{k}]");
            }

            if (name is null)
            {
                continue;
            }

            if (_inputs.TryGetValue(name, out NcxInput? first))
            {
                Error(nameNode, $"{field}.name", $"two inputs are called '{name}' (the first at line {first.Position.Line}); input names must be unique");
                continue;
            }

            // Registered now (address fixed below) so that later references resolve even if this entry has errors.
            _inputs[name] = new NcxInput(name, -1, At(nameNode));
            entries.Add((name, address, nameNode));
        }

        int next = 0;
        foreach (var (name, address, nameNode) in entries)
        {
            int a = address ?? -1;
            if (a < 0)
            {
                while (next < NcxLayout.Size && taken.ContainsKey(next))
                {
                    next++;
                }

                if (next == NcxLayout.Size)
                {
                    continue; // already reported: more than 96 inputs
                }

                a = next;
                taken[a] = name;
            }

            var input = new NcxInput(name, a, At(nameNode));
            _inputs[name] = input;
            result.Add(input);
        }

        return result;
    }

    private List<NcxNeuron> ReadNeurons(YamlNode node, NeuronDefaults defaults)
    {
        var result = new List<NcxNeuron>();
        if (node is not YamlSequenceNode list)
        {
            Error(node, "neurons", "'neurons:' is a list of {name: a, threshold: 1.5} mappings (or plain names, which take the defaults)");
            return result;
        }

        var entries = new List<(string Name, int? Index, double Threshold, int Refractory, double? RefractoryMs, YamlNode Node)>();
        var taken = new Dictionary<int, string>();
        for (int k = 0; k < list.Children.Count; k++)
        {
            YamlNode item = list.Children[k];
            string field = $"neurons[{k}]";
            if (k == NcxLayout.Neurons)
            {
                Error(item, field, $"more than {NcxLayout.Neurons} neurons: the board has {NcxLayout.Neurons} (slots 4..93)");
            }

            string? name;
            int? index = null;
            double threshold = defaults.Threshold;
            int refractory = defaults.Refractory;
            double? refractoryMs = defaults.RefractoryMs;
            YamlNode nameNode = item;
            if (item is YamlScalarNode)
            {
                name = Text(item, $"{field}.name");
            }
            else
            {
                var map = Map(item, field, NeuronKeys, "{name: a, threshold: 1.5, refractory: 2}");
                if (map is null)
                {
                    continue;
                }

                name = EntryName(map, item, field, "neuron", ref nameNode);
                index = TakeSlot(map, "index", field, NcxLayout.Neurons - 1, "a neuron index is 0..89 (the board has 90 neurons)", "neuron", taken, name ?? field);

                if (map.TryGetValue("threshold", out var tv) && TryPotential(tv.Value, $"{field}.threshold", out double t))
                {
                    threshold = t;
                }

                ReadRefractory(map, field, ref refractory, ref refractoryMs);
            }

            if (name is null)
            {
                continue;
            }

            if (_neurons.TryGetValue(name, out var first))
            {
                Error(nameNode, $"{field}.name", $"two neurons are called '{name}' (the first at line {first.Position.Line}); neuron names must be unique");
                continue;
            }

            _neurons[name] = (-1, At(nameNode));
            entries.Add((name, index, threshold, refractory, refractoryMs, nameNode));
        }

        int next = 0;
        foreach (var (name, index, threshold, refractory, refractoryMs, nameNode) in entries)
        {
            int idx = index ?? -1;
            if (idx < 0)
            {
                while (next < NcxLayout.Neurons && taken.ContainsKey(next))
                {
                    next++;
                }

                if (next == NcxLayout.Neurons)
                {
                    continue; // already reported: more than 90 neurons
                }

                idx = next;
                taken[idx] = name;
            }

            _neurons[name] = (idx, At(nameNode));
            result.Add(new NcxNeuron(name, idx, threshold, refractory, refractoryMs, At(nameNode)));
        }

        return result;
    }

    private NcxBias? ReadBias(YamlNode node)
    {
        YamlNode entry = node;
        if (node is YamlSequenceNode list)
        {
            if (list.Children.Count == 0)
            {
                return null;
            }

            for (int k = 1; k < list.Children.Count; k++)
            {
                Error(list.Children[k], $"bias[{k}]", "a second bias: the board has ONE bias target (N_debug); drive other neurons through an input or a recurrent synapse");
            }

            entry = list.Children[0];
        }

        var map = Map(entry, "bias", BiasKeys, "{neuron: a, current: 0.25}");
        if (map is null)
        {
            return null;
        }

        bool ok = true;
        int index = -1;
        string neuron = "";
        if (!map.TryGetValue("neuron", out var nv))
        {
            Error(entry, "bias.neuron", "the bias needs 'neuron:' (the one neuron it drives)");
            ok = false;
        }
        else if (!TryNeuron(nv.Value, "bias.neuron", out neuron, out index))
        {
            ok = false;
        }

        double current = 0;
        if (!map.TryGetValue("current", out var cv))
        {
            Error(entry, "bias.current", "the bias needs 'current:' in potential units per timestep (1.0 = 1024)");
            ok = false;
        }
        else if (!TryPotential(cv.Value, "bias.current", out current))
        {
            ok = false;
        }

        return ok ? new NcxBias(neuron, index, current, At(entry)) : null;
    }

    private List<NcxSynapse> ReadSynapses(YamlNode node, string section, bool feedforward, bool withWeight)
    {
        var result = new List<NcxSynapse>();
        string example = withWeight
            ? (feedforward ? "{from: input, to: neuron, weight: 40}" : "{from: neuron, to: neuron, weight: -20}")
            : (feedforward ? "{from: input, to: neuron}" : "{from: neuron, to: neuron}");
        if (node is not YamlSequenceNode list)
        {
            Error(node, section, $"'{Leaf(section)}:' is a list of {example}");
            return result;
        }

        var seen = new Dictionary<(int, int), int>();
        for (int k = 0; k < list.Children.Count; k++)
        {
            YamlNode item = list.Children[k];
            string field = $"{section}[{k}]";
            var map = Map(item, field, withWeight ? SynapseKeys : LearnKeys, example);
            if (map is null)
            {
                continue;
            }

            bool ok = true;
            int from = -1, to = -1, weight = 0;
            string fromName = "", toName = "";
            if (!map.TryGetValue("from", out var fv))
            {
                Error(item, $"{field}.from", $"each synapse needs 'from:' ({(feedforward ? "an input" : "a neuron")})");
                ok = false;
            }
            else if (!(feedforward ? TryInput(fv.Value, $"{field}.from", out fromName, out from) : TryNeuron(fv.Value, $"{field}.from", out fromName, out from)))
            {
                ok = false;
            }

            if (!map.TryGetValue("to", out var tv))
            {
                Error(item, $"{field}.to", "each synapse needs 'to:' (a neuron)");
                ok = false;
            }
            else if (!TryNeuron(tv.Value, $"{field}.to", out toName, out to))
            {
                ok = false;
            }

            if (withWeight)
            {
                if (!map.TryGetValue("weight", out var wv))
                {
                    Error(item, $"{field}.weight", "each synapse needs 'weight:' (int8, -128..127)");
                    ok = false;
                }
                else if (!TryInt(wv.Value, $"{field}.weight", sbyte.MinValue, sbyte.MaxValue, "weights are int8, -128..127", out weight))
                {
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            if (seen.TryGetValue((from, to), out int line))
            {
                Error(item, field, $"duplicate synapse {fromName} -> {toName} (already at line {line}); list each synapse once");
                continue;
            }

            seen[(from, to)] = At(item).Line;
            result.Add(new NcxSynapse(fromName, toName, from, to, weight, At(item)));
        }

        return result;
    }

    private NcxStdpRule? ReadStdp(YamlNode node)
    {
        var map = Map(node, "stdp", StdpKeys, "{potentiation: 2, depression: 1, pre_window: 3, post_window: 3, ...}");
        if (map is null)
        {
            return null;
        }

        int Byte(string key, int min, int max, string what)
        {
            return map.TryGetValue(key, out var v) && TryInt(v.Value, $"stdp.{key}", min, max, what, out int x) ? x : 0;
        }

        const string Int8 = "an STDP step is int8, -128..127";
        const string Window = "an STDP window is a number of timesteps, 0..127";
        int dwPos = Byte("potentiation", sbyte.MinValue, sbyte.MaxValue, Int8);
        int dwNeg = Byte("depression", sbyte.MinValue, sbyte.MaxValue, Int8);
        int pre = Byte("pre_window", 0, MaxWindow, Window);
        int post = Byte("post_window", 0, MaxWindow, Window);
        int preFf = Byte("pre_window_feedforward", 0, MaxWindow, Window);
        int postFf = Byte("post_window_feedforward", 0, MaxWindow, Window);
        List<NcxSynapse> learnAa = map.TryGetValue("learn_recurrent", out var la) ? ReadSynapses(la.Value, "stdp.learn_recurrent", feedforward: false, withWeight: false) : [];
        List<NcxSynapse> learnFf = map.TryGetValue("learn_feedforward", out var lf) ? ReadSynapses(lf.Value, "stdp.learn_feedforward", feedforward: true, withWeight: false) : [];
        return new NcxStdpRule(dwPos, dwNeg, pre, post, preFf, postFf, learnAa, learnFf, At(node));
    }

    private NcxRawEntries ReadRaw(YamlNode node)
    {
        var map = Map(node, "raw", RawKeys, "{ff: [[row, col, weight]], aa: [[row, col, weight]], enable_ff: [[row, col]], enable_aa: [[row, col]]}");
        if (map is null)
        {
            return NcxRawEntries.None;
        }

        List<NcxRawEntry> List(string key, bool weighted)
        {
            var result = new List<NcxRawEntry>();
            if (!map.TryGetValue(key, out var v))
            {
                return result;
            }

            string shape = weighted ? "[row, col, weight]" : "[row, col]";
            if (v.Value is not YamlSequenceNode list)
            {
                Error(v.Value, $"raw.{key}", $"'{key}:' is a list of {shape} entries in physical indices");
                return result;
            }

            var seen = new Dictionary<(int, int), int>();
            for (int k = 0; k < list.Children.Count; k++)
            {
                string field = $"raw.{key}[{k}]";
                if (list.Children[k] is not YamlSequenceNode e || e.Children.Count != (weighted ? 3 : 2))
                {
                    Error(list.Children[k], field, $"each entry is {shape} (physical matrix indices 0..95)");
                    continue;
                }

                bool ok = TryInt(e.Children[0], $"{field}.row", 0, NcxLayout.Size - 1, "a physical row is 0..95", out int row);
                ok &= TryInt(e.Children[1], $"{field}.col", 0, NcxLayout.Size - 1, "a physical column is 0..95", out int col);
                int value = 1;
                if (weighted)
                {
                    ok &= TryInt(e.Children[2], $"{field}.weight", sbyte.MinValue, sbyte.MaxValue, "weights are int8, -128..127", out value);
                }

                if (!ok)
                {
                    continue;
                }

                if (seen.TryGetValue((row, col), out int line))
                {
                    Error(e, field, $"duplicate entry [{row}, {col}] (already at line {line}); list each entry once");
                    continue;
                }

                seen[(row, col)] = At(e).Line;
                result.Add(new NcxRawEntry(row, col, value, At(e)));
            }

            return result;
        }

        return new NcxRawEntries(List("ff", true), List("aa", true), List("enable_ff", false), List("enable_aa", false));
    }

    // The driver needs one FF column that is zero in every row for its trailing dummy and filler events (spec §5.4).
    private void CheckSilentAddress(List<NcxSynapse> ff, NcxRawEntries raw, YamlNode where)
    {
        var weights = new Dictionary<(int Row, int Col), int>();
        foreach (NcxSynapse s in ff)
        {
            weights[(NcxLayout.Row(s.ToIndex), s.FromIndex)] = s.Weight;
        }

        foreach (NcxRawEntry e in raw.Ff)
        {
            weights[(e.Row, e.Column)] = e.Value;
        }

        var used = new bool[NcxLayout.Size];
        foreach (var ((_, col), w) in weights)
        {
            used[col] |= w != 0;
        }

        if (Array.IndexOf(used, false) < 0)
        {
            Error(where, "feedforward", $"no silent input address left: every FF column 0..{NcxLayout.Size - 1} has a non-zero weight, but at least one must stay all zero " +
                "for the driver's dummy input that ends each run (spec §5.4); remove the weights of one input");
        }
    }

    private bool TryInput(YamlNode node, string field, out string name, out int address)
    {
        address = -1;
        name = Text(node, field) ?? "";
        if (name.Length == 0)
        {
            return false;
        }

        if (_inputs.TryGetValue(name, out NcxInput? input))
        {
            address = input.Address;
            return address >= 0;
        }

        string hint = _neurons.ContainsKey(name) ? $"; '{name}' is a neuron (neuron -> neuron weights go in 'recurrent:')" : "";
        Error(node, field, $"unknown input '{name}'{NameSuggestions.DidYouMean(name, _inputs.Keys)}{hint}; declared inputs: {Names(_inputs.Keys)}");
        return false;
    }

    private bool TryNeuron(YamlNode node, string field, out string name, out int index)
    {
        index = -1;
        name = Text(node, field) ?? "";
        if (name.Length == 0)
        {
            return false;
        }

        if (_neurons.TryGetValue(name, out var neuron))
        {
            index = neuron.Index;
            return index >= 0;
        }

        string hint = _inputs.ContainsKey(name) ? $"; '{name}' is an input (input -> neuron weights go in 'feedforward:')" : "";
        Error(node, field, $"unknown neuron '{name}'{NameSuggestions.DidYouMean(name, _neurons.Keys)}{hint}; declared neurons: {Names(_neurons.Keys)}");
        return false;
    }

    private static string Names(IEnumerable<string> names)
    {
        string[] all = [.. names];
        return all.Length == 0 ? "(none)" : string.Join(", ", all.Take(12)) + (all.Length > 12 ? ", ..." : "");
    }

    private Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? Map(YamlNode node, string field, string[] allowed, string example)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, field, $"expected a mapping such as {example}");
            return null;
        }

        var result = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                Error(k, field, "keys must be plain names");
                continue;
            }

            if (Array.IndexOf(allowed, key) < 0)
            {
                Error(k, $"{field}.{key}", $"unknown key '{key}'{NameSuggestions.DidYouMean(key, allowed)}; valid keys here: {string.Join(", ", allowed)}");
                continue;
            }

            result[key] = ((YamlScalarNode)k, v);
        }

        return result;
    }

    private string? Text(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value } && !IsNull(node))
        {
            return value;
        }

        Error(node, field, "must be a non-empty text");
        return null;
    }

    private bool TryInt(YamlNode node, string field, long min, long max, string what, out int value)
    {
        value = 0;
        if (node is not YamlScalarNode { Value: { } text } || IsNull(node))
        {
            Error(node, field, $"must be a whole number; {what}");
            return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            Error(node, field, $"must be a whole number, got '{text}'; {what}");
            return false;
        }

        if (v < min || v > max)
        {
            Error(node, field, $"{v} is out of range; {what}");
            return false;
        }

        value = (int)v;
        return true;
    }

    private bool TryNumber(YamlNode node, string field, out double value)
    {
        value = 0;
        if (node is not YamlScalarNode { Value: { } text } || IsNull(node) ||
            !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            Error(node, field, $"must be a number, got '{ScalarText(node)}'");
            return false;
        }

        return true;
    }

    private bool TryPotential(YamlNode node, string field, out double value)
    {
        if (!TryNumber(node, field, out value))
        {
            return false;
        }

        if (!NcxQ710.TryConvert(value, out _))
        {
            Error(node, field, $"{Number(value)} is out of range; potentials are in board units, {NcxQ710.RangeText}");
            return false;
        }

        return true;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string ScalarText(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "?",
    };

    private static string Leaf(string section) => section[(section.LastIndexOf('.') + 1)..];

    private static string Number(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    private NcxSourcePosition At(YamlNode node) => new(_source, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(YamlNode node, string field, string message) => _errors.Add(new NcxNetworkDiagnostic(At(node), field, message));

    // The 'name:' of an input or neuron given as a mapping; an error (and null) when it is missing.
    private string? EntryName(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> map, YamlNode item, string field, string what, ref YamlNode nameNode)
    {
        if (map.TryGetValue("name", out var nv))
        {
            nameNode = nv.Value;
            return Text(nv.Value, $"{field}.name");
        }

        Error(item, $"{field}.name", $"each {what} needs a 'name:'");
        return null;
    }

    // An explicit address/index, 0..max, that no other entry has taken: recorded in taken under owner; null when absent or bad.
    private int? TakeSlot(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> map, string key, string field, int max, string hint, string what, Dictionary<int, string> taken, string owner)
    {
        if (!map.TryGetValue(key, out var v) || !TryInt(v.Value, $"{field}.{key}", 0, max, hint, out int slot))
        {
            return null;
        }

        if (taken.TryGetValue(slot, out string? other))
        {
            Error(v.Value, $"{field}.{key}", $"{key} {slot} is already {what} '{other}'; each {what} needs its own {key}");
            return null;
        }

        taken[slot] = owner;
        return slot;
    }
}
