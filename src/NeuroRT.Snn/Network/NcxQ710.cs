namespace NeuroRT.Snn.Network;

/// <summary>
/// Board units for potentials (threshold, leak, bias): 18-bit two's complement with 10 fraction bits (spec §7.1), so
/// 1.0 = 1024 and the range is −128 … 127.999 (−131072 … 131071).
/// </summary>
public static class NcxQ710
{
    /// <summary>Smallest representable value (−128.0).</summary>
    public const int Min = -131072;

    /// <summary>Largest representable value (127.9990234375): a threshold that is never reached.</summary>
    public const int Max = 131071;

    /// <summary>Q7.10 units per 1.0.</summary>
    public const double Scale = 1024.0;

    /// <summary>The range as users write it, for error messages.</summary>
    public const string RangeText = "-128 .. 127.999 (Q7.10, 1.0 = 1024)";

    /// <summary>
    /// Rounds <paramref name="value"/>·1024 to the nearest integer (halves away from zero, so the result does not depend
    /// on the sign) and checks the range after rounding: 127.9995 is accepted as 131071, 128.0 is not.
    /// </summary>
    public static bool TryConvert(double value, out int q710)
    {
        double r = Math.Round(value * Scale, MidpointRounding.AwayFromZero);
        if (double.IsNaN(r) || r < Min || r > Max)
        {
            q710 = 0;
            return false;
        }

        q710 = (int)r;
        return true;
    }

    /// <summary>The value a Q7.10 integer represents.</summary>
    public static double ToDouble(int q710) => q710 / Scale;
}
