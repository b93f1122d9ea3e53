using System.Globalization;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Wire;

/// <summary>
/// The two test-pattern samples every feed starts with (offset 4, then 2; timestamp 123456.789).
/// Both sides build them and compare exactly; a mismatch means the formats are incompatible.
/// </summary>
public static class TestPattern
{
    /// <summary>The timestamp of both patterns.</summary>
    public const double Timestamp = 123456.789;

    /// <summary>Offsets of the first and second pattern.</summary>
    public static ReadOnlySpan<int> Offsets => [4, 2];

    /// <summary>Value of channel <paramref name="k"/> of the numeric pattern with offset <paramref name="o"/> (exact in a double for every format).</summary>
    public static double NumericValue(ChannelFormat format, int k, int o)
    {
        long sign = (k & 1) == 0 ? 1 : -1;
        return format switch
        {
            ChannelFormat.Float32 => sign * (k + o),
            ChannelFormat.Double64 => sign * (k + o + 16777217.0),
            ChannelFormat.Int32 => sign * (((long)k + o + 65537) % 2147483647),
            ChannelFormat.Int16 => sign * ((k + o + 257) % 32767),
            ChannelFormat.Int8 => sign * ((k + o + 1) % 127),
            ChannelFormat.Int64 => sign * ((long)k + o + 2147483649L),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a numeric format"),
        };
    }

    /// <summary>Channel <paramref name="k"/> of the string pattern (independent of the offset): <c>10</c>, <c>-11</c>, <c>12</c>, ...</summary>
    public static string StringValue(int k) => (((k & 1) == 0 ? 1 : -1) * (k + 10)).ToString(CultureInfo.InvariantCulture);
}
