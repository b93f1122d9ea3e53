using System.Diagnostics;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Plugins.Net.Tests.LslMarkers;

/// <summary>
/// An isolated LSL network for one test: a folder holding an lsl_api.cfg with its own ports, a unique session id and
/// loopback-only discovery (so parallel tests and real LSL programs never see each other's streams), and a fake
/// host whose pipeline folder it is.
/// </summary>
public sealed class MarkerLab : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"neurort-markers-{Guid.NewGuid():N}");
    private LslInlet? _inlet;

    public MarkerLab(params string[] valueNames)
    {
        Directory.CreateDirectory(_folder);
        int basePort = 30000 + Random.Shared.Next(0, 600) * 16;
        Session = $"plugins-test-{Guid.NewGuid():N}";
        File.WriteAllText(Path.Combine(_folder, "lsl_api.cfg"),
            $"[ports]\nMulticastPort = {basePort}\nBasePort = {basePort + 1}\nPortRange = 12\n[multicast]\nAddressesOverride = {{127.0.0.1}}\n[lab]\nSessionID = {Session}\n");
        Config = LslConfig.Load(Path.Combine(_folder, "lsl_api.cfg"));
        Host = new FakeHost(valueNames) { PipelineDirectory = _folder };
    }

    public string Session { get; }

    public LslConfig Config { get; }

    public FakeHost Host { get; }

    /// <summary>Resolves the stream named <paramref name="name"/> in this lab (5 s at most).</summary>
    public LslStreamInfo Resolve(string name)
    {
        using var resolver = new LslResolver(Config);
        return Assert.Single(resolver.Resolve(StreamQuery.ByProperty(Session, "name", name), 1, 5));
    }

    /// <summary>Opens an inlet on the stream named <paramref name="name"/>.</summary>
    public void Connect(string name)
    {
        _inlet = new LslInlet(Resolve(name), new LslInletOptions { Config = Config });
        _inlet.Open(5);
    }

    /// <summary>Receives <paramref name="count"/> markers (15 s at most).</summary>
    public List<(double Time, string Marker)> Receive(int count)
    {
        var chunk = new SampleChunk(ChannelFormat.String, 1, 64);
        var markers = new List<(double, string)>();
        var watch = Stopwatch.StartNew();
        while (markers.Count < count && watch.Elapsed.TotalSeconds < 15)
        {
            int n = _inlet!.Pull(chunk, 100);
            for (int s = 0; s < n; s++) markers.Add((chunk.Timestamps[s], chunk.StringAt(s, 0)));
        }

        return markers;
    }

    public void Dispose()
    {
        _inlet?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
