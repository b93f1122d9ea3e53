using System.Text;
using NeuroRT.Snn.Network;

namespace NeuroRT.Snn.Tests.Network;

/// <summary>Every validation error names the file, the line and the key, and a file's errors come together.</summary>
public sealed class NcxNetworkFileErrorTests
{
    private const string Source = "net.yaml";
    private const string Header = "format: neurocorex-network/1\n";

    private static NcxNetworkDiagnostic[] Errors(string text) =>
        [.. Assert.Throws<NcxNetworkException>(() => NcxNetworkFile.Parse(text, Source)).Diagnostics];

    private static NcxNetworkDiagnostic Single(string text, int line, string field)
    {
        NcxNetworkDiagnostic d = Assert.Single(Errors(text));
        AssertNames(d, line, field);
        return d;
    }

    private static void AssertNames(NcxNetworkDiagnostic d, int line, string field)
    {
        Assert.Equal(Source, d.Position.File);
        Assert.Equal(line, d.Position.Line);
        Assert.Equal(field, d.Field);
        string message = d.ToString();
        Assert.StartsWith($"{Source}:{line}:{d.Position.Column}: error: {field}: ", message);
    }

    [Fact]
    public void Unknown_top_level_key_is_named_with_a_suggestion()
    {
        var d = Single(Header + "neuronz: []\n", 2, "neuronz");
        Assert.Contains("did you mean 'neurons'", d.Message);
    }

    [Fact]
    public void Unknown_key_inside_a_neuron_is_named_with_its_path()
    {
        var d = Single(Header + "neurons:\n  - {name: a, treshold: 1.0}\n", 3, "neurons[0].treshold");
        Assert.Contains("did you mean 'threshold'", d.Message);
    }

    [Fact]
    public void Unknown_key_inside_stdp_is_named()
    {
        Single(Header + "stdp:\n  potentiation: 1\n  depresion: 1\n", 4, "stdp.depresion");
    }

    [Fact]
    public void Missing_format_is_an_error()
    {
        Single("neurons: [a]\n", 1, "format");
    }

    [Fact]
    public void Wrong_format_is_an_error()
    {
        var d = Single("format: neurocorex-network/2\n", 1, "format");
        Assert.Contains("neurocorex-network/1", d.Message);
    }

    [Fact]
    public void Duplicate_input_name_points_at_the_second()
    {
        var d = Single(Header + "inputs:\n  - a\n  - a\n", 4, "inputs[1].name");
        Assert.Contains("line 3", d.Message);
    }

    [Fact]
    public void Duplicate_neuron_name_points_at_the_second()
    {
        Single(Header + "neurons:\n  - {name: a}\n  - {name: a, threshold: 2.0}\n", 4, "neurons[1].name");
    }

    [Fact]
    public void Duplicate_input_address_is_an_error()
    {
        Single(Header + "inputs:\n  - {name: a, address: 3}\n  - {name: b, address: 3}\n", 4, "inputs[1].address");
    }

    [Fact]
    public void Duplicate_neuron_index_is_an_error()
    {
        Single(Header + "neurons:\n  - {name: a, index: 3}\n  - {name: b, index: 3}\n", 4, "neurons[1].index");
    }

    [Fact]
    public void Unknown_input_referenced_is_named_with_the_declared_ones()
    {
        var d = Single(Header + "inputs: [c3]\nneurons: [a]\nfeedforward:\n  - {from: c4, to: a, weight: 1}\n", 5, "feedforward[0].from");
        Assert.Contains("unknown input 'c4'", d.Message);
        Assert.Contains("did you mean 'c3'", d.Message);
    }

    [Fact]
    public void Unknown_neuron_referenced_is_named()
    {
        var d = Single(Header + "neurons: [a]\nrecurrent:\n  - {from: a, to: b, weight: 1}\n", 4, "recurrent[0].to");
        Assert.Contains("unknown neuron 'b'", d.Message);
    }

    [Fact]
    public void A_neuron_used_as_an_input_says_where_it_belongs()
    {
        var d = Single(Header + "neurons: [a, b]\nfeedforward:\n  - {from: a, to: b, weight: 1}\n", 4, "feedforward[0].from");
        Assert.Contains("'a' is a neuron", d.Message);
    }

    [Fact]
    public void Unknown_bias_neuron_is_named()
    {
        Single(Header + "neurons: [a]\nbias: {neuron: x, current: 0.5}\n", 3, "bias.neuron");
    }

    [Fact]
    public void More_than_90_neurons_is_an_error_at_the_91st()
    {
        var text = new StringBuilder(Header + "neurons:\n");
        for (int k = 0; k < 91; k++)
        {
            text.Append($"  - n{k}\n");
        }

        var d = Single(text.ToString(), 3 + 90, "neurons[90]");
        Assert.Contains("90", d.Message);
    }

    [Fact]
    public void Neuron_index_above_89_is_an_error()
    {
        var d = Single(Header + "neurons:\n  - {name: a, index: 90}\n", 3, "neurons[0].index");
        Assert.Contains("0..89", d.Message);
    }

    [Fact]
    public void More_than_96_inputs_is_an_error_at_the_97th()
    {
        var text = new StringBuilder(Header + "inputs:\n");
        for (int k = 0; k < 97; k++)
        {
            text.Append($"  - i{k}\n");
        }

        Single(text.ToString(), 3 + 96, "inputs[96]");
    }

    [Fact]
    public void Input_address_above_95_is_an_error()
    {
        var d = Single(Header + "inputs:\n  - {name: a, address: 96}\n", 3, "inputs[0].address");
        Assert.Contains("0..95", d.Message);
    }

    [Theory]
    [InlineData("128")]
    [InlineData("-129")]
    [InlineData("1.5")]
    public void Weight_outside_int8_is_an_error(string weight)
    {
        var d = Single(Header + $"inputs: [i]\nneurons: [a]\nfeedforward:\n  - {{from: i, to: a, weight: {weight}}}\n", 5, "feedforward[0].weight");
        Assert.Contains("-128..127", d.Message);
    }

    [Fact]
    public void Recurrent_weight_outside_int8_is_an_error()
    {
        Single(Header + "neurons: [a, b]\nrecurrent:\n  - {from: a, to: b, weight: 200}\n", 4, "recurrent[0].weight");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    [InlineData("-1")]
    public void Gain_outside_1_to_255_is_an_error(string gain)
    {
        var d = Single(Header + $"gain: {gain}\n", 2, "gain");
        Assert.Contains("1..255", d.Message);
    }

    [Theory]
    [InlineData("128.0")]
    [InlineData("-128.001")]
    public void Threshold_outside_q710_is_an_error(string threshold)
    {
        var d = Single(Header + $"neurons:\n  - {{name: a, threshold: {threshold}}}\n", 3, "neurons[0].threshold");
        Assert.Contains("-128 .. 127.999", d.Message);
    }

    [Fact]
    public void Leak_outside_q710_is_an_error()
    {
        Single(Header + "leak: 130\n", 2, "leak");
    }

    [Fact]
    public void Bias_current_outside_q710_is_an_error()
    {
        Single(Header + "neurons: [a]\nbias: {neuron: a, current: -200}\n", 3, "bias.current");
    }

    [Fact]
    public void Default_threshold_outside_q710_is_an_error()
    {
        Single(Header + "defaults: {threshold: 500}\n", 2, "defaults.threshold");
    }

    [Fact]
    public void A_second_bias_is_an_error()
    {
        var d = Single(Header + "neurons: [a, b]\nbias:\n  - {neuron: a, current: 0.5}\n  - {neuron: b, current: 0.5}\n", 5, "bias[1]");
        Assert.Contains("ONE bias target", d.Message);
    }

    [Fact]
    public void A_bias_key_written_twice_is_an_error()
    {
        var d = Single(Header + "neurons: [a, b]\nbias: {neuron: a, current: 0.5}\nbias: {neuron: b, current: 0.5}\n", 4, "bias");
        Assert.Contains("written twice", d.Message);
    }

    [Fact]
    public void Duplicate_feedforward_synapse_is_an_error()
    {
        var d = Single(Header + "inputs: [i]\nneurons: [a]\nfeedforward:\n  - {from: i, to: a, weight: 1}\n  - {from: i, to: a, weight: 2}\n", 6, "feedforward[1]");
        Assert.Contains("duplicate synapse i -> a (already at line 5)", d.Message);
    }

    [Fact]
    public void Duplicate_recurrent_synapse_is_an_error()
    {
        Single(Header + "neurons: [a, b]\nrecurrent:\n  - {from: a, to: b, weight: 1}\n  - {from: a, to: b, weight: 1}\n", 5, "recurrent[1]");
    }

    [Fact]
    public void Duplicate_learned_synapse_is_an_error()
    {
        Single(Header + "neurons: [a, b]\nstdp:\n  learn_recurrent: [{from: a, to: b}, {from: a, to: b}]\n", 4, "stdp.learn_recurrent[1]");
    }

    [Fact]
    public void No_free_silent_input_address_is_an_error()
    {
        var text = new StringBuilder(Header + "neurons: [a]\ninputs:\n");
        for (int k = 0; k < 96; k++)
        {
            text.Append($"  - i{k}\n");
        }

        text.Append("feedforward:\n");
        for (int k = 0; k < 96; k++)
        {
            text.Append($"  - {{from: i{k}, to: a, weight: 1}}\n");
        }

        var d = Single(text.ToString(), 3 + 1 + 96, "feedforward");
        Assert.Contains("no silent input address", d.Message);
    }

    [Fact]
    public void Ninety_six_inputs_with_one_left_without_weights_is_valid()
    {
        var text = new StringBuilder(Header + "neurons: [a]\ninputs:\n");
        for (int k = 0; k < 96; k++)
        {
            text.Append($"  - i{k}\n");
        }

        text.Append("feedforward:\n");
        for (int k = 0; k < 95; k++)
        {
            text.Append($"  - {{from: i{k}, to: a, weight: 1}}\n");
        }

        var network = NcxNetworkFile.Parse(text.ToString(), Source);
        Assert.Equal(95, NcxCompiler.Compile(network).SilentAddress());
    }

    [Fact]
    public void Refractory_ms_not_a_whole_number_of_timesteps_is_an_error()
    {
        var d = Single(Header + "neurons:\n  - {name: a, refractory_ms: 2.5}\n", 3, "neurons[0].refractory_ms");
        Assert.Contains("0.96", d.Message);
    }

    [Fact]
    public void Refractory_and_refractory_ms_together_is_an_error()
    {
        Single(Header + "neurons:\n  - {name: a, refractory: 2, refractory_ms: 1.92}\n", 3, "neurons[0].refractory_ms");
    }

    [Fact]
    public void Negative_refractory_is_an_error()
    {
        Single(Header + "neurons:\n  - {name: a, refractory: -1}\n", 3, "neurons[0].refractory");
    }

    [Fact]
    public void Stdp_window_outside_0_to_127_is_an_error()
    {
        Single(Header + "stdp:\n  pre_window: 128\n", 3, "stdp.pre_window");
    }

    [Fact]
    public void Raw_entry_outside_the_matrix_is_an_error()
    {
        Single(Header + "raw:\n  ff: [[96, 0, 1]]\n", 3, "raw.ff[0].row");
    }

    [Fact]
    public void Raw_entry_of_the_wrong_shape_is_an_error()
    {
        Single(Header + "raw:\n  enable_aa: [[6, 5, 1]]\n", 3, "raw.enable_aa[0]");
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var d = Assert.Single(Errors(Header + "neurons: [a\n"));
        Assert.Equal(Source, d.Position.File);
        Assert.Contains("invalid YAML", d.Message);
        Assert.True(d.Position.Line >= 2, d.ToString());
    }

    [Fact]
    public void Missing_file_names_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "neurort-no-such-network.yaml");
        var e = Assert.Throws<NcxNetworkException>(() => NcxNetworkFile.Load(path));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal("file", d.Field);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_together_in_file_order()
    {
        string text = Header +
                      "gain: 0\n" +                                        // 2
                      "neurons:\n" +
                      "  - {name: a, threshold: 200}\n" +                  // 4
                      "  - {name: a}\n" +                                  // 5
                      "recurrent:\n" +
                      "  - {from: a, to: zz, weight: 1}\n" +               // 7
                      "colour: red\n";                                     // 8
        var e = Assert.Throws<NcxNetworkException>(() => NcxNetworkFile.Parse(text, Source));
        Assert.Collection(e.Diagnostics,
            d => AssertNames(d, 2, "gain"),
            d => AssertNames(d, 4, "neurons[0].threshold"),
            d => AssertNames(d, 5, "neurons[1].name"),
            d => AssertNames(d, 7, "recurrent[0].to"),
            d => AssertNames(d, 8, "colour"));
        Assert.Equal(5, e.Message.Split(Environment.NewLine).Length);
    }
}
