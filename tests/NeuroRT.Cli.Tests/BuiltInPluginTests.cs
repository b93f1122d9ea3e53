using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace NeuroRT.Cli.Tests;

/// <summary>
/// The built-in plugins as a user meets them: `neurort run` on a pipeline file that names them, loaded by the host
/// from the plugins/ folder beside the program (each in its own load context), bound from the file, fed by a run.
/// </summary>
public sealed class BuiltInPluginTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-plugins-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    [Fact]
    public void Udp_json_and_seizure_alarm_plugins_receive_every_command_of_a_real_time_run()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        // 100 Hz for 3 s in real time (UDP is lossy when a receiver falls behind, so the commands are paced as live
        // ones): 300 frames of one sample each. The index channel ramps 0..299, so the
        // alarm arms at index 100 (t = 1.00 s), is confirmed 0.5 s later and never ends.
        string pipeline = Path.Combine(_folder, "plugins.yaml");
        File.WriteAllText(pipeline, $$"""
            name: built-in-plugins
            source: {type: synthetic, channels: 1, rate: 100Hz, duration: 3s, speed: 1, index-channel: true, chunk: 10ms}
            outputs:
              - {type: udp, name: udp, port: {{port}}, format: json}
              - {type: seizure-alarm, name: alarm, value: sample-index, threshold: 100, release: 50, confirm: 0.5s, refractory: 10s, log: alarms.jsonl, console: false}
            """);
        // Received while the run goes on: a socket holds only a few hundred small datagrams unread.
        var datagrams = new List<byte[]>();
        receiver.Client.ReceiveTimeout = 10_000;
        var receiving = new Thread(() =>
        {
            var from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (datagrams.Count < 300)
                {
                    datagrams.Add(receiver.Receive(ref from));
                }
            }
            catch (SocketException)
            {
            }
        }) { IsBackground = true };
        receiving.Start();
        var run = NeurortProcess.Run(Limit, "run", pipeline, "--quiet");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.DoesNotContain("skipped", run.Stderr);
        Assert.True(receiving.Join(TimeSpan.FromSeconds(20)), $"{datagrams.Count} of 300 datagrams arrived");
        var indices = new List<int>();
        foreach (byte[] datagram in datagrams)
        {
            using JsonDocument doc = JsonDocument.Parse(datagram);
            indices.Add((int)doc.RootElement.GetProperty("values").GetProperty("sample-index").GetDouble());
        }

        Assert.Equal(Enumerable.Range(0, 300), indices);

        string[] log = File.ReadAllLines(Path.Combine(_folder, "alarms.jsonl"));
        Assert.Single(log);
        using JsonDocument alarm = JsonDocument.Parse(log[0]);
        Assert.Equal("alarm", alarm.RootElement.GetProperty("event").GetString());
        Assert.Equal(1, alarm.RootElement.GetProperty("seq").GetInt32());
    }
}
