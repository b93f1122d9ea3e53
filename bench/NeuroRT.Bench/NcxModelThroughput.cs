using System.Diagnostics;
using System.Globalization;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Bench;

/// <summary>
/// <c>ncx-model</c>: timesteps per second of the bit-exact NeuroCoreX model (<see cref="NcxBoard"/>, as fast as
/// possible, one thread) on 90 neurons with dense FF input: every timestep consumes an event whose FF column is non-zero
/// in all 90 neuron rows. Each pass is one batch run of <c>--timesteps</c> events fed as bytes (command parsing, the
/// event FIFO, the slot-level core and the output packer all count) and its output read. Prints the median pass and
/// the factor over the real board's 1 041.67 timesteps/s.
/// </summary>
public static class NcxModelThroughput
{
    /// <summary>Runs the measurement; prints <c>ncx-model timesteps/s: N</c> for scripts.</summary>
    public static int Run(string[] args)
    {
        int timesteps = 20_000;
        double seconds = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--timesteps": timesteps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]} (use --timesteps N --seconds S)"); return 2;
            }
        }

        NcxImage image = NcxBenchNetwork.Dense(seed: 1);
        var board = new NcxBoard();
        var load = new byte[NcxEncoder.MatrixCommandBytes];
        foreach (NcxConfigStep step in image.Steps())
        {
            board.Write(load.AsSpan(0, image.WriteCommand(step, load)));
        }

        var events = new NcxEvent[timesteps + 1];
        for (int t = 0; t < timesteps; t++)
        {
            events[t] = new NcxEvent(0, (ushort)(1 + t % NcxBenchNetwork.Inputs));
        }

        events[timesteps] = new NcxEvent(0, 0);
        var command = new byte[NcxEncoder.EventCommandBytes(events.Length)];
        int commandBytes = NcxEncoder.WriteEvents(command, events);
        var output = new byte[NcxSpikeDecoder.DataBytes(timesteps + 1) + 16];
        board.Read(output); // the power-up byte

        long spikes = 0;
        RunOnce(board, command, commandBytes, output); // warm-up (tier-1 code)
        var passes = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || passes.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            int n = RunOnce(board, command, commandBytes, output);
            passes.Add(timesteps / Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (passes.Count == 1)
            {
                for (int i = 1; i < n; i++) spikes += System.Numerics.BitOperations.PopCount(output[i]);
            }
        }

        passes.Sort();
        double median = passes[passes.Count / 2];
        Console.WriteLine($"NeuroCoreX model, 90 neurons, dense FF input (8 inputs, each column non-zero in all 90 rows), {passes.Count} runs of {timesteps} timesteps, one thread");
        Console.WriteLine($"spikes per timestep: {(double)spikes / timesteps:0.0} of 90");
        Console.WriteLine($"ncx-model timesteps/s: {median:0}");
        Console.WriteLine($"per timestep: {1e6 / median:0.00} us; best run {passes[^1]:0}/s; {median / (1e6 / 960):0.0} x the real board (960 us per timestep)");
        return 0;
    }

    private static int RunOnce(NcxBoard board, byte[] command, int commandBytes, byte[] output)
    {
        board.Write(command.AsSpan(0, commandBytes));
        return board.Read(output);
    }
}
