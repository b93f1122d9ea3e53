using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;

namespace NeuroRT.Snn.Tests.Network;

/// <summary>What a valid network file means: names, implicit addresses and indices, defaults, units, JSON.</summary>
public sealed class NcxNetworkFileTests
{
    private const string Header = "format: neurocorex-network/1\n";

    private static NcxNetwork Parse(string text) => NcxNetworkFile.Parse(text, "net.yaml");

    [Fact]
    public void Plain_inputs_take_the_next_address_no_explicit_input_claims()
    {
        var n = Parse(Header + "inputs:\n  - a\n  - {name: b, address: 0}\n  - c\n  - {name: d, address: 2}\n  - e\n");
        Assert.Equal([("a", 1), ("b", 0), ("c", 3), ("d", 2), ("e", 4)], n.Inputs.Select(i => (i.Name, i.Address)));
    }

    [Fact]
    public void Neurons_without_index_take_the_next_free_index_in_listed_order()
    {
        var n = Parse(Header + "neurons:\n  - {name: a}\n  - {name: b, index: 0}\n  - c\n  - {name: d, index: 89}\n");
        Assert.Equal([("a", 1), ("b", 0), ("c", 2), ("d", 89)], n.Neurons.Select(x => (x.Name, x.Index)));
    }

    [Fact]
    public void Defaults_fill_the_fields_a_neuron_omits()
    {
        var n = Parse(Header + "defaults: {threshold: 2.5, refractory: 3}\nneurons:\n  - a\n  - {name: b, threshold: 0.5}\n  - {name: c, refractory: 0}\n");
        Assert.Equal([(2.5, 3), (0.5, 3), (2.5, 0)], n.Neurons.Select(x => (x.Threshold, x.Refractory)));
    }

    [Fact]
    public void Without_defaults_a_neuron_has_threshold_1_and_no_refractory_period()
    {
        var n = Parse(Header + "neurons: [a]\n");
        Assert.Equal(1.0, n.Neurons[0].Threshold);
        Assert.Equal(0, n.Neurons[0].Refractory);
    }

    [Fact]
    public void Defaults_may_give_the_refractory_period_in_milliseconds()
    {
        var n = Parse(Header + "defaults: {refractory_ms: 3.84}\nneurons: [a]\n");
        Assert.Equal(4, n.Neurons[0].Refractory);
        Assert.Equal(3.84, n.Neurons[0].RefractoryMs);
    }

    [Theory]
    [InlineData(0.96, 1)]
    [InlineData(1.92, 2)]
    [InlineData(2.88, 3)]
    [InlineData(2.9, 3)] // 3.02 timesteps: within 1 %
    [InlineData(0, 0)]
    [InlineData(96, 100)]
    public void Refractory_ms_is_converted_at_0_96_ms_per_timestep(double ms, int timesteps)
    {
        var n = Parse(Header + $"neurons:\n  - {{name: a, refractory_ms: {ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}\n");
        Assert.Equal(timesteps, n.Neurons[0].Refractory);
        NcxImage image = NcxCompiler.Compile(n, out NcxCompileReport report);
        Assert.Equal(timesteps, image.Parameters.Refractory(NcxLayout.Slot(0)));
        var c = Assert.Single(report.RefractoryConversions);
        Assert.Equal((ms, timesteps), (c.Milliseconds, c.Timesteps));
        Assert.Equal("neurons.a.refractory_ms", c.Field);
    }

    [Theory]
    [InlineData(3.1)] // 3.23 timesteps
    [InlineData(0.5)]
    [InlineData(0.001)]
    public void Refractory_ms_more_than_1_percent_off_a_whole_timestep_is_refused(double ms)
    {
        var e = Assert.Throws<NcxNetworkException>(() =>
            Parse(Header + $"neurons:\n  - {{name: a, refractory_ms: {ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}\n"));
        Assert.Equal("neurons[0].refractory_ms", Assert.Single(e.Diagnostics).Field);
    }

    [Fact]
    public void Json_is_read_like_yaml()
    {
        const string yaml = Header + """
            name: two
            inputs: [c3, {name: c4, address: 5}]
            neurons:
              - {name: a, threshold: 1.5, refractory: 2}
              - {name: b, index: 4, threshold: 2.0, refractory_ms: 1.92}
            gain: 3
            leak: 0.125
            bias: {neuron: a, current: 0.25}
            feedforward: [{from: c3, to: a, weight: 40}, {from: c4, to: b, weight: -7}]
            recurrent: [{from: a, to: b, weight: -20}]
            stdp: {potentiation: 2, depression: 1, pre_window: 3, post_window: 3, pre_window_feedforward: 4, post_window_feedforward: 4,
                   learn_recurrent: [{from: a, to: b}], learn_feedforward: [{from: c3, to: a}]}
            """;
        const string json = """
            {
              "format": "neurocorex-network/1",
              "name": "two",
              "inputs": ["c3", {"name": "c4", "address": 5}],
              "neurons": [
                {"name": "a", "threshold": 1.5, "refractory": 2},
                {"name": "b", "index": 4, "threshold": 2.0, "refractory_ms": 1.92}
              ],
              "gain": 3,
              "leak": 0.125,
              "bias": {"neuron": "a", "current": 0.25},
              "feedforward": [{"from": "c3", "to": "a", "weight": 40}, {"from": "c4", "to": "b", "weight": -7}],
              "recurrent": [{"from": "a", "to": "b", "weight": -20}],
              "stdp": {"potentiation": 2, "depression": 1, "pre_window": 3, "post_window": 3, "pre_window_feedforward": 4,
                       "post_window_feedforward": 4, "learn_recurrent": [{"from": "a", "to": "b"}], "learn_feedforward": [{"from": "c3", "to": "a"}]}
            }
            """;
        NcxImage fromYaml = NcxCompiler.Compile(Parse(yaml));
        NcxImage fromJson = NcxCompiler.Compile(NcxNetworkFile.Parse(json, "net.json"));
        Assert.Equal(fromYaml.Ff, fromJson.Ff);
        Assert.Equal(fromYaml.Aa, fromJson.Aa);
        Assert.Equal(fromYaml.Parameters.Words, fromJson.Parameters.Words);
        Assert.Equal((fromYaml.BiasQ710, fromYaml.DebugTarget), (fromJson.BiasQ710, fromJson.DebugTarget));
        Assert.Equal(fromYaml.StdpEnablesAa, fromJson.StdpEnablesAa);
        Assert.Equal(fromYaml.StdpEnablesFf, fromJson.StdpEnablesFf);
        Assert.Equal(40, fromJson.Ff[NcxLayout.Flat(NcxLayout.Row(0), 0)]);
        Assert.Equal(-7, fromJson.Ff[NcxLayout.Flat(NcxLayout.Row(4), 5)]);
    }

    [Fact]
    public void Json_errors_name_the_line_too()
    {
        var e = Assert.Throws<NcxNetworkException>(() => NcxNetworkFile.Parse("{\n  \"format\": \"neurocorex-network/1\",\n  \"gain\": 300\n}\n", "net.json"));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("net.json", 3, "gain"), (d.Position.File, d.Position.Line, d.Field));
    }

    [Fact]
    public void Bias_may_be_a_list_of_one()
    {
        var n = Parse(Header + "neurons: [a, b]\nbias:\n  - {neuron: b, current: 0.5}\n");
        Assert.Equal(("b", 1, 0.5), (n.Bias!.Neuron, n.Bias.Index, n.Bias.Current));
    }

    [Fact]
    public void The_edge_of_the_q710_range_is_accepted_after_rounding()
    {
        var n = Parse(Header + "neurons:\n  - {name: a, threshold: 127.9995}\n  - {name: b, threshold: -128}\n");
        NcxImage image = NcxCompiler.Compile(n);
        Assert.Equal(NcxQ710.Max, image.Parameters.Threshold(NcxLayout.Slot(0)));
        Assert.Equal(NcxQ710.Min, image.Parameters.Threshold(NcxLayout.Slot(1)));
    }

    [Fact]
    public void Empty_sections_are_empty_and_an_empty_stdp_section_is_present()
    {
        var n = Parse(Header + "inputs:\nneurons:\nfeedforward:\nrecurrent:\nbias:\nraw:\nstdp:\n");
        Assert.Empty(n.Inputs);
        Assert.Empty(n.Neurons);
        Assert.Null(n.Bias);
        Assert.NotNull(n.Stdp);
        Assert.True(NcxCompiler.Compile(n).HasStdpEnables);
    }

    [Fact]
    public void Neurons_and_inputs_are_found_by_name()
    {
        var n = Parse(Header + "inputs: [x, {name: y, address: 9}]\nneurons: [a, {name: b, index: 7}]\n");
        Assert.Equal(9, n.FindInput("y")!.Address);
        Assert.Equal(7, n.FindNeuron("b")!.Index);
        Assert.Null(n.FindNeuron("B"));
        Assert.Null(n.FindInput("a"));
    }
}
