using System.Globalization;
using NeuroRT.Core.Configuration;

namespace NeuroRT.Host.Components;

/// <summary>
/// Reads numbers with the units people write in pipeline files: durations (<c>2s</c>, <c>250ms</c>,
/// <c>1.5 min</c>, <c>1h</c>, <c>500us</c>) into seconds, frequencies (<c>50Hz</c>, <c>1.5kHz</c>) into hertz.
/// A bare number is taken in the base unit (seconds, hertz).
/// </summary>
public static class Quantities
{
    private static readonly (string Unit, double Factor)[] TimeUnits =
        [("s", 1), ("sec", 1), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("min", 60), ("h", 3600)];

    private static readonly (string Unit, double Factor)[] FrequencyUnits =
        [("hz", 1), ("khz", 1e3), ("mhz", 1e6)];

    /// <summary>Units accepted for a quantity, for messages.</summary>
    public static string Example(Quantity quantity) => quantity switch
    {
        Quantity.Time => "a duration such as 2s, 250ms, 1.5min or 500us",
        Quantity.Frequency => "a frequency such as 50Hz or 1.5kHz",
        _ => "a number",
    };

    /// <summary>Parses <paramref name="text"/> as <paramref name="quantity"/>; on failure returns false and why.</summary>
    public static bool TryParse(string text, Quantity quantity, out double value, out string error)
    {
        value = 0;
        string s = text.Trim();
        int split = s.Length;
        while (split > 0 && (char.IsLetter(s[split - 1]) || s[split - 1] == 'µ')) split--;
        string number = s[..split].Trim();
        string unit = s[split..];
        // "1e3" ends in a digit, so the exponent stays in the number part.
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || double.IsNaN(x) || double.IsInfinity(x))
        {
            error = $"expected {Example(quantity)}, got '{text}'";
            return false;
        }
        if (unit.Length == 0)
        {
            value = x;
            error = "";
            return true;
        }
        if (quantity == Quantity.None)
        {
            error = $"expected a plain number, got '{text}' (this parameter takes no unit)";
            return false;
        }
        var own = quantity == Quantity.Time ? TimeUnits : FrequencyUnits;
        foreach (var (u, factor) in own)
        {
            if (string.Equals(u, unit, quantity == Quantity.Time ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                value = x * factor;
                error = "";
                return true;
            }
        }
        var other = quantity == Quantity.Time ? FrequencyUnits : TimeUnits;
        foreach (var (u, _) in other)
        {
            if (string.Equals(u, unit, StringComparison.OrdinalIgnoreCase))
            {
                string kind = quantity == Quantity.Time ? "a frequency" : "a duration";
                error = $"'{text}' is {kind}, but this parameter is {(quantity == Quantity.Time ? "a duration" : "a frequency")}: write {Example(quantity)}";
                return false;
            }
        }
        error = $"unknown unit '{unit}' in '{text}': write {Example(quantity)}";
        return false;
    }
}
