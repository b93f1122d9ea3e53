using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuroRT.Dsp.Filters;

/// <summary>
/// What a section's numerator looks like once its leading coefficient is taken out as gain. Butterworth and
/// Chebyshev I designs put every zero at z = -1 or z = +1, so their numerators are exactly [1, 2, 1], [1, -2, 1] or
/// [1, 0, -1]; those multiplications by 2, 1 and 0 become additions (or vanish), which leaves the fused
/// multiply-add units only the two feedback terms.
/// </summary>
internal enum SectionKind
{
    /// <summary>b0 = 0: kept as it is.</summary>
    General,

    /// <summary>[1, b1, b2], any b1, b2.</summary>
    Monic,

    /// <summary>[1, 2, 1]: both zeros at -1 (low-pass).</summary>
    ZerosAtMinusOne,

    /// <summary>[1, -2, 1]: both zeros at +1 (high-pass).</summary>
    ZerosAtPlusOne,

    /// <summary>[1, 0, -1]: one zero at +1, one at -1 (band-pass).</summary>
    ZerosAtBothEnds,
}

/// <summary>One section's coefficients, broadcast to every lane: b0, b1, b2, and the feedback -a1, -a2.</summary>
internal readonly struct SectionVectors(double b0, double b1, double b2, double a1, double a2)
{
    public readonly Vector<double> B0 = new(b0);
    public readonly Vector<double> B1 = new(b1);
    public readonly Vector<double> B2 = new(b2);
    public readonly Vector<double> A1 = new(a1);
    public readonly Vector<double> A2 = new(a2);
}

/// <summary>
/// One step of one section (direct form II transposed), for a vector of channels or one channel; each kind
/// computes the same thing by the same roundings in its vector and scalar forms, so a channel's result does not
/// depend on which path runs it. The feedback is fused last (<c>z1 = -a1 y + (b1 x + z2)</c>): y enters last, which
/// keeps the recursion's dependency chain at two operations.
/// </summary>
internal interface ISectionKernel
{
    static abstract Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k);

    static abstract double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2);
}

internal readonly struct GeneralKernel : ISectionKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k)
    {
        var y = Vector.FusedMultiplyAdd(k.B0, x, z1);
        z1 = Vector.FusedMultiplyAdd(k.A1, y, Vector.FusedMultiplyAdd(k.B1, x, z2));
        z2 = Vector.FusedMultiplyAdd(k.A2, y, k.B2 * x);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2)
    {
        double y = Math.FusedMultiplyAdd(b0, x, z1);
        z1 = Math.FusedMultiplyAdd(a1, y, Math.FusedMultiplyAdd(b1, x, z2));
        z2 = Math.FusedMultiplyAdd(a2, y, b2 * x);
        return y;
    }
}

internal readonly struct MonicKernel : ISectionKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k)
    {
        var y = x + z1;
        z1 = Vector.FusedMultiplyAdd(k.A1, y, Vector.FusedMultiplyAdd(k.B1, x, z2));
        z2 = Vector.FusedMultiplyAdd(k.A2, y, k.B2 * x);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2)
    {
        double y = x + z1;
        z1 = Math.FusedMultiplyAdd(a1, y, Math.FusedMultiplyAdd(b1, x, z2));
        z2 = Math.FusedMultiplyAdd(a2, y, b2 * x);
        return y;
    }
}

// z2 + (x + x) rounds once, exactly as the fused 2 x + z2 would: x + x is exact.
internal readonly struct ZerosAtMinusOneKernel : ISectionKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k)
    {
        var y = x + z1;
        z1 = Vector.FusedMultiplyAdd(k.A1, y, z2 + (x + x));
        z2 = Vector.FusedMultiplyAdd(k.A2, y, x);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2)
    {
        double y = x + z1;
        z1 = Math.FusedMultiplyAdd(a1, y, z2 + (x + x));
        z2 = Math.FusedMultiplyAdd(a2, y, x);
        return y;
    }
}

internal readonly struct ZerosAtPlusOneKernel : ISectionKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k)
    {
        var y = x + z1;
        z1 = Vector.FusedMultiplyAdd(k.A1, y, z2 - (x + x));
        z2 = Vector.FusedMultiplyAdd(k.A2, y, x);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2)
    {
        double y = x + z1;
        z1 = Math.FusedMultiplyAdd(a1, y, z2 - (x + x));
        z2 = Math.FusedMultiplyAdd(a2, y, x);
        return y;
    }
}

// [1, 0, -1]: y = x + z1, z1 = -a1 y + z2, z2 = -x - a2 y. The states are kept negated (v = -z1, u = -z2), which
// gives y = x - v, v = a1 y + u, u = a2 y + x: three operations, with no negation and no separate multiplication.
// For this kind the coefficients hold a1 and a2 themselves, not negated.
internal readonly struct ZerosAtBothEndsKernel : ISectionKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Step(Vector<double> x, ref Vector<double> z1, ref Vector<double> z2, in SectionVectors k)
    {
        var y = x - z1;
        z1 = Vector.FusedMultiplyAdd(k.A1, y, z2);
        z2 = Vector.FusedMultiplyAdd(k.A2, y, x);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x, ref double z1, ref double z2, double b0, double b1, double b2, double a1, double a2)
    {
        double y = x - z1;
        z1 = Math.FusedMultiplyAdd(a1, y, z2);
        z2 = Math.FusedMultiplyAdd(a2, y, x);
        return y;
    }
}
