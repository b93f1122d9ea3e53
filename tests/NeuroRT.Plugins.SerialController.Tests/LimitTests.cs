using System.Diagnostics;
using NeuroRT.Plugins;

namespace NeuroRT.Plugins.SerialController.Tests;

public class LimitTests
{
    [Fact]
    public void One_clamp_pair_applies_to_every_value_before_encoding_and_is_counted()
    {
        using var rig = new Rig(o =>
        {
            o.Template = "{value0:0.00} {value1:0.00} {value2:0.00}\n";
            o.Clamp = [-0.5, 0.5];
        }, "a", "b", "c");
        rig.Send("x", 0.9f, -3f, 0.25f);
        Assert.Equal("0.50 -0.50 0.25\n", rig.ReadText(16));
        Assert.Equal(2, rig.Host[Counters.Clamped]);
    }

    [Fact]
    public void Per_value_clamp_pairs_clamp_each_value_in_a_binary_frame()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["m=1", "stop=0"];
            o.StartByte = "none";
            o.Scale = 1;
            o.Clamp = [0, 10, -100, -50];
        }, "speed", "angle");
        rig.Send("m", 12f, 0f);
        Assert.Equal(new byte[] { 0x01, 10, 0, 0xCE, 0xFF }, rig.Read(5)); // 10, -50 little-endian
        Assert.Equal(2, rig.Host[Counters.Clamped]);
    }

    [Fact]
    public void Clamp_with_the_wrong_number_of_pairs_is_refused()
    {
        using var peer = new NeuroRT.Snn.Tests.Serial.PseudoTerminal();
        var o = new SerialControllerOutput { Device = peer.SlavePath, SafeCommand = "raw:S", Clamp = [0, 1, 0, 1] };
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a", "b", "c")));
        Assert.Equal("clamp", ex.Parameter);
        Assert.Contains("2 pairs for 3 values", ex.Message);
        o.Dispose();
    }

    [Fact]
    public void Commands_below_min_confidence_are_not_sent_and_counted()
    {
        using var rig = new Rig(o => { o.MinConfidence = 0.6; o.Commands = ["left=L", "right=R"]; }, "left", "right");
        rig.SendWith("left", 0.59f, [0.59f, 0.41f]);
        rig.SendWith("right", 0.6f, [0.4f, 0.6f]);
        rig.SendWith("left", float.NaN, [0.5f, 0.5f]);
        rig.SendWith("left", 0.9f, [0.9f, 0.1f]);
        Assert.Equal("R\nL\n", System.Text.Encoding.ASCII.GetString(rig.ReadUntilQuiet(200)));
        Assert.Equal(2, rig.Host[Counters.LowConfidence]);
        Assert.Equal(2, rig.Host[Counters.Sent]);
    }

    [Fact]
    public void A_NaN_value_is_never_sent()
    {
        using var rig = new Rig(o => o.Template = "{value0}\n", "a");
        rig.Send("x", float.NaN);
        rig.Send("x", 1f);
        Assert.Equal("1\n", System.Text.Encoding.ASCII.GetString(rig.ReadUntilQuiet(200)));
        Assert.Equal(1, rig.Host[Counters.Rejected]);
    }

    [Fact]
    public void A_burst_is_cut_to_the_rate_limit_and_every_drop_is_counted()
    {
        using var rig = new Rig(o => { o.RateLimit = 20; o.Commands = ["go=G"]; }, "a");
        const int burst = 500;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < burst; i++) rig.Send("go", 1f);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int arrived = rig.ReadUntilQuiet(300).Length / 2;
        // At most one per 50 ms interval that began during the burst; at least the first.
        Assert.InRange(arrived, 1, (int)Math.Floor(seconds * 20) + 1);
        Assert.Equal(arrived, rig.Host[Counters.Sent]);
        Assert.Equal(burst - arrived, rig.Host[Counters.RateLimited]);
    }

    [Fact]
    public void A_steady_stream_faster_than_the_limit_is_thinned_to_the_limit()
    {
        using var rig = new Rig(o => { o.RateLimit = 20; o.Commands = ["go=G"]; }, "a");
        int sent = 0;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 1.0)
        {
            rig.Send("go", 1f);
            sent++;
            Thread.Sleep(5);
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int arrived = rig.ReadUntilQuiet(300).Length / 2;
        Assert.InRange(arrived, 2, (int)Math.Floor(seconds * 20) + 1);
        Assert.Equal(sent - arrived, rig.Host[Counters.RateLimited]);
    }
}
