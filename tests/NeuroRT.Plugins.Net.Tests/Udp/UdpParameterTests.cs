using System.Reflection;
using NeuroRT.Plugins.Udp;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>Bad parameters fail at Open with the parameter's key and a message saying what is wrong.</summary>
public sealed class UdpParameterTests
{
    [Theory]
    [InlineData("neurort/x", "starts with '/'")]
    [InlineData("", "starts with '/'")]
    [InlineData("/neu rort/{name}", "'space'")]
    [InlineData("/a*/{name}", "'*'")]
    [InlineData("/a#b", "'#'")]
    [InlineData("/a,b", "','")]
    [InlineData("/a?", "'?'")]
    [InlineData("/a[b]", "'['")]
    [InlineData("/a{b}", "'{'")]
    [InlineData("/a/{nam}", "'{'")]
    [InlineData("/a//b", "empty part")]
    [InlineData("/{name}/{name}", "more than once")]
    public void A_bad_address_is_refused(string address, string reason)
    {
        using var output = new UdpOutput { Port = 9000, Address = address };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost("a")));
        Assert.Equal("address", e.Parameter);
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_out_of_range_is_refused(int port)
    {
        using var output = new UdpOutput { Port = port };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost("a")));
        Assert.Equal("port", e.Parameter);
        Assert.Contains($"1..65535, got {port}", e.Message);
    }

    [Fact]
    public void An_unknown_format_is_refused()
    {
        using var output = new UdpOutput { Port = 9000, Format = "xml" };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost("a")));
        Assert.Equal("format", e.Parameter);
        Assert.Equal("format must be osc or json, got 'xml'", e.Message);
    }

    [Theory]
    [InlineData(new[] { "values", "bogus" }, "arguments[1]: unknown argument 'bogus'")]
    [InlineData(new[] { "values", "3" }, "arguments[1]: unknown argument '3'")]
    [InlineData(new[] { "confidence", "Confidence" }, "arguments[1]: 'Confidence' is listed twice")]
    [InlineData(new string[0], "arguments is empty")]
    public void Bad_arguments_are_refused(string[] arguments, string reason)
    {
        using var output = new UdpOutput { Port = 9000, Arguments = arguments };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost("a")));
        Assert.Equal("arguments", e.Parameter);
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("osc", 16_400)]
    [InlineData("json", 2_000)]
    public void A_datagram_that_could_exceed_UDPs_limit_is_refused_at_open(string format, int values)
    {
        var names = Enumerable.Range(0, values).Select(k => $"channel-{k:D5}").ToArray();
        using var output = new UdpOutput { Port = 9000, Format = format };
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(new FakeHost(names)));
        Assert.Contains($"a command of {values} values makes {format} datagrams of up to", e.Message);
        Assert.Contains("more than UDP's 65507", e.Message);
        Assert.True(output.MaxDatagramSize > 65_507);
    }

    [Fact]
    public void The_largest_datagram_is_computed_from_the_value_names()
    {
        using var receiver = new UdpReceiver(System.Net.IPAddress.Loopback);
        using var output = new UdpOutput { Port = receiver.Port };
        output.Open(new FakeHost("left", "right"));
        // "/neurort/right" (14 + NUL -> 16) + ",ff" (4) + 2 floats (8).
        Assert.Equal(28, output.MaxDatagramSize);
        output.Send(new Command("right", new float[] { 0, 1 }, 1, 1, 0, 0, 0));
        Assert.Equal(28, receiver.Receive().Length);
    }

    [Fact]
    public void The_plugin_declares_its_type_name_parameters_and_SDK_version()
    {
        var attribute = typeof(UdpOutput).GetCustomAttribute<CommandOutputAttribute>()!;
        Assert.Equal("udp", attribute.Name);
        var version = typeof(UdpOutput).Assembly.GetCustomAttribute<PluginSdkVersionAttribute>()!;
        Assert.Equal((PluginSdk.Major, PluginSdk.Minor), (version.Major, version.Minor));
        var keys = typeof(UdpOutput).GetProperties().Select(p => p.GetCustomAttribute<PluginParameterAttribute>()).Where(a => a is not null).ToDictionary(a => a!.Key, a => a!.Required);
        Assert.Equal(new Dictionary<string, bool> { ["host"] = false, ["port"] = true, ["format"] = false, ["address"] = false, ["arguments"] = false }, keys);
    }
}
