using System.Diagnostics;
using System.Xml.Linq;
using NeuroRT.Formats.Recording;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Formats.Tests.XdfWriting;

/// <summary><see cref="XdfRecorder"/>: producers on their own threads, the file written on the recorder thread.</summary>
public sealed class XdfRecorderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-xdfr-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private static XdfStreamDescription Eeg(int channels, XdfChannelFormat format = XdfChannelFormat.Float32) =>
        new("EEG", "EEG", format, [.. Enumerable.Range(1, channels).Select(c => new XdfChannelDescription($"C{c}"))], 250, "amp-1");

    private static readonly XdfStreamDescription Markers = new("Markers", "Markers", XdfChannelFormat.String, [new("marker")], 0);

    [Fact]
    public void Producers_on_several_threads_record_everything_with_clock_offsets_and_footers()
    {
        string path = Path.Combine(_folder, "run.xdf");
        const int chunks = 200, perChunk = 10, channels = 4;
        var recorder = new XdfRecorder(path);
        uint eeg = recorder.AddStream(Eeg(channels));
        uint markers = recorder.AddStream(Markers);
        uint aux = recorder.AddStream(Eeg(2, XdfChannelFormat.Int16) with { Name = "Aux" });
        var eegThread = new Thread(() =>
        {
            var stamps = new double[perChunk];
            var values = new float[perChunk * channels];
            for (int k = 0; k < chunks; k++)
            {
                for (int i = 0; i < perChunk; i++)
                {
                    stamps[i] = ((k * perChunk) + i) / 250.0;
                    for (int c = 0; c < channels; c++) values[(i * channels) + c] = (k * perChunk) + i + (c * 0.25f);
                }

                Assert.True(recorder.Append(eeg, stamps, values, wait: true));
            }
        });
        var markerThread = new Thread(() =>
        {
            for (int k = 0; k < 50; k++) Assert.True(recorder.AppendStrings(markers, [k * 0.1], [$"trial {k} ✓"], wait: true));
        });
        eegThread.Start();
        markerThread.Start();
        for (int k = 0; k < 20; k++) Assert.True(recorder.Append(aux, [k * 1.0], new double[] { k, -k }, wait: true));
        recorder.AppendClockOffset(eeg, 1.0, -0.002);
        recorder.AppendClockOffset(eeg, 6.0, -0.0021);
        eegThread.Join();
        markerThread.Join();
        recorder.Close();
        recorder.Close(); // idempotent

        Assert.Null(recorder.Failure);
        Assert.Equal(new XdfRecordedStreamStats(chunks * perChunk, chunks, 0, 0, 0, ((chunks * perChunk) - 1) / 250.0), recorder.Stats(eeg));
        Assert.False(recorder.Append(eeg, [1.0], new float[channels], wait: false));
        XdfFile file = XdfFile.Read(path);
        Assert.Empty(file.Warnings);
        Assert.Equal(new FileInfo(path).Length, recorder.BytesWritten);
        Assert.Equal(["EEG", "Markers", "Aux"], file.Streams.Select(s => s.Info.Name));
        XdfStream e = file.Streams[0];
        Assert.Equal(chunks * perChunk, e.SampleCount);
        Assert.Equal(e.SampleCount / 250.0 - 0.004, e.RawTimestamps[^1], 9);
        Assert.Equal(1999.75f, (float)e.NumericValues[^1]);
        Assert.Equal([new XdfClockOffset(1.0, -0.002), new XdfClockOffset(6.0, -0.0021)], e.ClockOffsets);
        Assert.Equal(Enumerable.Range(0, 50).Select(k => $"trial {k} ✓"), file.Streams[1].StringValues);
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(k => new double[] { k, -k }), file.Streams[2].NumericValues);
        XElement footer = XDocument.Parse(e.FooterXml!).Root!;
        Assert.Equal("2000", footer.Element("sample_count")!.Value);
        Assert.Equal(2, footer.Element("clock_offsets")!.Elements("offset").Count());
        Assert.True(file.Streams.All(s => s.HasFooter));
    }

    [Fact]
    public void Streams_added_mid_recording_follow_in_order_and_boundaries_are_written_at_their_interval()
    {
        string path = Path.Combine(_folder, "late.xdf");
        var recorder = new XdfRecorder(path, new XdfRecorderOptions { BoundaryInterval = TimeSpan.FromMilliseconds(50), FlushInterval = TimeSpan.FromMilliseconds(20) });
        uint first = recorder.AddStream(Eeg(1));
        var watch = Stopwatch.StartNew();
        int k = 0;
        for (; watch.ElapsedMilliseconds < 400; k++)
        {
            Assert.True(recorder.Append(first, [k * 0.004], new float[] { k }, wait: true));
            Thread.Sleep(5);
        }

        uint late = recorder.AddStream(Markers);
        Assert.True(recorder.AppendStrings(late, [k * 0.004], ["late"], wait: true));
        recorder.Close();

        XdfFile file = XdfFile.Read(path);
        Assert.Empty(file.Warnings);
        Assert.Equal([1u, 2u], file.Streams.Select(s => s.Id));
        Assert.Equal(k, file.Streams[0].SampleCount);
        Assert.Equal(["late"], file.Streams[1].StringValues);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] uuid = Convert.FromHexString("43A546DCCBF5410FB30ED5467383CBE4");
        int boundaries = 0;
        for (int at = 0, i; (i = bytes.AsSpan(at).IndexOf(uuid)) >= 0; at += i + uuid.Length) boundaries++;
        // 400 ms of data at one boundary per 50 ms: at least 2 even when the machine is busy, and only while data
        // comes (about 400 / 50, plus the late marker's).
        Assert.InRange(boundaries, 2, 12);
    }

    [Fact]
    public void Steady_state_append_allocates_nothing_on_the_producer_thread()
    {
        string path = Path.Combine(_folder, "alloc.xdf");
        using var recorder = new XdfRecorder(path, new XdfRecorderOptions { QueueChunks = 4096, BoundaryInterval = TimeSpan.FromHours(1) });
        uint id = recorder.AddStream(Eeg(8));
        var stamps = new double[32];
        var values = new float[32 * 8];

        // Warm up: fill the pool with more buffers than the measured loop needs, and let the recorder write them
        // all (each 32-sample float32 chunk of 8 channels is 7 + 9 + 32 * (9 + 32) bytes) so they are back in the pool.
        const int warm = 2000, measured = 1000, chunkBytes = 7 + 9 + (32 * (9 + (8 * 4)));
        Assert.True(recorder.Append(id, stamps, values, wait: true));
        WaitFor(() => recorder.BytesWritten > 0 && recorder.Stats(id).Chunks == 1, "first chunk");
        Thread.Sleep(300);
        long baseline = recorder.BytesWritten;
        for (int i = 0; i < warm; i++) Assert.True(recorder.Append(id, stamps, values, wait: true));
        WaitFor(() => recorder.BytesWritten >= baseline + (warm * (long)chunkBytes), "warm-up chunks written");

        long before = GC.GetAllocatedBytesForCurrentThread();
        int accepted = 0;
        for (int i = 0; i < measured; i++) accepted += recorder.Append(id, stamps, values, wait: false) ? 1 : 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(measured, accepted);
        Assert.Equal(0, allocated);
        recorder.Close();
        Assert.Equal((1 + warm + measured) * 32, XdfFile.Read(path).Streams[0].SampleCount);
    }

    [Fact]
    public void Data_reaches_the_file_within_the_flush_interval_without_closing()
    {
        // What a SIGKILL leaves: the file as the operating system has it, no footers.
        string path = Path.Combine(_folder, "open.xdf");
        using var recorder = new XdfRecorder(path, new XdfRecorderOptions { FlushInterval = TimeSpan.FromMilliseconds(100) });
        uint id = recorder.AddStream(Eeg(2));
        for (int k = 0; k < 10; k++) Assert.True(recorder.Append(id, [k / 250.0], new float[] { k, k }, wait: true));

        XdfFile? file = null;
        WaitFor(() => (file = XdfFile.Parse(ReadShared(path), path)).Streams.Count == 1 && file.Streams[0].SampleCount == 10, "10 samples in the file on disk");
        Assert.False(file!.Streams[0].HasFooter);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9], file.Streams[0].NumericValues);
    }

    [Fact]
    public void A_full_queue_drops_and_counts_without_blocking_and_waiting_appends_are_lossless()
    {
        // A FIFO nobody reads stalls the recorder thread in write(), so the queue fills for sure.
        string fifo = MakeFifo("stall.xdf");
        var received = new MemoryStream();
        using var gate = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            using var fs = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            gate.Wait();
            fs.CopyTo(received);
        });
        reader.Start();
        var recorder = new XdfRecorder(fifo, new XdfRecorderOptions { QueueChunks = 4 });
        uint id = recorder.AddStream(Eeg(1, XdfChannelFormat.Double64));
        var values = new double[2048];
        var stamps = new double[2048];
        int accepted = 0;
        bool dropped = false;
        for (int k = 0; k < 10_000 && !dropped; k++)
        {
            Array.Fill(stamps, k);
            Array.Fill(values, k);
            if (recorder.Append(id, stamps, values, wait: false)) accepted++;
            else dropped = true;
        }

        Assert.True(dropped, "a stalled recorder never filled a 4-chunk queue");
        XdfRecordedStreamStats stats = recorder.Stats(id);
        Assert.Equal((accepted * 2048L, accepted, 1L, 2048L), (stats.Samples, stats.Chunks, stats.DroppedChunks, stats.DroppedSamples));

        // A waiting producer blocks until the reader drains, then gets in: nothing lost.
        var waiter = new Thread(() =>
        {
            for (int k = 0; k < 20; k++) Assert.True(recorder.Append(id, stamps, values, wait: true));
        });
        waiter.Start();
        Thread.Sleep(100);
        gate.Set();
        waiter.Join();
        recorder.Close();
        reader.Join();

        Assert.Null(recorder.Failure);
        XdfStream s = XdfFile.Parse(received.ToArray(), fifo).Streams.Single();
        Assert.Equal((accepted + 20) * 2048, s.SampleCount);
        Assert.Equal(recorder.Stats(id).Samples, s.SampleCount);
    }

    [Fact]
    public void A_write_error_stops_the_recording_keeps_the_error_with_the_path_and_appends_return_false()
    {
        // The reader of a FIFO going away makes write() fail (EPIPE), as a full or removed disk would.
        string fifo = MakeFifo("broken.xdf");
        var reader = new Thread(() =>
        {
            using var fs = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            fs.ReadExactly(new byte[4]);
        });
        reader.Start();
        var recorder = new XdfRecorder(fifo, new XdfRecorderOptions { FlushInterval = TimeSpan.FromMilliseconds(10) });
        reader.Join();
        uint id = recorder.AddStream(Eeg(1));
        var stamps = new double[4096];
        var values = new float[4096];
        var watch = Stopwatch.StartNew();
        while (recorder.Append(id, stamps, values, wait: true) && watch.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(1);

        Assert.NotNull(recorder.Failure);
        Assert.IsAssignableFrom<IOException>(recorder.Failure);
        Assert.Contains(fifo, recorder.Failure!.Message, StringComparison.Ordinal);
        Assert.False(recorder.Append(id, stamps, values, wait: false));
        recorder.Close();
        Assert.NotNull(recorder.Failure);
    }

    [Fact]
    public void Misuse_is_refused_with_the_stream_named()
    {
        using var recorder = new XdfRecorder(Path.Combine(_folder, "misuse.xdf"));
        uint id = recorder.AddStream(Eeg(2));
        Assert.Contains("no stream 7", Assert.Throws<ArgumentException>(() => recorder.Append(7, [1.0], new float[2], false)).Message, StringComparison.Ordinal);
        Assert.Contains("3 values for 1 time stamps of 2 channels", Assert.Throws<ArgumentException>(() => recorder.Append(id, [1.0], new float[3], false)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => recorder.AppendStrings(id, [1.0], ["a", "b"], false));
        Assert.Throws<ArgumentException>(() => recorder.AddStream(Markers with { DescXml = "<a>" }));
    }

    private string MakeFifo(string name)
    {
        string path = Path.Combine(_folder, name);
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    private static byte[] ReadShared(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return bytes;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"timed out waiting for: {what}");
            Thread.Sleep(20);
        }
    }
}
