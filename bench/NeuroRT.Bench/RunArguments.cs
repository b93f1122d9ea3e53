using System.Globalization;

namespace NeuroRT.Bench;

/// <summary>The few options of the measured runs (<c>lsl-latency</c>, <c>lsl-throughput</c>): <c>--seconds N</c> only.</summary>
public static class RunArguments
{
    /// <summary>Reads <c>--seconds N</c> (default <paramref name="fallback"/>); null, with a message on stderr, when the arguments are wrong.</summary>
    public static double? Seconds(string command, string[] args, double fallback)
    {
        double seconds = fallback;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length
                && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0 && seconds <= 600)
            {
                i++;
                continue;
            }

            Console.Error.WriteLine($"{command}: unexpected argument '{args[i]}' (usage: {command} [--seconds N], N in (0, 600], default {fallback})");
            return null;
        }

        return seconds;
    }
}
