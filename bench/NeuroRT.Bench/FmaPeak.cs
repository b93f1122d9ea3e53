using System.Diagnostics;
using System.Numerics;

namespace NeuroRT.Bench;

/// <summary>
/// Measures how many vector fused multiply-adds (<see cref="Vector{T}"/> of double) one thread of this machine
/// retires per second: twelve independent chains, enough to cover the FMA latency on both units. On a virtual
/// machine the clock that /proc/cpuinfo states is not the one the guest gets, so the peak is measured, in the same
/// run as the code it is compared with.
/// </summary>
public static class FmaPeak
{
    /// <summary>Vector FMAs per second, best of <paramref name="rounds"/> rounds of about 0.2 s.</summary>
    public static double VectorFmasPerSecond(int rounds = 5)
    {
        double best = 0;
        for (int r = 0; r < rounds; r++) best = Math.Max(best, Round(40_000_000));
        return best;
    }

    private static double Round(long iterations)
    {
        var a = new Vector<double>(1.0000001);
        var b = new Vector<double>(-1e-9);
        Vector<double> x0 = new(1), x1 = new(2), x2 = new(3), x3 = new(4), x4 = new(5), x5 = new(6);
        Vector<double> x6 = new(7), x7 = new(8), x8 = new(9), x9 = new(10), x10 = new(11), x11 = new(12);
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector.FusedMultiplyAdd(x0, a, b); x1 = Vector.FusedMultiplyAdd(x1, a, b);
            x2 = Vector.FusedMultiplyAdd(x2, a, b); x3 = Vector.FusedMultiplyAdd(x3, a, b);
            x4 = Vector.FusedMultiplyAdd(x4, a, b); x5 = Vector.FusedMultiplyAdd(x5, a, b);
            x6 = Vector.FusedMultiplyAdd(x6, a, b); x7 = Vector.FusedMultiplyAdd(x7, a, b);
            x8 = Vector.FusedMultiplyAdd(x8, a, b); x9 = Vector.FusedMultiplyAdd(x9, a, b);
            x10 = Vector.FusedMultiplyAdd(x10, a, b); x11 = Vector.FusedMultiplyAdd(x11, a, b);
        }

        double seconds = watch.Elapsed.TotalSeconds;
        // Keeps the chains alive so the loop is not removed.
        if ((x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11)[0] == 0) Console.Write("");
        return iterations * 12 / seconds;
    }
}
