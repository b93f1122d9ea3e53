using System.Buffers.Binary;
using System.Diagnostics;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// liblsl's Endian-Performance figure: how many 8-byte swaps this host does in 10 ms. The side with the
/// higher figure converts byte order. Measured once per process.
/// </summary>
public static class EndianPerformance
{
    private static readonly Lazy<double> Measured = new(Measure);

    /// <summary>Swaps per 10 ms, floored.</summary>
    public static double Value => Measured.Value;

    private static double Measure()
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        ulong x = 0x0102030405060708;
        long limit = Stopwatch.Frequency / 100;
        while (watch.ElapsedTicks < limit)
        {
            for (int i = 0; i < 1000; i++) x = BinaryPrimitives.ReverseEndianness(x + (ulong)i);
            count += 1000;
        }

        GC.KeepAlive(x);
        return Math.Floor(count * (limit / (double)Math.Max(1, watch.ElapsedTicks)));
    }
}
