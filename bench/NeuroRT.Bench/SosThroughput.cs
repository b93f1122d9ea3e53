using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Bench;

/// <summary>
/// <c>sos-throughput</c>: the 8th-order Butterworth band-pass (8-30 Hz at 250 Hz, 8 sections) on 64 channels of float32,
/// one thread, in blocks of 64 samples as the pipeline runs it; prints channel-samples per second, the arithmetic rate,
/// and that rate as a fraction of this CPU's double-precision FMA peak. <c>tools/bench/sos-vs-scipy.sh</c> runs SciPy's
/// sosfilt on data of the same shape in the same run and prints the ratio.
/// </summary>
public static class SosThroughput
{
    /// <summary>Runs the measurement; prints one line <c>neurort channel-samples/s: N</c> for scripts.</summary>
    public static int Run(string[] args)
    {
        int channels = 64, samples = 100_000, block = 64;
        double seconds = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--channels": channels = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--block": block = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]} (use --channels N --seconds S --block N)"); return 2;
            }
        }

        var sections = FilterDesign.Design(FilterFamily.Butterworth, BandType.BandPass, 8, [8.0, 30.0], 250);
        var bank = new SosFilterBank(sections, channels);
        var random = new Random(1);
        var data = new float[samples * channels];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 100 - 50);
        var output = new float[data.Length];

        // Warm-up (tier-1 code), then whole passes over the data until the time is up.
        for (int at = 0; at < samples; at += block) bank.Process(data.AsSpan(at * channels, Math.Min(block, samples - at) * channels), output.AsSpan(at * channels));
        long processed = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (int at = 0; at < samples; at += block)
            {
                int n = Math.Min(block, samples - at);
                bank.Process(data.AsSpan(at * channels, n * channels), output.AsSpan(at * channels, n * channels));
            }

            processed += (long)samples * channels;
        }

        double elapsed = watch.Elapsed.TotalSeconds;
        double rate = processed / elapsed;
        // Per channel-sample and section: 4 fused multiply-adds and 1 multiplication = 9 flops.
        double flops = rate * sections.Count * 9;
        double ghz = CpuGhz();
        // Peak: 2 FMA units x Vector<double>.Count lanes x 2 flops per cycle (AVX2 + FMA), one core.
        double peak = Fma.IsSupported ? 2 * System.Numerics.Vector<double>.Count * 2 * ghz * 1e9 : double.NaN;
        Console.WriteLine($"8th-order Butterworth band-pass (8 sections), {channels} ch float32, blocks of {block}, one thread, {elapsed:0.0} s");
        Console.WriteLine($"neurort channel-samples/s: {rate:0}");
        Console.WriteLine($"arithmetic: {flops / 1e9:0.00} GFLOP/s double; CPU {ghz:0.00} GHz, FMA peak {peak / 1e9:0.0} GFLOP/s per core -> {flops / peak:P1} of peak");
        Console.WriteLine($"real-time factor for {channels} ch @ 1 kHz: {rate / (channels * 1000.0):0} x");
        GC.KeepAlive(output);
        return 0;
    }

    private static double CpuGhz()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("cpu MHz", StringComparison.Ordinal))
                    return double.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture) / 1000;
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }
}
