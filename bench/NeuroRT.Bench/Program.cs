using BenchmarkDotNet.Running;

namespace NeuroRT.Bench;

/// <summary>
/// Micro-benchmarks of the foundation. Run all: <c>dotnet run -c Release --project bench/NeuroRT.Bench -- --filter '*'</c>;
/// a quick look: add <c>--job short</c>. Measured runs that are not microbenchmarks: <c>-- lsl-latency</c> and
/// <c>-- lsl-throughput</c> (each takes <c>--seconds N</c>), and <c>-- sos-throughput</c> (the filter bank; compare with SciPy
/// through <c>tools/bench/sos-vs-scipy.sh</c>), <c>-- onnx-overhead</c> (the onnx decoder stage vs a bare ORT Run), and <c>-- ncx-model</c> / <c>-- ncx-stream</c>
/// (the NeuroCoreX model's timesteps/s; the driver's streaming cost per timestep and the link's byte efficiency).
/// </summary>
public static class Program
{
    /// <summary>Runs a measured run when named first, else hands the command line to BenchmarkDotNet's switcher.</summary>
    public static int Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : "")
        {
            case "lsl-latency":
                return LslLatency.Run(args[1..]);
            case "lsl-throughput":
                return LslThroughput.Run(args[1..]);
            case "sos-throughput":
                return SosThroughput.Run(args[1..]);
            case "onnx-overhead":
                return OnnxOverhead.Run(args[1..]);
            case "ncx-model":
                return NcxModelThroughput.Run(args[1..]);
            case "ncx-stream":
                return NcxStreamOverhead.Run(args[1..]);
            case "e2e":
                return EndToEnd.EndToEndRun.Run(args[1..]);
            case "e2e-scale":
                return EndToEnd.ScaleRun.Run(args[1..]);
            case "e2e-soak":
                return EndToEnd.SoakRun.Run(args[1..]);
            case "e2e-node":
                return EndToEnd.NodeMain.Run(args[1..]);
            case "e2e-relay":
                return EndToEnd.RelayMain.Run(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
