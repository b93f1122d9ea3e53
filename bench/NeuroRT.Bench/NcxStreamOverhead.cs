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

        // The driver over BoardLink, and a second board with the same network fed the same events bare (3-byte write,
        // read the output, no driver). Both compute identical timesteps; each iteration times one of each, in
        // alternating order, so that both see the same machine state and the paired difference is the driver's share.
        var link = new BoardLink();
        var driver = new NcxDriver(link);
        driver.Load(image, verify: false);
        long loadWritten = link.BytesWritten, loadRead = link.BytesRead;
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

        driver.BeginStreaming(lookahead);
        long spikes = 0;
        var stepTicks = new long[timesteps];
        var modelTicks = new long[timesteps];
        var pairTicks = new long[timesteps];
        int gcs = GC.CollectionCount(0);
        long allocated = 0;
        for (int i = 0; i < warmup + timesteps; i++)
        {
            int a = inputs[i];
            ev[1] = (byte)(a < 0 ? driver.SilentAddress : a);
            if (i == warmup)
            {
                gcs = GC.CollectionCount(0);
                allocated = GC.GetAllocatedBytesForCurrentThread();
            }

            long s, d, m;
            NcxSpikeFrame frame;
            if ((i & 1) == 0)
            {
                s = Stopwatch.GetTimestamp();
                driver.Step(a, out frame);
                d = Stopwatch.GetTimestamp() - s;
                s = Stopwatch.GetTimestamp();
                board.Write(ev);
                board.Read(sink);
                m = Stopwatch.GetTimestamp() - s;
            }
            else
            {
                s = Stopwatch.GetTimestamp();
                board.Write(ev);
                board.Read(sink);
                m = Stopwatch.GetTimestamp() - s;
                s = Stopwatch.GetTimestamp();
                driver.Step(a, out frame);
                d = Stopwatch.GetTimestamp() - s;
            }

            if (i >= warmup)
            {
                stepTicks[i - warmup] = d;
                modelTicks[i - warmup] = m;
                pairTicks[i - warmup] = d - m;
                spikes += frame.Count;
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gcs = GC.CollectionCount(0) - gcs;
        driver.EndStreaming(new NcxSpikeFrame[lookahead]);
        long wireOut = link.BytesWritten - loadWritten, wireIn = link.BytesRead - loadRead;

        // The driver alone: the same session replayed against the board's recorded answers (no model in the loop).
        var recorder = new ReplayLink(new BoardLink(), warmup + timesteps + 16);
        long[] alone = DriverAlone(recorder, image, inputs, lookahead, warmup, timesteps);
        var replay = recorder.Replay();
        alone = DriverAlone(replay, image, inputs, lookahead, warmup, timesteps);
        long aloneAllocated = replay.Allocated;

        double stepP50 = Ns(Percentile(stepTicks, 0.50)), stepP99 = Ns(Percentile(stepTicks, 0.99));
        double modelP50 = Ns(Percentile(modelTicks, 0.50)), modelP99 = Ns(Percentile(modelTicks, 0.99));
        int steps = warmup + timesteps;
        long realInputs = inputs.Count(a => a >= 0);
        Console.WriteLine($"NeuroCoreX streaming over BoardLink: 90 neurons, dense FF input at rate {rate:0.00}, lookahead {lookahead}, {timesteps} timed steps after {warmup}");
        Console.WriteLine($"Step (driver + model):   p50 {stepP50:0} ns   p99 {stepP99:0} ns   max {Ns(stepTicks.Max()):0} ns");
        Console.WriteLine($"bare model timestep:     p50 {modelP50:0} ns   p99 {modelP99:0} ns");
        Console.WriteLine($"paired difference:       p50 {Ns(Percentile(pairTicks, 0.50)):0} ns   p99 {Ns(Percentile(pairTicks, 0.99)):0} ns");
        Console.WriteLine($"driver alone (replayed): p50 {Ns(Percentile(alone, 0.50)):0} ns   p99 {Ns(Percentile(alone, 0.99)):0} ns   ({aloneAllocated} B allocated)");
        Console.WriteLine($"ncx-stream driver overhead p50: {Ns(Percentile(alone, 0.50)):0} ns");
        Console.WriteLine($"allocated over the timed steps (both loops): {allocated} B, gen-0 GCs: {gcs}; spikes per timestep {(double)spikes / timesteps:0.0}");

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

    private static long[] DriverAlone(ReplayLink link, NcxImage image, int[] inputs, int lookahead, int warmup, int timesteps)
    {
        var driver = new NcxDriver(link);
        driver.Load(image, verify: false);
        driver.BeginStreaming(lookahead);
        var ticks = new long[timesteps];
        for (int i = 0; i < warmup; i++)
        {
            driver.Step(inputs[i], out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < timesteps; i++)
        {
            long s = Stopwatch.GetTimestamp();
            driver.Step(inputs[warmup + i], out _);
            ticks[i] = Stopwatch.GetTimestamp() - s;
        }

        link.Allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        driver.EndStreaming(new NcxSpikeFrame[lookahead]);
        return ticks;
    }

    /// <summary>
    /// Records what a board answers after each write (with a board), or replays those answers write by write (without
    /// one), so that the same driver session can be timed with no model in the loop.
    /// </summary>
    private sealed class ReplayLink : Snn.Link.INcxLink
    {
        private readonly BoardLink? _board;
        private byte[] _bytes;
        private readonly long[] _availableAfter;
        private long _recorded;
        private int _writes;
        private long _readAt;

        public ReplayLink(BoardLink board, int maxWrites)
        {
            _board = board;
            _bytes = new byte[1 << 20];
            _availableAfter = new long[maxWrites];
        }

        private ReplayLink(byte[] bytes, long[] availableAfter)
        {
            _bytes = bytes;
            _availableAfter = availableAfter;
        }

        public long Allocated { get; set; }

        public string Description => "replayed virtual board";

        public ReplayLink Replay() => new(_bytes, _availableAfter);

        public void Write(ReadOnlySpan<byte> data)
        {
            if (_board is not null)
            {
                _board.Write(data);
                int n;
                while ((n = _board.Read(_bytes.AsSpan((int)_recorded), TimeSpan.Zero)) > 0)
                {
                    _recorded += n;
                    if (_recorded == _bytes.Length)
                    {
                        Array.Resize(ref _bytes, 2 * _bytes.Length);
                    }
                }

                _availableAfter[_writes] = _recorded;
            }

            _writes++;
        }

        public void Drain()
        {
        }

        public int Read(Span<byte> buffer, TimeSpan timeout)
        {
            long available = (_writes == 0 ? 0 : _availableAfter[_writes - 1]) - _readAt;
            int n = (int)Math.Min(buffer.Length, available);
            _bytes.AsSpan((int)_readAt, n).CopyTo(buffer);
            _readAt += n;
            return n;
        }

        public void DiscardInput() => _readAt = _writes == 0 ? 0 : _availableAfter[_writes - 1];

        public void Dispose()
        {
        }
    }

    private static double Ns(long ticks) => ticks * 1e9 / Stopwatch.Frequency;

    private static long Percentile(long[] values, double q)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
