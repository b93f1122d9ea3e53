using BenchmarkDotNet.Running;

namespace NeuroRT.Bench;

/// <summary>
/// Micro-benchmarks of the foundation. Run all: <c>dotnet run -c Release --project bench/NeuroRT.Bench -- --filter '*'</c>;
/// a quick look: add <c>--job short</c>.
/// </summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet's switcher.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
