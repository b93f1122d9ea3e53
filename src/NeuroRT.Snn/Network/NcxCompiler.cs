using System.Globalization;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Network;

/// <summary>
/// Turns a logical <see cref="NcxNetwork"/> into the board's physical layout (<see cref="NcxImage"/>), spec §2 and §4:
/// neuron k at slot k+4, its incoming weights in row k+6 of both matrices, its outgoing recurrent weights in AA column
/// k+5; input address a is FF column a. Potentials become Q7.10; the FF gain sits in slot 0's refractory low byte, the
/// leak in tau entry 8; STDP parameters in words 0…2 and enable bits where the RTL reads them (spec §8.2).
/// </summary>
public static class NcxCompiler
{
    /// <summary>Compiles <paramref name="network"/>.</summary>
    public static NcxImage Compile(NcxNetwork network) => Compile(network, out _);

    /// <summary>Compiles <paramref name="network"/> and says what was converted, what the driver will use and what to watch for.</summary>
    public static NcxImage Compile(NcxNetwork network, out NcxCompileReport report)
    {
        ArgumentNullException.ThrowIfNull(network);
        var image = new NcxImage();
        var conversions = new List<NcxConversion>();
        var refractory = new List<NcxRefractoryConversion>();
        var warnings = new List<NcxCompileWarning>();
        var raw = new List<NcxRawApplied>();
        NcxParameters p = image.Parameters;

        // Unlisted neurons and the non-neuron slots 0-3, 94, 95 never reach their threshold.
        p.FillThresholds(NcxQ710.Max);
        foreach (NcxNeuron n in network.Neurons)
        {
            int slot = NcxLayout.Slot(n.Index);
            p.Threshold(slot) = Convert(conversions, $"neurons.{n.Name}.threshold", n.Position, n.Threshold);
            p.Refractory(slot) = n.Refractory;
            if (n.RefractoryMs is { } ms)
            {
                refractory.Add(new NcxRefractoryConversion($"neurons.{n.Name}.refractory_ms", n.Position, ms, n.Refractory));
            }
        }

        p.Gain = network.Gain;
        p.Leak = Convert(conversions, "leak", network.LeakPosition, network.Leak);

        if (network.Bias is { } bias)
        {
            image.BiasQ710 = Convert(conversions, "bias.current", bias.Position, bias.Current);
            image.DebugTarget = NcxLayout.DebugTarget(bias.Index);
        }

        foreach (NcxSynapse s in network.Feedforward)
        {
            image.Ff[NcxLayout.Flat(NcxLayout.Row(s.ToIndex), s.FromIndex)] = (sbyte)s.Weight;
        }

        foreach (NcxSynapse s in network.Recurrent)
        {
            image.Aa[NcxLayout.Flat(NcxLayout.Row(s.ToIndex), NcxLayout.AaColumn(s.FromIndex))] = (sbyte)s.Weight;
        }

        if (network.Stdp is { } stdp)
        {
            p.Stdp(0) = stdp.PreWindowFeedforward | (stdp.PostWindowFeedforward << 8);
            p.Stdp(1) = stdp.PreWindow | (stdp.PostWindow << 8);
            p.Stdp(2) = (stdp.Potentiation & 0xFF) | ((stdp.Depression & 0xFF) << 8);
            image.StdpEnablesAa = new bool[NcxLayout.MatrixEntries];
            image.StdpEnablesFf = new bool[NcxLayout.MatrixEntries];
            foreach (NcxSynapse s in stdp.LearnRecurrent)
            {
                image.StdpEnablesAa[NcxLayout.Flat(NcxLayout.Row(s.ToIndex), NcxLayout.AaColumn(s.FromIndex))] = true;
            }

            // The RTL reads FF enables at [input address][post fast index k+5], the transpose of the weight (spec §8.2).
            foreach (NcxSynapse s in stdp.LearnFeedforward)
            {
                image.StdpEnablesFf[NcxLayout.Flat(s.FromIndex, FastIndex(s.ToIndex))] = true;
            }
        }

        ApplyRaw(network, image, raw, warnings);
        NcxNetworkWarnings.Add(network, image, warnings);

        int silent = image.SilentAddress();
        if (silent < 0)
        {
            // The reader refuses such files; an image changed after validation could still get here.
            throw new InvalidOperationException($"{network.SourceName}: no FF column is all zero, so the driver has no silent input address for its dummy events");
        }

        NcxNetworkWarnings.AddSilentAddress(network, image, silent, warnings);
        int bytes = 0;
        foreach (NcxConfigStep step in image.Steps())
        {
            bytes += NcxImage.CommandBytes(step);
        }

        report = new NcxCompileReport(conversions, refractory, warnings, raw, silent, bytes);
        return image;
    }

    /// <summary>STDP fast index of neuron k (spec §8.1: slot + 1).</summary>
    internal static int FastIndex(int neuron) => neuron + 5;

    private static int Convert(List<NcxConversion> conversions, string field, NcxSourcePosition? position, double value)
    {
        if (!NcxQ710.TryConvert(value, out int q))
        {
            throw new InvalidOperationException($"{position}: {field} = {value.ToString(CultureInfo.InvariantCulture)} is outside {NcxQ710.RangeText}");
        }

        conversions.Add(new NcxConversion(field, position, value, q));
        return q;
    }

    private static void ApplyRaw(NcxNetwork network, NcxImage image, List<NcxRawApplied> raw, List<NcxCompileWarning> warnings)
    {
        NcxRawEntries r = network.Raw;
        foreach (NcxRawEntry e in r.Ff)
        {
            ref sbyte w = ref image.Ff[NcxLayout.Flat(e.Row, e.Column)];
            raw.Add(new NcxRawApplied("ff", e.Row, e.Column, e.Value, w, e.Position));
            w = (sbyte)e.Value;
        }

        foreach (NcxRawEntry e in r.Aa)
        {
            ref sbyte w = ref image.Aa[NcxLayout.Flat(e.Row, e.Column)];
            raw.Add(new NcxRawApplied("aa", e.Row, e.Column, e.Value, w, e.Position));
            w = (sbyte)e.Value;
        }

        if (r.EnableFf.Count + r.EnableAa.Count > 0)
        {
            // Raw enables only act if the enable command is sent; without 'stdp:' the windows and steps are all 0.
            image.StdpEnablesAa ??= new bool[NcxLayout.MatrixEntries];
            image.StdpEnablesFf ??= new bool[NcxLayout.MatrixEntries];
            foreach (NcxRawEntry e in r.EnableFf)
            {
                ref bool f = ref image.StdpEnablesFf[NcxLayout.Flat(e.Row, e.Column)];
                raw.Add(new NcxRawApplied("enable_ff", e.Row, e.Column, 1, f ? 1 : 0, e.Position));
                f = true;
            }

            foreach (NcxRawEntry e in r.EnableAa)
            {
                ref bool f = ref image.StdpEnablesAa[NcxLayout.Flat(e.Row, e.Column)];
                raw.Add(new NcxRawApplied("enable_aa", e.Row, e.Column, 1, f ? 1 : 0, e.Position));
                f = true;
            }
        }

        foreach (NcxRawApplied a in raw)
        {
            warnings.Add(new NcxCompileWarning(a.Position,
                $"raw {a.Table}[{a.Row}][{a.Column}] = {a.Value} written in physical indices (was {a.Replaced}){NcxNetworkWarnings.RawMeaning(a.Table, a.Row, a.Column)}"));
        }
    }
}
