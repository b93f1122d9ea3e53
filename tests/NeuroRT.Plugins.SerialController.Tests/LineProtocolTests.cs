using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Tests;

public class LineProtocolTests
{
    [Fact]
    public void Template_with_table_and_value_by_index_gives_exact_bytes()
    {
        using var rig = new Rig(o =>
        {
            o.Template = "{name} {value0:0.000}\n";
            o.Commands = ["left=L", "right=R", "none=S"];
        }, "left", "right");
        rig.Send("left", 0.25f, 0.75f);
        rig.Send("right", -1.5f, 0.0001f);
        rig.Send("none", 2f / 3f, 0f);
        Assert.Equal("L 0.250\nR -1.500\nS 0.667\n", rig.ReadText(8 + 9 + 8));
        Assert.Equal(3, rig.Host[Counters.Sent]);
    }

    [Fact]
    public void Values_by_name_confidence_sequence_and_braces()
    {
        using var rig = new Rig(o => o.Template = "<{name}|{right:F2}|{left}|{confidence:0.0}|{seq:D4}|{{x}}>\r\n", "left", "right");
        rig.SendWith("right", 0.8f, [0.125f, 0.75f]);
        // Without a table the name goes out as it is; a value without a format uses the shortest round-trip form.
        string expected = "<right|0.75|0.125|0.8|0000|{x}>\r\n";
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(rig.ReadUntilQuiet(300)));
    }

    [Fact]
    public void Escapes_in_an_unquoted_template_and_table_codes_are_decoded()
    {
        // As YAML gives a single-quoted 'M{value1:+0;-0}\r\n': backslashes kept, decoded by the plugin.
        using var rig = new Rig(o =>
        {
            o.Template = "\\x02{name}{value1:+0;-0}\\r\\n";
            o.Commands = ["go=G\\t"];
        }, "a", "b");
        rig.Send("go", 0f, 7.4f);
        rig.Send("go", 0f, -12.6f);
        Assert.Equal("\u0002G\t+7\r\n\u0002G\t-13\r\n", rig.ReadText(7 + 8));
    }

    [Fact]
    public void Default_template_is_the_name_and_a_newline()
    {
        using var rig = new Rig(_ => { }, "x");
        rig.Send("forward", 1f);
        Assert.Equal("forward\n", rig.ReadText(8));
    }

    [Fact]
    public void A_name_missing_from_the_table_is_not_sent_and_counted()
    {
        using var rig = new Rig(o => o.Commands = ["left=L"], "x");
        rig.Send("up", 1f);
        rig.Send("left", 1f);
        Assert.Equal("L\n", System.Text.Encoding.ASCII.GetString(rig.ReadUntilQuiet(200)));
        Assert.Equal(1, rig.Host[Counters.Rejected]);
        Assert.Equal(1, rig.Host[Counters.Sent]);
    }

    [Theory]
    [InlineData("{nope}", "unknown")]
    [InlineData("{value5}", "2 values")]
    [InlineData("{name", "not closed")]
    [InlineData("a}b", "closes nothing")]
    [InlineData("{value0}\\q", "escape")]
    public void Bad_templates_are_refused_naming_the_parameter(string template, string words)
    {
        using var peer = new NeuroRT.Snn.Tests.Serial.PseudoTerminal();
        var o = new SerialControllerOutput { Device = peer.SlavePath, SafeCommand = "raw:S", Template = template };
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a", "b")));
        Assert.Equal("template", ex.Parameter);
        Assert.Contains(words, ex.Message);
        o.Dispose();
    }
}
