using System.Diagnostics;
using System.Globalization;
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

        // Warm-up (tier-1 code), then timed whole passes over the data until the time is up.
        for (int at = 0; at < samples; at += block) bank.Process(data.AsSpan(at * channels, Math.Min(block, samples - at) * channels), output.AsSpan(at * channels));
        var passes = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || passes.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            for (int at = 0; at < samples; at += block)
            {
                int n = Math.Min(block, samples - at);
                bank.Process(data.AsSpan(at * channels, n * channels), output.AsSpan(at * channels, n * channels));
            }

            passes.Add((double)samples * channels / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        passes.Sort();
        double median = passes[passes.Count / 2], best = passes[^1];
        double fmas = FmaPeak.VectorFmasPerSecond() * System.Numerics.Vector<double>.Count;
        // The band-pass's sections all run as [1, 0, -1] numerators: 2 fused multiply-adds per channel-sample and
        // section (the pole terms) and one subtraction on the adder units.
        double used = median * sections.Count * 2;
        Console.WriteLine($"8th-order Butterworth band-pass (8 sections), {channels} ch float32, blocks of {block}, one thread, {passes.Count} passes of {samples} samples");
        Console.WriteLine($"neurort channel-samples/s: {median:0}");
        Console.WriteLine($"best pass: {best:0} channel-samples/s; real-time factor for {channels} ch @ 1 kHz: {median / (channels * 1000.0):0} x");
        Console.WriteLine($"FMA units: {used / 1e9:0.00} G double FMAs/s of a measured peak of {fmas / 1e9:0.00} G/s on this thread -> {used / fmas:P0} of peak ({CpuGhz():0.00} GHz stated by /proc/cpuinfo)");
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
