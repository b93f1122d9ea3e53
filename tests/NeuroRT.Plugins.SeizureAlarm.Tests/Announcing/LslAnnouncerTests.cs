using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Announcing;

public sealed class LslAnnouncerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// An lsl_api.cfg of the test's own: a port range of its own, a unique session id and loopback-only discovery,
    /// so parallel tests (and real LSL programs on the host) never see its stream.
    /// </summary>
    private string IsolatedConfig()
    {
        int basePort = 30000 + Random.Shared.Next(0, 300) * 50 + Environment.ProcessId % 7 * 3;
        File.WriteAllText(_dir.File("lsl_api.cfg"), $$"""
            [ports]
            MulticastPort = {{basePort}}
            BasePort = {{basePort + 1}}
            PortRange = 32
            [multicast]
            AddressesOverride = {127.0.0.1}
            [lab]
            SessionID = alarm-test-{{Guid.NewGuid():N}}
            [tuning]
            MulticastMinRTT = 0.2
            """);
        return "lsl_api.cfg";
    }

    [Fact]
    public void Alarms_and_offsets_arrive_as_string_markers_at_an_lsl_inlet()
    {
        var host = Feeder.Host(_dir.Path);
        var output = new SeizureAlarmOutput { Value = "seizure", Confirm = 1, Refractory = 0, LogFile = "alarms.jsonl", ConsoleAnnounce = false, LslStream = "NeuroRT-alarms", LslConfigFile = IsolatedConfig() };
        output.Open(host);
        try
        {
            var config = LslConfig.Load(_dir.File("lsl_api.cfg"));
            LslStreamInfo found;
            using (var resolver = new LslResolver(config))
                found = Assert.Single(resolver.Resolve(StreamQuery.ByProperty(config.SessionId, "name", "NeuroRT-alarms"), 1, 5));
            Assert.Equal("Markers", found.Type);
            Assert.Equal(ChannelFormat.String, found.ChannelFormat);
            using var inlet = new LslInlet(found, new LslInletOptions { Config = config });
            inlet.Open(5);
            Assert.True(output.Lsl!.Outlet.WaitForConsumers(5));

            new Feeder(output).Hold(0.1f, 1).Hold(0.9f, 1.25).Hold(0.95f, 0.5).Hold(0.1f, 0.25);
            var markers = new List<string>();
            var chunk = new SampleChunk(ChannelFormat.String, 1, 8);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (markers.Count < 2 && DateTime.UtcNow < deadline)
            {
                int n = inlet.Pull(chunk, 100);
                for (int s = 0; s < n; s++) markers.Add(chunk.StringAt(s, 0));
            }

            Assert.Equal(
                ["seizure-alarm onset seq=1 onset=1 confirmed=2 peak=0.9", "seizure-alarm offset seq=1 onset=1 offset=2.75 peak=0.95"],
                markers);
        }
        finally
        {
            output.Close();
            output.Dispose();
        }

        Assert.Equal(0, host.Counter("announce failures"));
    }
}
