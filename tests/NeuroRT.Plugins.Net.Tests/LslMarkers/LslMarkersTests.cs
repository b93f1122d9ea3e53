using System.Reflection;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Info;
using NeuroRT.Plugins.LslMarkers;

namespace NeuroRT.Plugins.Net.Tests.LslMarkers;

/// <summary>The lsl-markers output as an LSL inlet in the test receives it.</summary>
public sealed class LslMarkersTests
{
    private static LslMarkersOutput Open(MarkerLab lab, string stream, Action<LslMarkersOutput>? adjust = null)
    {
        var output = new LslMarkersOutput { Stream = stream, Config = "lsl_api.cfg" };
        adjust?.Invoke(output);
        output.Open(lab.Host);
        lab.Connect(stream);
        Assert.True(output.Outlet!.WaitForConsumers(10), "the test's inlet never connected");
        Thread.Sleep(300); // the consumer registers right after its handshake
        return output;
    }

    [Fact]
    public void The_stream_is_one_irregular_string_channel_with_the_default_name_type_and_source_id()
    {
        using var lab = new MarkerLab("left", "right");
        using var output = new LslMarkersOutput { Config = "lsl_api.cfg" };
        output.Open(lab.Host);
        var info = lab.Resolve("NeuroRT-commands");
        Assert.Equal("Markers", info.Type);
        Assert.Equal(1, info.ChannelCount);
        Assert.Equal(ChannelFormat.String, info.ChannelFormat);
        Assert.Equal(0, info.NominalRate);
        Assert.Equal("neurort-NeuroRT-commands", info.SourceId);
        Assert.Equal(lab.Session, info.SessionId);
    }

    [Fact]
    public void Commands_arrive_as_their_names_stamped_with_their_source_timestamps()
    {
        using var lab = new MarkerLab("left", "right");
        using var output = Open(lab, "cmds-source", o => { o.Type = "Commands"; o.SourceId = "bci-1"; });
        string[] names = ["left", "right", "none", "left", "right"];
        for (int i = 0; i < names.Length; i++) output.Send(new Command(names[i], new float[] { 0.6f, 0.4f }, 0.6f, 1000.125 + i * 0.25, i, 0.001, 0));

        var markers = lab.Receive(names.Length);
        Assert.Equal(names, markers.Select(m => m.Marker));
        Assert.Equal(Enumerable.Range(0, names.Length).Select(i => 1000.125 + i * 0.25), markers.Select(m => m.Time));
        var info = lab.Resolve("cmds-source");
        Assert.Equal(("Commands", "bci-1"), (info.Type, info.SourceId));
    }

    [Fact]
    public void A_template_formats_confidence_and_sequence_invariantly()
    {
        using var lab = new MarkerLab("left", "right");
        using var output = Open(lab, "cmds-template", o => o.Marker = "{name}:{confidence:0.00} #{sequence} {{x}}");
        output.Send(new Command("left", new float[] { 0.8f, 0.2f }, 0.8f, 5, 41, 0, 0));
        output.Send(new Command("right", new float[] { 0.125f, 0.875f }, 0.875f, 6, 42, 0, 0));
        output.Send(new Command("none", new float[] { 0.5f, 0.5f }, 0.5f, 7, 43, 0, 0));

        var markers = lab.Receive(3);
        Assert.Equal(["left:0.80 #41 {x}", "right:0.88 #42 {x}", "none:0.50 #43 {x}"], markers.Select(m => m.Marker));
    }

    [Fact]
    public void Sent_timestamps_are_the_LSL_clock_at_the_send()
    {
        using var lab = new MarkerLab("a");
        using var output = Open(lab, "cmds-sent", o => o.Timestamp = "sent");
        double before = LslClock.Now;
        output.Send(new Command("a", new float[] { 1 }, 1, 12.5, 0, 0, 0));
        double after = LslClock.Now;
        // A source time of 0 means "unknown": it goes out at the send time too.
        output.Send(new Command("a", new float[] { 1 }, 1, 0, 1, 0, 0));
        double last = LslClock.Now;

        var markers = lab.Receive(2);
        Assert.InRange(markers[0].Time, before, after);
        Assert.InRange(markers[1].Time, after, last);
    }

    [Fact]
    public void Name_markers_allocate_nothing_per_command()
    {
        using var lab = new MarkerLab("left", "right");
        using var output = Open(lab, "cmds-alloc");
        float[] values = [0.7f, 0.3f];
        string[] names = ["left", "right", "none"];
        for (int i = 0; i < 100; i++) output.Send(new Command(names[i % 3], values, 0.7f, 100 + i * 0.01, i, 0, 0));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < 1100; i++) output.Send(new Command(names[i % 3], values, 0.7f, 100 + i * 0.01, i, 0, 0));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        var markers = lab.Receive(1100);
        Assert.Equal(1100, markers.Count);
        Assert.Equal("right", markers[1099].Marker);
    }

    [Theory]
    [InlineData("timestamp", "Timestamp", "when", "timestamp must be source or sent, got 'when'")]
    [InlineData("marker", "Marker", "{name}:{score}", "unknown field {score} at position 8")]
    [InlineData("marker", "Marker", "{name", "'{' at position 1 is not closed")]
    [InlineData("marker", "Marker", "a}b", "unmatched '}' at position 2")]
    [InlineData("marker", "Marker", "{name:0.0}", "{name} takes no format")]
    [InlineData("marker", "Marker", "", "marker is empty")]
    [InlineData("stream", "Stream", " ", "stream is empty")]
    [InlineData("config", "Config", "missing.cfg", "missing.cfg: no such file")]
    public void Bad_parameters_are_refused_at_open(string key, string property, string value, string reason)
    {
        using var lab = new MarkerLab("a");
        using var output = new LslMarkersOutput { Config = "lsl_api.cfg" };
        typeof(LslMarkersOutput).GetProperty(property)!.SetValue(output, value);
        var e = Assert.Throws<PluginConfigurationException>(() => output.Open(lab.Host));
        Assert.Equal(key, e.Parameter);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void The_plugin_declares_its_type_name_and_SDK_version()
    {
        Assert.Equal("lsl-markers", typeof(LslMarkersOutput).GetCustomAttribute<CommandOutputAttribute>()!.Name);
        var version = typeof(LslMarkersOutput).Assembly.GetCustomAttribute<PluginSdkVersionAttribute>()!;
        Assert.Equal((PluginSdk.Major, PluginSdk.Minor), (version.Major, version.Minor));
    }
}
