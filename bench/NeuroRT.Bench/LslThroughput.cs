using System.Diagnostics;
using System.Globalization;
using NeuroRT.Core.Rings;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Bench;

/// <summary>
/// Sustained throughput over loopback, as a measured run: float32 streams of 64, 306 and 1024 channels
/// pushed as fast as possible in chunks of 32 samples, received by a thread pulling in a tight loop and
/// writing into a <see cref="SampleRing"/>, as the <c>lsl</c> pipeline source does. The pusher keeps at
/// most a window of samples in flight (pushed, not yet received: about 16 MB), so the outlet's queue
/// never overflows and the figure is what the path sustains without drops; the outlet's drop counter
/// must stay 0 and every sample must arrive in order (channel 0 carries the index) for it to count.
/// Rates are taken on the receiving side over the measured seconds, after 2 s of warm-up.
/// </summary>
public static class LslThroughput
{
    private const int ChunkSamples = 32;
    private const double WarmupSeconds = 2; // past the settling of tiered compilation
    private const long WindowBytes = 16 << 20;

    /// <summary>Runs the three widths and prints the table; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (RunArguments.Seconds("lsl-throughput", args, 3) is not double seconds) return 2;
        Console.WriteLine($"LSL throughput over loopback: float32, chunks of {ChunkSamples} samples pushed as fast as possible (window ~{WindowBytes >> 20} MB in flight), " +
                          $"{seconds:0.#} s measured per case after {WarmupSeconds} s of warm-up, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        var table = new TextTable("channels", "samples/s", "values/s", "MB/s", "outlet drops", "lost", "out of order", "pusher waiting", "CPU (cores)", "others (cores)");
        bool ok = true;
        foreach (int channels in new[] { 64, 306, 1024 })
        {
            var r = Measure(channels, seconds);
            table.Add(channels.ToString(CultureInfo.InvariantCulture), Si(r.SamplesPerSecond), Si(r.SamplesPerSecond * channels),
                (r.SamplesPerSecond * channels * 4 / 1e6).ToString("0", CultureInfo.InvariantCulture),
                r.OutletDropped.ToString(CultureInfo.InvariantCulture), r.Lost.ToString(CultureInfo.InvariantCulture), r.OutOfOrder.ToString(CultureInfo.InvariantCulture),
                (r.PusherWaiting * 100).ToString("0", CultureInfo.InvariantCulture) + " %", r.Cores.ToString("0.00", CultureInfo.InvariantCulture),
                r.OtherCores < 0 ? "?" : r.OtherCores.ToString("0.00", CultureInfo.InvariantCulture));
            ok &= r.OutletDropped == 0 && r.Lost == 0 && r.OutOfOrder == 0;
        }

        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        Console.WriteLine("MB/s: value bytes (channels x 4 B x samples/s, 1 MB = 10^6 B); the wire adds 1 byte per sample and 8 per chunk.");
        Console.WriteLine("CPU: cores used by this process (pusher, outlet sender, receiver, kernel work on their behalf); others: by every other process meanwhile.");
        Console.WriteLine("pusher waiting: share of the measured time the pusher slept because the window was full (high = the receive path is the limit).");
        if (!ok) Console.WriteLine("FAILED: samples were dropped, lost or reordered; the figures above do not count.");
        return ok ? 0 : 1;
    }

    private static string Si(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1e6 => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    private sealed record Result(double SamplesPerSecond, long OutletDropped, long Lost, long OutOfOrder, double PusherWaiting, double Cores, double OtherCores);

    private static Result Measure(int channels, double seconds)
    {
        // The nominal rate only sizes the outlet's per-consumer queue (360 s of samples, at most 256 MB); the pusher ignores it.
        using var loop = LslLoopback.Open($"bench-throughput-{channels}", channels, ChannelFormat.Float32, 1000, clockSync: true);
        int record = SampleEncoder.NumericSize(ChannelFormat.Float32, channels);
        long window = Math.Clamp(WindowBytes / record, 4 * ChunkSamples, 65536);
        var ring = new SampleRing(channels, 8192);
        long received = 0, outOfOrder = 0, pushed = 0, waitingTicks = 0;
        bool stop = false;
        Exception? failure = null;

        var receiver = new Thread(() =>
        {
            try
            {
                var chunk = new SampleChunk(ChannelFormat.Float32, channels, 1024);
                int expected = 0;
                long idleSince = Stopwatch.GetTimestamp();
                while (true)
                {
                    int n = loop.Inlet.Pull(chunk, 100);
                    if (n == 0)
                    {
                        // Done once the pusher stopped and everything arrived, or nothing came for 2 s.
                        if (Volatile.Read(ref stop) && (Volatile.Read(ref received) == Volatile.Read(ref pushed) || Stopwatch.GetTimestamp() - idleSince > 2 * Stopwatch.Frequency)) return;
                        continue;
                    }

                    idleSince = Stopwatch.GetTimestamp();
                    ring.Write(chunk.Floats.AsSpan(0, n * channels), chunk.Timestamps.AsSpan(0, n), idleSince);
                    for (int s = 0; s < n; s++)
                    {
                        int index = (int)chunk.Floats[s * channels];
                        if (index != expected) outOfOrder++;
                        expected = (index + 1) & 0xFFFFFF; // float32 holds integers exactly up to 2^24
                    }

                    Volatile.Write(ref received, received + n);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { Name = "lsl-bench receiver", IsBackground = true };

        var pusher = new Thread(() =>
        {
            var values = new float[ChunkSamples * channels];
            for (int i = 0; i < values.Length; i++) values[i] = MathF.Sin(i * 0.1f) * 50;
            long next = 0;
            while (!Volatile.Read(ref stop))
            {
                if (next - Volatile.Read(ref received) > window)
                {
                    long t = Stopwatch.GetTimestamp();
                    Thread.Sleep(1);
                    Volatile.Write(ref waitingTicks, waitingTicks + Stopwatch.GetTimestamp() - t);
                    continue;
                }

                for (int s = 0; s < ChunkSamples; s++) values[s * channels] = (next + s) & 0xFFFFFF;
                loop.Outlet.PushChunk<float>(values);
                next += ChunkSamples;
                Volatile.Write(ref pushed, next);
            }
        }) { Name = "lsl-bench pusher", IsBackground = true };

        receiver.Start();
        pusher.Start();
        Thread.Sleep(TimeSpan.FromSeconds(WarmupSeconds));
        var cpu = CpuLoad.Now();
        long c0 = Volatile.Read(ref received), w0 = Volatile.Read(ref waitingTicks), t0 = Stopwatch.GetTimestamp();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        long c1 = Volatile.Read(ref received), w1 = Volatile.Read(ref waitingTicks), t1 = Stopwatch.GetTimestamp();
        var (own, others) = CpuLoad.Now().Since(cpu);
        Volatile.Write(ref stop, true);
        pusher.Join();
        receiver.Join();
        if (failure is not null) throw new InvalidOperationException($"the receiver failed: {failure.Message}", failure);
        double elapsed = (t1 - t0) / (double)Stopwatch.Frequency;
        return new Result((c1 - c0) / elapsed, loop.Outlet.SamplesDropped, Volatile.Read(ref pushed) - Volatile.Read(ref received), outOfOrder,
            (w1 - w0) / (double)Stopwatch.Frequency / elapsed, own, others);
    }
}
