using NeuroRT.Formats.Xdf;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Tests;

/// <summary>
/// <c>neurort replay FILE --to-lsl</c> on XDF and BrainVision recordings: the CLI as a child process, the streams
/// received here by inlets on an isolated LSL network (<see cref="LslTestNetwork"/>).
/// </summary>
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly LslTestNetwork _net = new();

    public ReplayCommandTests()
    {
        // Discovery on this network is unicast to 127.0.0.1, which only the socket bound last to the discovery port
        // receives; an XDF replay opens several outlets, so each is also asked on its own port (lab.KnownPeers, the
        // section the file ends with), as liblsl does for known peers.
        File.AppendAllText(_net.ConfigFile, "\nKnownPeers = {127.0.0.1}\n");
    }

    public void Dispose() => _net.Dispose();

    private static string Shared(params string[] parts)
    {
        string path = Path.GetFullPath(Path.Combine([Repository(), "..", "shared", "data", .. parts]));
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} not found: the shared recordings (../shared/data beside the repository) are required.");
        return path;
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}");
    }

    private LslConfig Config => LslConfig.Load(_net.ConfigFile);

    // Pulls until wanted samples came; take gets the chunk, the sample's row in it and its number since the first.
    private static void Pull(LslInlet inlet, SampleChunk chunk, int wanted, Action<SampleChunk, int, int> take)
    {
        int got = 0;
        var deadline = DateTime.UtcNow + Limit;
        while (got < wanted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {got} of {wanted} samples of {inlet.Info.Name}");
            int n = inlet.Pull(chunk, 200);
            for (int i = 0; i < n && got < wanted; i++, got++) take(chunk, i, got);
        }
    }

    [Fact]
    public void An_xdf_recording_is_served_as_one_stream_per_stream_of_the_file_with_the_files_values_and_alignment()
    {
        string path = Shared("xdf", "bci4als", "Sub2011001_EEG.xdf");
        var xdf = XdfFile.Read(path);
        var eegFile = xdf.StreamById(2);
        var markerFile = xdf.StreamById(1);
        using var replay = _net.Start("replay", path, "--to-lsl", "--speed", "10", "--wait-consumer");
        replay.WaitForStderr("waiting for a consumer on each of the 2 streams", Limit);
        Assert.Contains("as 2 LSL streams", replay.Stderr);

        var config = Config;
        var streams = LslResolver.ResolveAll(1.5, config);
        Assert.Equal(["MarkerStream", "obci_eeg1"], streams.Select(s => s.Name).Order());
        var eegInfo = streams.Single(s => s.Name == "obci_eeg1");
        var markerInfo = streams.Single(s => s.Name == "MarkerStream");
        Assert.Equal((16, ChannelFormat.Float32, 125.0, "EEG"), (eegInfo.ChannelCount, eegInfo.ChannelFormat, eegInfo.NominalRate, eegInfo.Type));
        Assert.Equal((1, ChannelFormat.String, 0.0, "Markers"), (markerInfo.ChannelCount, markerInfo.ChannelFormat, markerInfo.NominalRate, markerInfo.Type));

        using var eeg = new LslInlet(eegInfo, new LslInletOptions { Config = config });
        using var markers = new LslInlet(markerInfo, new LslInletOptions { Config = config });
        eeg.Open(10);
        markers.Open(10);

        const int samples = 250;
        var values = new float[samples * 16];
        var times = new double[samples];
        Pull(eeg, new SampleChunk(ChannelFormat.Float32, 16, 64), samples, (c, i, k) =>
        {
            c.FloatsOf(i).CopyTo(values.AsSpan(k * 16));
            times[k] = c.Timestamps[i];
        });
        for (int i = 0; i < values.Length; i++) Assert.Equal((float)eegFile.NumericValues[i], values[i]);
        for (int k = 1; k < samples; k++)
            Assert.Equal((eegFile.Timestamps[k] - eegFile.Timestamps[0]) / 10, times[k] - times[0], 6);

        // The first markers, with their texts, at the file's distance from the EEG (divided by the speed).
        var order = Enumerable.Range(0, markerFile.SampleCount).OrderBy(k => markerFile.Timestamps[k]).Take(2).ToArray();
        var texts = new List<string>();
        var markerTimes = new List<double>();
        Pull(markers, new SampleChunk(ChannelFormat.String, 1, 8), 2, (c, i, _) =>
        {
            texts.Add(c.StringAt(i, 0));
            markerTimes.Add(c.Timestamps[i]);
        });
        Assert.Equal(order.Select(k => markerFile.StringValues[k]), texts);
        for (int m = 0; m < 2; m++)
            Assert.Equal((markerFile.Timestamps[order[m]] - eegFile.Timestamps[0]) / 10, markerTimes[m] - times[0], 6);
    }

    [Fact]
    public void Stream_serves_just_the_named_stream_of_an_xdf_file()
    {
        string path = Shared("xdf", "example-files", "minimal.xdf");
        var data = XdfFile.Read(path).Streams[0];
        using var replay = _net.Start("replay", path, "--to-lsl", "--stream", "SendDataC", "--name", "Only", "--wait-consumer");
        replay.WaitForStderr("waiting for a consumer on the stream", Limit);
        var config = Config;
        var info = Assert.Single(LslResolver.ResolveAll(1.5, config));
        Assert.Equal(("Only", 3, ChannelFormat.Int16, "neurort-replay-Only"), (info.Name, info.ChannelCount, info.ChannelFormat, info.SourceId));
        var labels = NeuroRT.Formats.Sources.Xdf.XdfSource.ChannelsOf(data.Info).Select(c => c.Name);
        Assert.Equal(labels, InfoFetcher.FetchFullInfo(info, 10).ChannelLabels()!);
        using var inlet = new LslInlet(info, new LslInletOptions { Config = config });
        inlet.Open(10);
        var received = new List<double>();
        Pull(inlet, new SampleChunk(ChannelFormat.Int16, 3, 16), 9, (c, i, _) =>
        {
            for (int ch = 0; ch < 3; ch++) received.Add(c.DoubleAt(i, ch));
        });
        Assert.Equal(data.NumericValues, received);
        replay.WaitForStderr("finished", Limit);
    }

    [Fact]
    public void Loop_serves_an_xdf_stream_again_with_timestamps_that_keep_going_forward()
    {
        string path = Shared("xdf", "example-files", "minimal.xdf");
        var data = XdfFile.Read(path).Streams[0];
        using var replay = _net.Start("replay", path, "--to-lsl", "--stream", "SendDataC", "--loop", "--speed", "4", "--wait-consumer");
        replay.WaitForStderr("waiting for a consumer", Limit);
        var config = Config;
        using var inlet = new LslInlet(Assert.Single(LslResolver.ResolveAll(1.5, config)), new LslInletOptions { Config = config });
        inlet.Open(10);
        var values = new List<double>();
        var times = new List<double>();
        Pull(inlet, new SampleChunk(ChannelFormat.Int16, 3, 16), 20, (c, i, _) =>
        {
            values.Add(c.DoubleAt(i, 0));
            times.Add(c.Timestamps[i]);
        });
        for (int k = 0; k < 20; k++) Assert.Equal(data.NumericValues[k % 9 * 3], values[k]);
        for (int k = 1; k < 20; k++) Assert.True(times[k] > times[k - 1], $"sample {k} stamped {times[k]} after {times[k - 1]}");
        // The second pass starts one sample period (at 4 x) after the first one's last sample.
        Assert.Equal(0.1 / 4, times[9] - times[8], 6);
        Assert.Contains("looping", replay.Stderr);
    }

    [Fact]
    public void A_brainvision_recording_is_served_with_its_channel_labels()
    {
        string vhdr = Shared("brainvision", "test.vhdr");
        using var replay = _net.Start("replay", vhdr, "--to-lsl", "--loop");
        replay.WaitForStderr("Ctrl-C stops", Limit);
        var config = Config;
        var found = Assert.Single(LslResolver.ResolveAll(1.5, config));
        Assert.Equal(("test", 32), (found.Name, found.ChannelCount));
        var full = InfoFetcher.FetchFullInfo(found, 10); // discovery's short info has no channel description
        Assert.Equal(["FP1", "FP2", "F3"], full.ChannelLabels()![..3]);
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config });
        inlet.Open(10);
        Pull(inlet, new SampleChunk(ChannelFormat.Float32, 32, 64), 100, (_, _, _) => { });
        Assert.Contains("looping", replay.Stderr);
    }

    [Fact]
    public void Files_and_options_replay_cannot_serve_are_clear_errors()
    {
        string text = Path.Combine(_net.Folder, "notes.txt");
        File.WriteAllText(text, "not a recording");
        var r = _net.Run(Limit, "replay", text, "--to-lsl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a recording replay reads", r.Stderr);
        Assert.Contains(".xdf", r.Stderr);

        string xdf = Shared("xdf", "bci4als", "Sub2011001_EEG.xdf");
        r = _net.Run(Limit, "replay", xdf, "--to-lsl", "--stream", "EEG");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no stream named 'EEG'", r.Stderr);
        Assert.Contains("'obci_eeg1' (type EEG, 16 ch float32, 125 Hz, 53600 samples)", r.Stderr);

        r = _net.Run(Limit, "replay", xdf, "--to-lsl", "--name", "X");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("serve one with --stream NAME", r.Stderr);

        r = _net.Run(Limit, "replay", Shared("brainvision", "test.vhdr"), "--to-lsl", "--stream", "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--stream picks a stream of an XDF file", r.Stderr);

        r = _net.Run(Limit, "replay", xdf, "--to-lsl", "--speed", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--speed must be a positive factor", r.Stderr);
    }
}
