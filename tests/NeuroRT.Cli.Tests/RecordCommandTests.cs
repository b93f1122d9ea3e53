using System.Diagnostics;
using System.Text;
using NeuroRT.Formats.Xdf;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Testing;

namespace NeuroRT.Cli.Tests;

/// <summary><c>neurort record</c> as a child process, recording outlets this test serves on its own LSL network.</summary>
public sealed class RecordCommandTests : IDisposable
{
    private const int Channels = 3;
    private readonly LslTestNetwork _net = new();
    private readonly LslConfig _config;

    public RecordCommandTests() => _config = LslConfig.Load(_net.ConfigFile);

    public void Dispose() => _net.Dispose();

    private LslOutlet EegOutlet(string name)
    {
        var info = new LslStreamInfo { Name = name, Type = "EEG", ChannelCount = Channels, ChannelFormat = ChannelFormat.Float32, NominalRate = 100, SourceId = name + "-src" };
        info.SetChannels([("Cz", "microvolts", "EEG"), ("C3", "microvolts", "EEG"), ("C4", "microvolts", "EEG")]);
        return new LslOutlet(info, new LslOutletOptions { Config = _config });
    }

    private LslOutlet MarkerOutlet(string name) =>
        new(new LslStreamInfo { Name = name, Type = "Markers", ChannelCount = 1, ChannelFormat = ChannelFormat.String, NominalRate = 0, SourceId = name + "-src" },
            new LslOutletOptions { Config = _config });

    // Sample k of the EEG outlet: channel c holds k + c / 4 (exact in float32), stamped k / 100 s after start.
    private static void PushEeg(LslOutlet outlet, int from, int count, double start)
    {
        var values = new float[count * Channels];
        var stamps = new double[count];
        for (int i = 0; i < count; i++)
        {
            stamps[i] = start + ((from + i) / 100.0);
            for (int c = 0; c < Channels; c++) values[(i * Channels) + c] = from + i + (c / 4f);
        }

        outlet.PushChunk<float>(values, stamps);
    }

    [Fact]
    public void Records_a_float32_and_a_marker_outlet_losslessly_with_labels_markers_clock_offsets_and_footers()
    {
        string path = Path.Combine(_net.Folder, "session.xdf");
        using var eeg = EegOutlet("RecEEG");
        using var markers = MarkerOutlet("RecMarkers");
        // Two outlets of one process share the discovery port, and on loopback only one of them gets a unicast
        // query there: asking the known peer 127.0.0.1 sends the query to every port of the range too, as liblsl.
        using var recording = _net.Start("record", path, "--stream", "RecEEG", "--type", "Markers", "--duration", "6", "--known-peers", "127.0.0.1");
        Assert.True(eeg.WaitForConsumers(60) && markers.WaitForConsumers(60), "neurort record did not connect to both outlets: " + recording.Stderr);
        recording.WaitForStderr("recording 2 streams", TimeSpan.FromSeconds(30));

        double start = LslClock.Now;
        string[] texts = ["trial 1: left", "Grüße ✓", "trial, \"quoted\""];
        for (int k = 0; k < 20; k++)
        {
            PushEeg(eeg, k * 10, 10, start);
            if (k % 7 == 0) markers.PushSample([texts[k / 7]], start + (k / 10.0));
            Thread.Sleep(100);
        }

        Assert.True(recording.WaitForExit(TimeSpan.FromSeconds(60)), "neurort record --duration 6 did not end: " + recording.Stderr);
        Assert.Equal(0, recording.ExitCode);
        string done = recording.Stderr.Split('\n').Single(l => l.StartsWith("done: ", StringComparison.Ordinal));
        Assert.True(done.Contains("RecEEG 200 |", StringComparison.Ordinal) && done.Contains("RecMarkers 3 |", StringComparison.Ordinal)
                    && done.EndsWith("| 0 dropped", StringComparison.Ordinal), done);

        XdfFile file = XdfFile.Read(path);
        Assert.Empty(file.Warnings);
        Assert.Equal(2, file.Streams.Count);
        XdfStream e = file.Streams.Single(s => s.Info.Name == "RecEEG");
        XdfStream m = file.Streams.Single(s => s.Info.Name == "RecMarkers");
        Assert.Equal(["Cz", "C3", "C4"], e.Info.ChannelLabels);
        Assert.Equal(XdfChannelFormat.Float32, e.Info.Format);
        Assert.Equal(100, e.Info.NominalRate);
        Assert.Contains("<source_id>RecEEG-src</source_id>", e.Info.Xml, StringComparison.Ordinal);
        Assert.Equal(200, e.SampleCount);
        for (int k = 0; k < 200; k++)
        {
            Assert.Equal(start + (k / 100.0), e.RawTimestamps[k]);
            for (int c = 0; c < Channels; c++) Assert.Equal(k + (c / 4.0), e.NumericValues[(k * Channels) + c]);
        }

        Assert.Equal(XdfChannelFormat.String, m.Info.Format);
        Assert.Equal(texts, m.StringValues);
        Assert.Equal([start, start + 0.7, start + 1.4], m.RawTimestamps);
        Assert.NotEmpty(e.ClockOffsets);
        Assert.NotEmpty(m.ClockOffsets);
        // Same host: the clock offset is the time-probe round trip error, far below a second.
        Assert.All(e.ClockOffsets, o => Assert.True(Math.Abs(o.Offset) < 0.5, $"offset {o.Offset}"));
        Assert.True(e.HasFooter && m.HasFooter);
        Assert.Contains("<sample_count>200</sample_count>", e.FooterXml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recording_killed_with_SIGKILL_reads_back_with_every_sample_pushed_up_to_a_second_before()
    {
        string path = Path.Combine(_net.Folder, "killed.xdf");
        using var eeg = EegOutlet("KillEEG");
        using var recording = _net.Start("record", path, "--stream", "KillEEG");
        Assert.True(eeg.WaitForConsumers(60), "neurort record did not connect: " + recording.Stderr);
        recording.WaitForStderr("recording 1 stream", TimeSpan.FromSeconds(30));

        // 10-sample chunks every 100 ms for 3 s; remember when each was pushed.
        double start = LslClock.Now;
        var pushedAt = new List<(long Samples, long Ticks)>();
        for (int k = 0; k < 30; k++)
        {
            PushEeg(eeg, k * 10, 10, start);
            pushedAt.Add(((k + 1) * 10, Stopwatch.GetTimestamp()));
            Thread.Sleep(100);
        }

        long killTicks = Stopwatch.GetTimestamp();
        recording.Kill();
        long safe = pushedAt.Where(p => killTicks - p.Ticks >= Stopwatch.Frequency).Select(p => p.Samples).DefaultIfEmpty(0).Max();
        Assert.True(safe >= 100, $"the machine is too slow for this test: only {safe} samples were pushed over a second before the kill");

        XdfFile file = XdfFile.Read(path);
        XdfStream e = file.Streams.Single();
        Assert.False(e.HasFooter);
        Assert.True(e.SampleCount >= safe, $"{e.SampleCount} samples in the killed recording, but {safe} were pushed at least 1 s before the kill (warnings: {string.Join("; ", file.Warnings)})");
        Assert.True(e.SampleCount <= 300);
        for (int k = 0; k < e.SampleCount; k++) Assert.Equal(k + 0.5, e.NumericValues[(k * Channels) + 2] + 0.0);
    }

    [Fact]
    public void A_stream_that_vanishes_is_reported_and_its_restarted_outlet_continues_in_the_same_xdf_stream()
    {
        string path = Path.Combine(_net.Folder, "recovered.xdf");
        double start = LslClock.Now;
        using var recording = _net.Start("record", path, "--stream", "FlakyEEG");
        using (var first = EegOutlet("FlakyEEG"))
        {
            Assert.True(first.WaitForConsumers(60), "neurort record did not connect: " + recording.Stderr);
            recording.WaitForStderr("recording 1 stream", TimeSpan.FromSeconds(30));
            PushEeg(first, 0, 50, start);
            Thread.Sleep(500);
        }

        recording.WaitForStderr("vanished", TimeSpan.FromSeconds(30));
        using (var second = EegOutlet("FlakyEEG"))
        {
            Assert.True(second.WaitForConsumers(60), "neurort record did not reconnect to the restarted outlet: " + recording.Stderr);
            PushEeg(second, 50, 50, start);
            recording.WaitForStderr("is back", TimeSpan.FromSeconds(30));
            Thread.Sleep(1000);
            recording.Interrupt();
            Assert.True(recording.WaitForExit(TimeSpan.FromSeconds(60)), "neurort record did not stop on SIGINT: " + recording.Stderr);
        }

        Assert.Equal(0, recording.ExitCode);
        XdfStream e = XdfFile.Read(path).Streams.Single();
        Assert.Equal(100, e.SampleCount);
        Assert.Equal(Enumerable.Range(0, 100).Select(k => k + 0.25), Enumerable.Range(0, 100).Select(k => e.NumericValues[(k * Channels) + 1]));
        Assert.True(e.HasFooter);
    }

    [Fact]
    public void A_missing_stream_is_an_error_naming_it_and_nothing_to_record_is_refused()
    {
        string path = Path.Combine(_net.Folder, "none.xdf");
        var missing = _net.Run(TimeSpan.FromSeconds(60), "record", path, "--stream", "NoSuchStream", "--timeout", "1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'NoSuchStream' not found", missing.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));

        var nothing = _net.Run(TimeSpan.FromSeconds(60), "record", path);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("--stream NAME, --type TYPE", nothing.Stderr, StringComparison.Ordinal);

        File.WriteAllText(path, "keep me");
        var exists = _net.Run(TimeSpan.FromSeconds(60), "record", path, "--all");
        Assert.Equal(2, exists.ExitCode);
        Assert.Contains("--overwrite", exists.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));
    }
}
