using NeuroRT.Plugins;
using NeuroRT.Snn.Tests.Serial;

namespace NeuroRT.Plugins.SerialController.Tests;

public class HangUpTests
{
    [Fact]
    public void A_hang_up_while_sending_is_reported_counted_and_later_commands_are_dropped_counted()
    {
        using var rig = new Rig(o => { o.Commands = ["go=G"]; o.WatchdogSeconds = 0.05; o.ReconnectSeconds = 0; }, "a");
        rig.Send("go", 1f);
        Assert.Equal("G\n", rig.ReadText(2));
        rig.Peer.CloseMaster(); // the device goes away

        rig.Send("go", 1f); // must not throw: the pipeline keeps running
        Assert.True(rig.Output.IsDisconnected);
        Assert.Equal(1, rig.Host[Counters.HangUps]);
        var error = Assert.Single(rig.Host.LogLines, l => l.Level == PluginLogLevel.Error);
        Assert.Contains(rig.Peer.SlavePath, error.Message);
        Assert.Contains("hung up or was unplugged", error.Message);
        Assert.Contains("could not be sent", error.Message);

        for (int i = 0; i < 5; i++) rig.Send("go", 1f);
        Assert.Equal(5, rig.Host[Counters.Disconnected]);
        Thread.Sleep(150); // the watchdog keeps quiet on a gone port (no second hang-up, no crash)
        Assert.Equal(1, rig.Host[Counters.HangUps]);
        rig.Output.Close();
        Assert.Contains(rig.Host.LogLines, l => l.Message.Contains("is gone, the safe command could not be sent"));
        Assert.Equal(0, rig.Host[Counters.SafeOnClose]);
    }

    [Fact]
    public void A_hang_up_seen_by_the_watchdog_is_counted_once()
    {
        using var rig = new Rig(o => { o.Commands = ["go=G"]; o.WatchdogSeconds = 0.05; o.ReconnectSeconds = 0; }, "a");
        rig.Send("go", 1f);
        Assert.Equal("G\n", rig.ReadText(2));
        rig.Peer.CloseMaster();
        Assert.Equal(1, rig.Host.WaitFor(Counters.HangUps, 1));
        Thread.Sleep(150);
        Assert.Equal(1, rig.Host[Counters.HangUps]);
        Assert.Contains(rig.Host.LogLines, l => l.Level == PluginLogLevel.Error && l.Message.Contains("while sending the watchdog's safe command"));
    }

    [Fact]
    public void After_a_hang_up_the_device_is_reopened_when_it_is_back()
    {
        // A stable link (as /dev/serial/by-id/... is) that is pointed at a new pseudo-terminal: the device came back.
        string link = Path.Combine(Path.GetTempPath(), $"neurort-serial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var first = new PseudoTerminal();
        using var second = new PseudoTerminal();
        File.CreateSymbolicLink(link, first.SlavePath);
        var host = new FakeHost("a");
        var output = new SerialControllerOutput { Device = link, SafeCommand = "raw:STOP\\n", Commands = ["go=G"], WatchdogSeconds = 0, ReconnectSeconds = 0.05 };
        try
        {
            output.Open(host);
            output.Send(new Command("go", new float[] { 1 }, 1, 0, 0, 0, 0));
            first.CloseMaster();
            output.Send(new Command("go", new float[] { 1 }, 1, 0, 1, 0, 0));
            Assert.Equal(1, host[Counters.HangUps]);
            File.Delete(link);
            File.CreateSymbolicLink(link, second.SlavePath);
            Thread.Sleep(100);
            output.Send(new Command("go", new float[] { 1 }, 1, 0, 2, 0, 0));
            Assert.Equal(1, host[Counters.Reconnects]);
            var got = new byte[2];
            second.ReadExactly(got, 2000);
            Assert.Equal("G\n"u8.ToArray(), got);
            Assert.Contains(host.LogLines, l => l.Message.Contains("is back: reopened"));
        }
        finally
        {
            output.Dispose();
            first.Dispose();
            File.Delete(link);
        }
    }

    [Fact]
    public void A_missing_device_is_a_configuration_error_naming_the_path()
    {
        var o = new SerialControllerOutput { Device = "/dev/neurort-no-such-tty", SafeCommand = "raw:S" };
        var ex = Assert.Throws<PluginConfigurationException>(() => o.Open(new FakeHost("a")));
        Assert.Equal("device", ex.Parameter);
        Assert.Contains("/dev/neurort-no-such-tty", ex.Message);
    }
}
