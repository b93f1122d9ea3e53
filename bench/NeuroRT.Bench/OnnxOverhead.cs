using System.Diagnostics;
using System.Globalization;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Onnx.Session;
using NeuroRT.Onnx.Stage;

namespace NeuroRT.Bench;

/// <summary>
/// <c>onnx-overhead</c>: what the <c>onnx</c> decoder stage adds to ONNX Runtime. Times the stage's Process on one
/// window (channel reorder + scale into the pinned input, Run, copy out, softmax when the model gives logits) and a
/// bare <c>Run</c> of the same session on the same pinned tensors (the stage's own), interleaved in one run with the
/// order alternating, so that both see the same machine state. Prints p50/p99/p99.9 of each and the overhead at p50.
/// Default model: the 64 ch x 480 sample conv fixture of tools/reference/onnx_test_models.py; <c>--model PATH</c> takes
/// any model with NeuroRT metadata (e.g. one from models/).
/// </summary>
public static class OnnxOverhead
{
    /// <summary>Runs the measurement; the last line is <c>onnx overhead at p50: N %</c>.</summary>
    public static int Run(string[] args)
    {
        string model = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bench_conv_64x480.onnx");
        int iterations = 10_000, warmup = 500, threads = 1;
        bool reversed = false;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--model": model = args[i + 1]; break;
                case "--iterations": iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--order": reversed = args[i + 1] == "reversed"; break;
                default: Console.Error.WriteLine($"unknown option {args[i]} (use --model PATH --iterations N --warmup N --threads N --order same|reversed)"); return 2;
            }
        }

        // The stream holds the model's channels in the model's order (--order same, the default: a model trained on the
        // recording's channel order) or reversed (--order reversed: every channel moves, the copy's slow path).
        var contract = ReadContract(model);
        var names = reversed ? contract.ChannelNames.Reverse().ToArray() : contract.ChannelNames.ToArray();
        var format = new StreamFormat("bench", names.Select(n => new ChannelInfo(n, "EEG", "uV")).ToArray(), contract.SamplingRate)
            with { FrameLength = contract.WindowSamples, NominalRate = contract.SamplingRate / 16 };
        using var stage = new OnnxDecoder { Model = model, Threads = threads };
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = new SampleBlock(format, 1) { Count = 1 };
        var random = new Random(1);
        Span<float> window = input.Frame(0);
        for (int i = 0; i < window.Length; i++) window[i] = (float)(random.NextDouble() * 100 - 50);
        input.SetFrameTime(0, 1.0, 480, 0);
        using var output = new SampleBlock(configured.Format, 1);
        PreparedRun bare = stage.Run!;

        var stageTicks = new long[iterations];
        var bareTicks = new long[iterations];
        for (int i = 0; i < warmup; i++) { Stage(stage, input, output); bare.Run(); }
        int gcs = GC.CollectionCount(0);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            // Alternate which goes first: a cache or frequency effect of the previous call falls on both alike.
            if ((i & 1) == 0)
            {
                stageTicks[i] = Stage(stage, input, output);
                bareTicks[i] = Bare(bare);
            }
            else
            {
                bareTicks[i] = Bare(bare);
                stageTicks[i] = Stage(stage, input, output);
            }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gcs = GC.CollectionCount(0) - gcs;

        // The copy alone, hot in cache, for scale.
        int[] map = new int[names.Length];
        for (int c = 0; c < map.Length; c++) map[c] = reversed ? names.Length - 1 - c : c;
        var fillTicks = new long[2000];
        for (int i = 0; i < fillTicks.Length; i++)
        {
            long fillStart = Stopwatch.GetTimestamp();
            OnnxDecoder.Fill(input.Frame(0), bare.Input, map, names.Length, contract.WindowSamples, contract.InputScale);
            fillTicks[i] = Stopwatch.GetTimestamp() - fillStart;
        }
        Array.Sort(fillTicks);

        var diff = new long[iterations];
        for (int i = 0; i < iterations; i++) diff[i] = stageTicks[i] - bareTicks[i];
        Array.Sort(stageTicks);
        Array.Sort(bareTicks);
        Array.Sort(diff);
        Console.WriteLine($"model {Path.GetFileName(model)}: input [{string.Join(", ", bare.InputShape)}], output [{string.Join(", ", bare.OutputShape)}], {threads} intra-op thread(s), stream channels in {(reversed ? "reversed" : "the model's")} order, {iterations} interleaved pairs after {warmup} warm-up");
        Console.WriteLine($"{stage.Describe()}");
        Console.WriteLine($"{"",-22} {"p50",10} {"p99",10} {"p99.9",10} {"max",10}");
        Print("onnx stage Process", stageTicks);
        Print("bare ORT Run", bareTicks);
        Print("paired difference", diff);
        double p50Stage = Percentile(stageTicks, 0.5), p50Bare = Percentile(bareTicks, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the reorder+scale copy alone, hot in cache: p50 {Us(Percentile(fillTicks, 0.5))} per window"));
        Console.WriteLine($"stage thread allocated {allocated} B, gen0 GCs {gcs} during the timed part");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"onnx overhead at p50: {(p50Stage - p50Bare) / p50Bare * 100:0.00} % (target <= 5 %); median paired difference {Us(Percentile(diff, 0.5))}"));
        return 0;
    }

    private static ModelContract ReadContract(string model)
    {
        using var session = OnnxSession.Open(NeuroRT.Onnx.Native.OrtLibrary.Load(), model);
        return ModelContract.Read(session.Metadata, Path.GetFileName(model), session.Outputs[0].Rank == 2 ? (int)session.Outputs[0].Dimensions[1] : 0);
    }

    private static long Stage(OnnxDecoder stage, SampleBlock input, SampleBlock output)
    {
        long start = Stopwatch.GetTimestamp();
        output.Count = 0;
        stage.Process(input, output);
        return Stopwatch.GetTimestamp() - start;
    }

    private static long Bare(PreparedRun run)
    {
        long start = Stopwatch.GetTimestamp();
        run.Run();
        return Stopwatch.GetTimestamp() - start;
    }

    private static double Percentile(long[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string Us(double ticks) => string.Create(CultureInfo.InvariantCulture, $"{ticks * 1e6 / Stopwatch.Frequency:0.0} us");

    private static void Print(string what, long[] sorted) =>
        Console.WriteLine($"{what,-22} {Us(Percentile(sorted, 0.5)),10} {Us(Percentile(sorted, 0.99)),10} {Us(Percentile(sorted, 0.999)),10} {Us(sorted[^1]),10}");
}
