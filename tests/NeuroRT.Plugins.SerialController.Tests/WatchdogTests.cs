using System.Diagnostics;
using NeuroRT.Plugins;
using Xunit.Abstractions;

namespace NeuroRT.Plugins.SerialController.Tests;

public class WatchdogTests(ITestOutputHelper output)
{
    private const string Stop = "STOP\n";

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.05)]
    public void The_safe_command_arrives_within_the_deadline_plus_10ms_after_the_last_command(double deadline)
    {
        using var device = Rig.DevicePriority();
        using var rig = new Rig(o => { o.WatchdogSeconds = deadline; o.Commands = ["go=G"]; }, "a");
        rig.ReadUntilQuiet((int)(deadline * 1000) + 100); // the stall since Open, if the first command came late
        var lateness = new List<double>();
        var writeLateness = new List<double>();
        for (int run = 0; run < 6; run++)
        {
            long sent = Stopwatch.GetTimestamp();
            rig.Send("go", 1f);
            Assert.Equal("G\n", rig.ReadText(2));
            // The device's read blocks from here, well before the deadline, until the safe command is on the line.
            // "written at" in a failure tells the watchdog's delay from the reader's (both share this machine's CPUs).
            string safe = rig.ReadText(Stop.Length, (int)(deadline * 1000) + 2000);
            double elapsed = Stopwatch.GetElapsedTime(sent).TotalSeconds;
            double written = (rig.Output.LastWatchdogWrite - sent) / (double)Stopwatch.Frequency;
            Assert.Equal(Stop, safe);
            lateness.Add((elapsed - deadline) * 1000);
            writeLateness.Add((written - deadline) * 1000);
            Assert.True(elapsed >= deadline, $"run {run}: the safe command came {elapsed * 1000:0.00} ms after the command, before the {deadline * 1000} ms deadline");
            Assert.True(elapsed <= deadline + 0.010, $"run {run}: the safe command came {elapsed * 1000:0.00} ms after the command (written at {written * 1000:0.00} ms); deadline {deadline * 1000} ms + 10 ms");
        }
        output.WriteLine($"deadline {deadline * 1000} ms: safe command after deadline + [{string.Join(", ", lateness.Select(l => l.ToString("0.00")))}] ms (max {lateness.Max():0.00}); written at deadline + max {writeLateness.Max():0.00} ms");
        Assert.True(rig.Host.WaitFor(Counters.WatchdogStalls, 6) >= 6);
        Assert.True(rig.Host[Counters.WatchdogResumes] >= 5);
    }

    [Fact]
    public void Once_per_stall_without_safe_repeat_and_resumed_by_a_fresh_command()
    {
        using var rig = new Rig(o => { o.WatchdogSeconds = 0.1; o.Commands = ["go=G"]; }, "a");
        rig.ReadUntilQuiet(200);
        long stallsBefore = rig.Host[Counters.WatchdogStalls];
        rig.Send("go", 1f);
        Assert.Equal("G\n" + Stop, rig.ReadText(2 + Stop.Length));
        Assert.Empty(rig.ReadUntilQuiet(400)); // four deadlines, nothing more
        Assert.Equal(stallsBefore + 1, rig.Host.WaitFor(Counters.WatchdogStalls, stallsBefore + 1));

        rig.Send("go", 1f);
        Assert.Equal("G\n" + Stop, rig.ReadText(2 + Stop.Length));
        Assert.Equal(stallsBefore + 2, rig.Host.WaitFor(Counters.WatchdogStalls, stallsBefore + 2));
        Assert.True(rig.Host[Counters.WatchdogResumes] >= 1);
        rig.Host.WaitFor(Counters.WatchdogResumes, 1);
        Assert.Contains(rig.Host.LogLines, l => l.Level == PluginLogLevel.Warning && l.Message.Contains("watchdog: no fresh command") && l.Message.Contains(rig.Peer.SlavePath));
        Assert.Contains(rig.Host.LogLines, l => l.Message.Contains("resumed with 'go'"));
    }

    [Fact]
    public void With_safe_repeat_the_safe_command_repeats_every_deadline_while_stalled()
    {
        using var rig = new Rig(o => { o.WatchdogSeconds = 0.1; o.SafeRepeat = true; o.Commands = ["go=G"]; }, "a");
        rig.ReadUntilQuiet(50);
        rig.Send("go", 1f);
        long sent = Stopwatch.GetTimestamp();
        Assert.Equal("G\n", rig.ReadText(2));
        for (int k = 1; k <= 3; k++)
        {
            Assert.Equal(Stop, rig.ReadText(Stop.Length));
            Assert.True(Stopwatch.GetElapsedTime(sent).TotalSeconds >= 0.1 * k, $"repeat {k} came early");
        }
        rig.Send("go", 1f);
        long repeats = rig.Host.WaitFor(Counters.WatchdogSafe, 3);
        Assert.True(repeats >= 3);
        Assert.Equal("G\n", System.Text.Encoding.ASCII.GetString(rig.ReadUntilQuiet(50))[..2]);
    }

    [Fact]
    public void Commands_within_the_deadline_keep_the_watchdog_quiet()
    {
        using var rig = new Rig(o => { o.WatchdogSeconds = 0.25; o.Commands = ["go=G"]; }, "a");
        long start = Stopwatch.GetTimestamp();
        int sent = 0;
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 0.6)
        {
            rig.Send("go", 1f);
            sent++;
            Thread.Sleep(10);
        }
        rig.Output.Close();
        string all = System.Text.Encoding.ASCII.GetString(rig.ReadUntilQuiet(200));
        Assert.Equal(string.Concat(Enumerable.Repeat("G\n", sent)) + Stop, all);
        Assert.Equal(0, rig.Host[Counters.WatchdogStalls]);
        Assert.Equal(1, rig.Host[Counters.SafeOnClose]);
    }

    [Fact]
    public void Close_sends_the_named_safe_command_encoded_as_a_binary_frame()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["move=0x4D", "stop=0x53"];
            o.SafeCommand = "stop";
            o.SafeValues = [0, -1];
            o.Scale = 1;
            o.Checksum = NeuroRT.Plugins.SerialController.Wire.FrameChecksum.Xor;
        }, "x", "y");
        rig.Send("move", 2f, 3f);
        rig.Output.Close();
        byte[] move = [0xAA, 0x4D, 2, 0, 3, 0, 0x4D ^ 2 ^ 3];
        byte[] stop = [0xAA, 0x53, 0, 0, 0xFF, 0xFF, 0x53 ^ 0xFF ^ 0xFF];
        Assert.Equal(move.Concat(stop).ToArray(), rig.Read(14));
        Assert.Equal(stop, rig.Output.SafeBytes.ToArray());
        Assert.Contains(rig.Host.LogLines, l => l.Message.Contains("closing: sent the safe command"));
    }

    [Fact]
    public void Safe_values_outside_the_clamp_are_refused()
    {
        using var peer = new NeuroRT.Snn.Tests.Serial.PseudoTerminal();
        var o = new SerialControllerOutput
        {
            Device = peer.SlavePath, Protocol = SerialProtocol.Binary, Commands = ["stop=0"], SafeCommand = "stop",
            SafeValues = [5], Clamp = [0, 1],
        };
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a")));
        Assert.Equal("safe-values", ex.Parameter);
        o.SafeCommand = "halt";
        Assert.Contains("'halt' is not in the commands table", Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a"))).Message);
        o.Dispose();
    }
}

public class SafeCommandFormTests
{
    [Fact]
    public void A_hex_safe_command_goes_out_as_its_bytes_from_the_watchdog()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["go=1"];
            o.SafeCommand = "hex:AA 53 00,0x00";
            o.WatchdogSeconds = 0.05;
        }, "v");
        rig.ReadUntilQuiet(150);
        rig.Send("go", 0.002f);
        Assert.Equal(new byte[] { 0xAA, 0x01, 0x02, 0x00, 0xAA, 0x53, 0x00, 0x00 }, rig.Read(8));
    }

    [Fact]
    public void A_raw_safe_command_decodes_its_escapes()
    {
        using var rig = new Rig(o => o.SafeCommand = "raw:HALT\\r\\n", "v");
        rig.Output.Close();
        Assert.Equal("HALT\r\n", rig.ReadText(6));
    }

    [Theory]
    [InlineData("hex:AA ZZ", "not a hex byte")]
    [InlineData("raw:", "no bytes")]
    [InlineData("", "required")]
    public void Bad_safe_commands_are_refused(string safe, string words)
    {
        using var peer = new NeuroRT.Snn.Tests.Serial.PseudoTerminal();
        var o = new SerialControllerOutput { Device = peer.SlavePath, SafeCommand = safe };
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a")));
        Assert.Equal("safe-command", ex.Parameter);
        Assert.Contains(words, ex.Message);
        o.Dispose();
    }
}
