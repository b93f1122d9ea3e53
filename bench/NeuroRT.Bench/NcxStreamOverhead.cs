using System.Diagnostics;
using System.Globalization;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Bench;

/// <summary>
/// <c>ncx-stream</c>: the NeuroCoreX driver's cost per timestep in streaming mode over the in-process board
/// (<see cref="BoardLink"/>), and the link's byte efficiency. Each <see cref="NcxDriver.Step"/> is timed alone; it
/// includes the model computing that timestep (the link is synchronous), so the same timesteps are also timed on the
/// bare model (3-byte event written, output read, no driver) and the driver's own share is the difference of the
/// medians. The byte counts come from the link's counters over the run and are compared with the real board's line:
/// 1 Mbaud 8N1 = 100 000 bytes/s each way, one timestep per 960 µs.
/// </summary>
public static class NcxStreamOverhead
{
    /// <summary>Runs the measurement; prints <c>ncx-stream driver overhead p50: N ns</c> for scripts.</summary>
    public static int Run(string[] args)
    {
        int timesteps = 50_000, warmup = 5_000, lookahead = 2;
        double rate = 0.5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--timesteps": timesteps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--lookahead": lookahead = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--input-rate": rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]} (use --timesteps N --warmup N --lookahead N --input-rate R)"); return 2;
            }
        }

        NcxImage image = NcxBenchNetwork.Dense(seed: 1);
        int[] inputs = NcxBenchNetwork.InputPattern(warmup + timesteps, rate, seed: 2);

        // Driver over BoardLink.
        var link = new BoardLink();
        var driver = new NcxDriver(link);
        driver.Load(image, verify: false);
        long loadWritten = link.BytesWritten, loadRead = link.BytesRead;
        driver.BeginStreaming(lookahead);
        long spikes = 0;
        for (int i = 0; i < warmup; i++)
        {
            driver.Step(inputs[i], out _);
        }

        var stepTicks = new long[timesteps];
        int gcs = GC.CollectionCount(0);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < timesteps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            driver.Step(inputs[warmup + i], out NcxSpikeFrame frame);
            stepTicks[i] = Stopwatch.GetTimestamp() - start;
            spikes += frame.Count;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gcs = GC.CollectionCount(0) - gcs;
        driver.EndStreaming(new NcxSpikeFrame[lookahead]);
        long wireOut = link.BytesWritten - loadWritten, wireIn = link.BytesRead - loadRead;

        // The bare model on the same timesteps.
        var board = new NcxBoard();
        var load = new byte[NcxEncoder.MatrixCommandBytes];
        foreach (NcxConfigStep step in image.Steps())
        {
            board.Write(load.AsSpan(0, image.WriteCommand(step, load)));
        }

        var sink = new byte[64];
        board.Read(sink);
        board.Write([(byte)NcxCommand.SpikeEvents]);
        var ev = new byte[3];
        var modelTicks = new long[timesteps];
        for (int i = 0; i < warmup + timesteps; i++)
        {
            int a = inputs[i];
            ev[1] = (byte)(a < 0 ? 0 : a);
            long start = Stopwatch.GetTimestamp();
            board.Write(ev);
            board.Read(sink);
            if (i >= warmup) modelTicks[i - warmup] = Stopwatch.GetTimestamp() - start;
        }

        double stepP50 = Ns(Percentile(stepTicks, 0.50)), stepP99 = Ns(Percentile(stepTicks, 0.99));
        double modelP50 = Ns(Percentile(modelTicks, 0.50)), modelP99 = Ns(Percentile(modelTicks, 0.99));
        int steps = warmup + timesteps;
        long realInputs = inputs.Count(a => a >= 0);
        Console.WriteLine($"NeuroCoreX streaming over BoardLink: 90 neurons, dense FF input at rate {rate:0.00}, lookahead {lookahead}, {timesteps} timed steps after {warmup}");
        Console.WriteLine($"Step (driver + model):   p50 {stepP50:0} ns   p99 {stepP99:0} ns   max {Ns(stepTicks.Max()):0} ns");
        Console.WriteLine($"bare model timestep:     p50 {modelP50:0} ns   p99 {modelP99:0} ns");
        Console.WriteLine($"ncx-stream driver overhead p50: {stepP50 - modelP50:0} ns (p99 difference {stepP99 - modelP99:0} ns)");
        Console.WriteLine($"allocated over the timed steps: {allocated} B, gen-0 GCs: {gcs}; spikes per timestep {(double)spikes / timesteps:0.0}");

        // Useful payload: host→board, the events that carry a real input (3 bytes each; fillers, 0x30, the closing event
        // and the terminator are protocol); board→host, the 90 spike bits of each meaningful timestep (the marker and the
        // truncated last frame are protocol).
        double usefulOut = 3.0 * realInputs, usefulIn = steps * 90 / 8.0;
        double perStepOut = (double)wireOut / steps, perStepIn = (double)wireIn / steps;
        const double line = 100_000, stepsPerSecond = 1e6 / 960;
        Console.WriteLine($"host->board: {wireOut} B on the wire ({perStepOut:0.000} B/timestep), useful {usefulOut:0} B = {usefulOut / wireOut:P1}; at the board's pace {perStepOut * stepsPerSecond:0} B/s = {perStepOut * stepsPerSecond / line:P2} of the line, useful {usefulOut / steps * stepsPerSecond / line:P2}");
        Console.WriteLine($"board->host: {wireIn} B on the wire ({perStepIn:0.000} B/timestep), useful {usefulIn:0} B = {usefulIn / wireIn:P2}; at the board's pace {perStepIn * stepsPerSecond:0} B/s = {perStepIn * stepsPerSecond / line:P2} of the line");
        return 0;
    }

    private static double Ns(long ticks) => ticks * 1e9 / Stopwatch.Frequency;

    private static long Percentile(long[] values, double q)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
