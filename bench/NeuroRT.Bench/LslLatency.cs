using System.Diagnostics;
using System.Globalization;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Metrics;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Time;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Bench;

/// <summary>
/// Receive latency over loopback, as a measured run (two threads and a paced stream do not fit a
/// microbenchmark): a 64-channel float32 stream at 1 kHz, pushed by a paced thread in chunks of 1 sample
/// every 1 ms and of 10 samples every 10 ms (and, as a control, 1 sample every 10 ms), received by a thread pulling in a tight loop as the <c>lsl</c>
/// pipeline source does (<c>inlet.Pull(chunk, 100)</c>, clock sync on) and writing each chunk into a
/// <see cref="SampleRing"/>. Channel 0 carries the sample index, which finds the push time exactly.
/// Per pushed chunk: push call (just before <c>PushSample</c>/<c>PushChunk</c>) to the <c>Pull</c> that
/// returned its last sample, and to the end of that chunk's <c>ring.Write</c>; one clock
/// (<see cref="Stopwatch.GetTimestamp"/>). The first 3 s are a warm-up and are not recorded.
/// </summary>
public static class LslLatency
{
    private const int Channels = 64;
    private const double Rate = 1000;
    // Long enough for .NET's tiered compilation to settle: with 1 s, a stall of ~10 ms about 2 s into the
    // run (tier-1/PGO recompilation of the hot path) landed in the measured part.
    private const double WarmupSeconds = 3;

    // Push size and interval. The third, 1 sample every 10 ms, is a control: it shows how much of the
    // second case's figure is the cost of waking idle threads (and CPUs) every 10 ms rather than the 10 samples.
    private static readonly (string Name, int Samples, int IntervalMs)[] Cases =
    [
        ("1 sample / 1 ms (PushSample)", 1, 1),
        ("10 samples / 10 ms (PushChunk)", 10, 10),
        ("1 sample / 10 ms (control)", 1, 10),
    ];

    /// <summary>Runs the cases and prints the table; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (RunArguments.Seconds("lsl-latency", args, 10) is not double seconds) return 2;
        Console.WriteLine($"LSL receive latency over loopback: {Channels} ch float32 stream (nominal {Rate:0} Hz), {seconds:0.#} s per case after {WarmupSeconds:0} s of warm-up, " +
                          $"{Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        var table = new TextTable("case", "interval", "count", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us", "mean us");
        var notes = new List<string>();
        bool ok = true;
        foreach (var (name, samples, intervalMs) in Cases)
        {
            var result = Measure(samples, intervalMs, seconds);
            foreach (var h in new[] { result.PushCall, result.Pulled, result.InRing }) Row(table, name, h.Name, h.Summarize());
            notes.Add($"{name}: pushed {result.Pushed} samples at {result.AchievedRate:0.0} Hz, received {result.Received}, " +
                      $"outlet drops {result.OutletDropped}, out of order {result.OutOfOrder}, ring drops {result.RingDropped}, gen0 GCs {result.Gen0Collections}, " +
                      $"CPU: this process {result.OwnCores:0.00} cores, other processes {(result.OtherCores < 0 ? "unknown" : result.OtherCores.ToString("0.00", CultureInfo.InvariantCulture))} cores");
            ok &= result.OutletDropped == 0 && result.OutOfOrder == 0 && result.Received == result.Pushed;
        }

        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        Console.WriteLine("push call: PushSample/PushChunk alone; push -> Pull returned: until the Pull that returned the chunk's last sample; push -> in ring: until its ring.Write finished. One figure per pushed chunk.");
        foreach (string note in notes) Console.WriteLine(note);
        if (!ok) Console.WriteLine("FAILED: samples were lost or reordered; the figures above do not count.");
        return ok ? 0 : 1;
    }

    private static void Row(TextTable table, string name, string interval, HistogramSummary s)
    {
        static string Us(double ns) => (ns / 1000).ToString("0.0", CultureInfo.InvariantCulture);
        table.Add(name, interval, s.Count.ToString(CultureInfo.InvariantCulture), Us(s.P50), Us(s.P90), Us(s.P99), Us(s.P999), Us(s.Max), Us(s.Mean));
    }

    // A ring whose memory has been written and read once, as in a pipeline past its first lap (a fresh ring's
    // pages fault in on first write, some microseconds each on a VM), and that is empty again.
    private static SampleRing WarmRing(int samples)
    {
        var ring = new SampleRing(Channels, samples);
        var values = new float[1024 * Channels];
        var stamps = new double[1024];
        using var block = new SampleBlock(Channels, 1, 1024);
        for (int written = 0; written < ring.Capacity; written += 1024)
        {
            ring.Write(values, stamps, 0);
            ring.Read(block, 1024);
        }

        return ring;
    }

    private sealed record Result(LatencyHistogram PushCall, LatencyHistogram Pulled, LatencyHistogram InRing,
        long Pushed, long Received, double AchievedRate, long OutletDropped, long OutOfOrder, long RingDropped, int Gen0Collections, double OwnCores, double OtherCores);

    private static Result Measure(int chunkSamples, int intervalMs, double seconds)
    {
        using var loop = LslLoopback.Open($"bench-latency-{chunkSamples}-{intervalMs}", Channels, ChannelFormat.Float32, Rate, clockSync: true);
        int warmupChunks = (int)Math.Round(WarmupSeconds * 1000 / intervalMs);
        int chunks = warmupChunks + (int)Math.Round(seconds * 1000 / intervalMs);
        int total = chunks * chunkSamples;
        int firstRecorded = warmupChunks * chunkSamples;
        var pushTicks = new long[total];
        var pushCall = new LatencyHistogram("push call");
        var pulled = new LatencyHistogram("push -> Pull returned");
        var inRing = new LatencyHistogram("push -> in ring");
        // Room for every sample: nothing is overwritten (the ring's consumer, the pipeline, is not part of this run).
        var ring = WarmRing(total);
        long received = 0, outOfOrder = 0;
        Exception? failure = null;

        var receiver = new Thread(() =>
        {
            try
            {
                var chunk = new SampleChunk(ChannelFormat.Float32, Channels, 1024);
                long expected = 0;
                long deadline = Stopwatch.GetTimestamp() + (long)((seconds + WarmupSeconds + 10) * Stopwatch.Frequency);
                while (Volatile.Read(ref received) < total && Stopwatch.GetTimestamp() < deadline)
                {
                    int n = loop.Inlet.Pull(chunk, 100);
                    if (n == 0) continue;
                    long returned = Stopwatch.GetTimestamp();
                    ring.Write(chunk.Floats.AsSpan(0, n * Channels), chunk.Timestamps.AsSpan(0, n), returned);
                    long written = Stopwatch.GetTimestamp();
                    for (int s = 0; s < n; s++)
                    {
                        int index = (int)chunk.Floats[s * Channels];
                        if (index != expected) outOfOrder++;
                        expected = index + 1;
                        // One figure per pushed chunk: the time its last sample arrived.
                        if (index >= firstRecorded && index < total && index % chunkSamples == chunkSamples - 1)
                        {
                            pulled.Record(LocalClock.ToNanoseconds(returned - pushTicks[index]));
                            inRing.Record(LocalClock.ToNanoseconds(written - pushTicks[index]));
                        }
                    }

                    Volatile.Write(ref received, received + n);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { Name = "lsl-bench receiver", IsBackground = true };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        int gen0 = 0;
        receiver.Start();
        var values = new float[chunkSamples * Channels];
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Sin(i * 0.1f) * 50;
        long period = intervalMs * Stopwatch.Frequency / 1000;
        long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        long firstPush = 0, lastPush = 0;
        var cpu = CpuLoad.Now();
        for (int k = 0; k < chunks; k++)
        {
            Pacer.SleepUntil(start + k * period);
            int first = k * chunkSamples;
            for (int s = 0; s < chunkSamples; s++) values[s * Channels] = first + s;
            long t0 = Stopwatch.GetTimestamp();
            for (int s = 0; s < chunkSamples; s++) pushTicks[first + s] = t0;
            if (chunkSamples == 1) loop.Outlet.PushSample<float>(values);
            else loop.Outlet.PushChunk<float>(values);
            long t1 = Stopwatch.GetTimestamp();
            if (k >= warmupChunks) pushCall.Record(LocalClock.ToNanoseconds(t1 - t0));
            if (k == 0) firstPush = t0;
            if (k == warmupChunks)
            {
                cpu = CpuLoad.Now();
                gen0 = GC.CollectionCount(0);
            }
            lastPush = t0;
        }

        var (own, others) = CpuLoad.Now().Since(cpu);

        receiver.Join();
        gen0 = GC.CollectionCount(0) - gen0;
        if (failure is not null) throw new InvalidOperationException($"the receiver failed: {failure.Message}", failure);
        double achieved = (chunks - 1) * chunkSamples / ((lastPush - firstPush) / (double)Stopwatch.Frequency);
        return new Result(pushCall, pulled, inRing, total, Volatile.Read(ref received), achieved, loop.Outlet.SamplesDropped, outOfOrder, ring.SamplesDropped, gen0, own, others);
    }
}
