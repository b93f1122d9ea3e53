using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;

namespace NeuroRT.Snn.Tests.Network;

/// <summary>The compiler's physical mapping (spec §2, §4), its conversions and its warnings.</summary>
public sealed class NcxCompilerTests
{
    private const string Header = "format: neurocorex-network/1\n";

    private static NcxImage Compile(string text, out NcxCompileReport report) =>
        NcxCompiler.Compile(NcxNetworkFile.Parse(text, "net.yaml"), out report);

    private static NcxImage Compile(string text) => Compile(text, out _);

    [Fact]
    public void Weights_go_to_ff_row_k_plus_6_at_the_input_address_and_aa_row_post_plus_6_column_pre_plus_5()
    {
        NcxImage image = Compile(Header + """
            inputs: [{name: x, address: 7}]
            neurons: [{name: pre, index: 2}, {name: post, index: 3}]
            feedforward: [{from: x, to: post, weight: 5}]
            recurrent: [{from: pre, to: post, weight: -9}]
            """);
        Assert.Equal(5, image.Ff[NcxLayout.Flat(3 + 6, 7)]);
        Assert.Equal(-9, image.Aa[NcxLayout.Flat(3 + 6, 2 + 5)]);
        Assert.Equal(1, image.Ff.Count(w => w != 0));
        Assert.Equal(1, image.Aa.Count(w => w != 0));
    }

    [Fact]
    public void Thresholds_and_refractory_go_to_slot_k_plus_4_and_every_other_slot_never_spikes()
    {
        NcxImage image = Compile(Header + "neurons: [{name: a, index: 3, threshold: 1.5, refractory: 2}]\n");
        NcxParameters p = image.Parameters;
        for (int s = 0; s < NcxLayout.Size; s++)
        {
            Assert.Equal(s == 7 ? 1536 : NcxQ710.Max, p.Threshold(s));
            Assert.Equal(s == 7 ? 2 : s == 0 ? 1 : 0, p.Refractory(s));
        }
    }

    [Fact]
    public void Gain_is_slot_0s_refractory_low_byte_and_leak_is_tau_entry_8_only()
    {
        NcxImage image = Compile(Header + "gain: 200\nleak: 0.25\n");
        Assert.Equal(200, image.Parameters.Refractory(0));
        for (int s = 0; s < NcxLayout.Size; s++)
        {
            Assert.Equal(s == 8 ? 256 : 0, image.Parameters.Tau(s));
        }
    }

    [Fact]
    public void Bias_targets_n_debug_index_plus_1_and_no_bias_sends_zeros()
    {
        NcxImage biased = Compile(Header + "neurons: [a, b, c]\nbias: {neuron: c, current: -0.5}\n");
        Assert.Equal((-512, 3), (biased.BiasQ710, biased.DebugTarget));
        NcxImage none = Compile(Header + "neurons: [a]\n");
        Assert.Equal((0, 0), (none.BiasQ710, none.DebugTarget));
    }

    [Fact]
    public void Stdp_words_pack_windows_and_int8_steps_and_enables_sit_where_the_rtl_reads_them()
    {
        NcxImage image = Compile(Header + """
            inputs: [{name: x, address: 11}]
            neurons: [{name: a, index: 0}, {name: b, index: 1}]
            stdp:
              potentiation: -2
              depression: 3
              pre_window: 5
              post_window: 6
              pre_window_feedforward: 7
              post_window_feedforward: 8
              learn_recurrent: [{from: a, to: b}]
              learn_feedforward: [{from: x, to: a}]
            """);
        Assert.Equal(7 | (8 << 8), image.Parameters.Stdp(0));
        Assert.Equal(5 | (6 << 8), image.Parameters.Stdp(1));
        Assert.Equal(0xFE | (3 << 8), image.Parameters.Stdp(2));
        Assert.True(image.StdpEnablesAa![NcxLayout.Flat(1 + 6, 0 + 5)]);
        Assert.Equal(1, image.StdpEnablesAa.Count(f => f));
        // [input address][k+5], as vector stdp_pairing's FF[11][5] (spec §8.2).
        Assert.True(image.StdpEnablesFf![NcxLayout.Flat(11, 0 + 5)]);
        Assert.Equal(1, image.StdpEnablesFf.Count(f => f));
        Assert.Contains(NcxConfigStep.StdpEnables, image.Steps());
    }

    [Fact]
    public void Without_stdp_the_load_sends_no_enable_command()
    {
        NcxImage image = Compile(Header + "neurons: [a]\n", out NcxCompileReport report);
        Assert.False(image.HasStdpEnables);
        Assert.DoesNotContain(NcxConfigStep.StdpEnables, image.Steps());
        Assert.Equal(NcxEncoder.DebugCommandBytes + 2 * NcxEncoder.MatrixCommandBytes + NcxEncoder.ParameterCommandBytes, report.LoadBytes);
    }

    [Fact]
    public void An_empty_stdp_section_still_sends_the_enable_command()
    {
        NcxImage image = Compile(Header + "stdp: {}\n", out NcxCompileReport report);
        Assert.True(image.HasStdpEnables);
        Assert.Equal(NcxEncoder.DebugCommandBytes + 2 * NcxEncoder.MatrixCommandBytes + NcxEncoder.EnableCommandBytes + NcxEncoder.ParameterCommandBytes, report.LoadBytes);
    }

    [Fact]
    public void Raw_entries_are_applied_last_and_reported_as_warnings()
    {
        NcxImage image = Compile(Header + """
            inputs: [{name: x, address: 2}]
            neurons: [a]
            feedforward: [{from: x, to: a, weight: 10}]
            raw:
              ff: [[6, 2, -3], [3, 4, 9]]
              aa: [[4, 0, 1]]
              enable_aa: [[7, 5]]
            """, out NcxCompileReport report);
        Assert.Equal(-3, image.Ff[NcxLayout.Flat(6, 2)]);
        Assert.Equal(9, image.Ff[NcxLayout.Flat(3, 4)]);
        Assert.Equal(1, image.Aa[NcxLayout.Flat(4, 0)]);
        Assert.True(image.StdpEnablesAa![NcxLayout.Flat(7, 5)]);
        Assert.Equal(4, report.Raw.Count);
        Assert.Equal(10, report.Raw[0].Replaced);
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("raw ff[6][2] = -3", StringComparison.Ordinal) && w.Message.Contains("input address 2 -> neuron index 0"));
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("raw ff[3][4] = 9", StringComparison.Ordinal) && w.Message.Contains("read by no neuron"));
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("raw aa[4][0]", StringComparison.Ordinal) && w.Message.Contains("neuron 0's current register"));
        Assert.Equal(6, report.Warnings[0].Position!.Line);
    }

    [Fact]
    public void The_report_lists_every_q710_conversion_with_its_rounding()
    {
        Compile(Header + "neurons:\n  - {name: a, threshold: 1.3}\n  - {name: b, threshold: 1.5}\nleak: 0.00048828125\nbias: {neuron: a, current: -0.00048828125}\n", out NcxCompileReport report);
        Assert.Equal(["neurons.a.threshold", "neurons.b.threshold", "leak", "bias.current"], report.Conversions.Select(c => c.Field));
        NcxConversion a = report.Conversions[0];
        Assert.Equal((1.3, 1331, 1331 / 1024.0), (a.Value, a.Q710, a.Represented));
        Assert.True(a.Rounded);
        Assert.Equal(1331 / 1024.0 - 1.3, a.Rounding);
        Assert.False(report.Conversions[1].Rounded);
        // Half a Q7.10 step rounds away from zero, the same for both signs.
        Assert.Equal(1, report.Conversions[2].Q710);
        Assert.Equal(-1, report.Conversions[3].Q710);
        Assert.Equal(["neurons.a.threshold", "leak", "bias.current"], report.Rounded.Select(c => c.Field));
        Assert.Equal(3, a.Position!.Line);
    }

    [Fact]
    public void Ff_input_to_neuron_k_plus_1_of_a_listed_neuron_k_is_warned_about()
    {
        Compile(Header + """
            inputs: [x]
            neurons: [a, b, {name: c, index: 5}]
            feedforward: [{from: x, to: b, weight: 5}, {from: x, to: c, weight: 5}]
            """, out NcxCompileReport report);
        var w = Assert.Single(report.Warnings, w => w.Message.Contains("FF-zeroing"));
        Assert.Contains("neuron 'b' (index 1)", w.Message);
        Assert.Contains("'a' has index 0", w.Message);
    }

    [Fact]
    public void A_recurrent_synapse_from_k_to_k_minus_1_is_warned_about()
    {
        Compile(Header + "neurons: [a, b]\nrecurrent: [{from: b, to: a, weight: 5}, {from: a, to: b, weight: 5}]\n", out NcxCompileReport report);
        var w = Assert.Single(report.Warnings, w => w.Message.Contains("never applies"));
        Assert.StartsWith("recurrent b (index 1) -> a (index 0)", w.Message);
    }

    [Fact]
    public void Weight_times_gain_beyond_7_bits_is_warned_about_with_the_value_applied()
    {
        Compile(Header + "inputs: [x]\nneurons: [a]\ngain: 2\nfeedforward: [{from: x, to: a, weight: 100}]\n", out NcxCompileReport report);
        Assert.Contains(report.Warnings, w => w.Message.Contains("weight 100 x gain 2 = 200") && w.Message.Contains("G(200) = 72.0"));
    }

    [Fact]
    public void Learn_feedforward_says_which_elements_the_rtl_writes()
    {
        Compile(Header + "inputs: [{name: x, address: 11}]\nneurons: [a]\nstdp: {learn_feedforward: [{from: x, to: a}]}\n", out NcxCompileReport report);
        var w = Assert.Single(report.Warnings, w => w.Message.StartsWith("learn_feedforward", StringComparison.Ordinal));
        Assert.Contains("does not change this synapse (FF[6][11])", w.Message);
        Assert.Contains("potentiation writes FF[11][5], the weight of input address 5 into neuron index 5", w.Message);
        Assert.Contains("depression writes FF[3][5]", w.Message);
    }

    [Fact]
    public void A_silent_address_that_ff_stdp_writes_is_warned_about()
    {
        // learn x -> neuron 0 enables [1][5]; FF columns 0..4 carry weights, so column 5 is the silent one.
        var text = Header + "inputs: [i0, x, i2, i3, i4]\nneurons: [a]\nfeedforward:\n" +
                   "  - {from: i0, to: a, weight: 1}\n  - {from: x, to: a, weight: 1}\n  - {from: i2, to: a, weight: 1}\n" +
                   "  - {from: i3, to: a, weight: 1}\n  - {from: i4, to: a, weight: 1}\n" +
                   "stdp: {learn_feedforward: [{from: x, to: a}]}\n";
        Compile(text, out NcxCompileReport report);
        Assert.Equal(5, report.SilentAddress);
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("the silent input address 5 is a column that FF STDP writes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_positive_leak_is_warned_about_with_the_time_to_wrap()
    {
        Compile(Header + "leak: 0.125\n", out NcxCompileReport report);
        Assert.Contains(report.Warnings, w => w.Message.Contains("in about 1024 timesteps (983.04 ms)"));
    }

    [Fact]
    public void A_declared_input_without_weights_at_the_silent_address_is_warned_about()
    {
        Compile(Header + "inputs: [quiet]\nneurons: [a]\n", out NcxCompileReport report);
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("input 'quiet' (address 0)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clean_network_has_no_warnings()
    {
        Compile(Header + "inputs: [{name: x, address: 1}]\nneurons: [a, {name: b, index: 2}]\nfeedforward: [{from: x, to: a, weight: 50}, {from: x, to: b, weight: 50}]\n" +
                "recurrent: [{from: a, to: b, weight: 10}]\n", out NcxCompileReport report);
        Assert.Empty(report.Warnings);
        Assert.Equal(0, report.SilentAddress);
    }

    [Fact]
    public void A_neuron_before_that_never_spikes_zeroes_nothing_and_is_not_warned_about()
    {
        Compile(Header + "inputs: [{name: x, address: 1}]\nneurons: [{name: relay, threshold: 127.999}, b]\nfeedforward: [{from: x, to: b, weight: 5}]\n",
            out NcxCompileReport report);
        Assert.DoesNotContain(report.Warnings, w => w.Message.Contains("FF-zeroing"));
    }

    [Fact]
    public void Learning_on_input_address_0_warns_about_the_stale_row_0_entry()
    {
        Compile(Header + "inputs: [x]\nneurons: [a]\nfeedforward: [{from: x, to: a, weight: 5}]\nstdp: {learn_feedforward: [{from: x, to: a}]}\n",
            out NcxCompileReport report);
        Assert.Contains(report.Warnings, w => w.Message.Contains("input address 0 also enables row 0"));
    }

    [Fact]
    public void A_learned_recurrent_weight_below_minus_1_is_warned_about()
    {
        Compile(Header + "neurons: [a, b]\nrecurrent: [{from: a, to: b, weight: -20}]\nstdp: {depression: 1, learn_recurrent: [{from: a, to: b}]}\n",
            out NcxCompileReport report);
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("learn_recurrent a -> b: weight -20 is below -1", StringComparison.Ordinal));
    }
}
