using System.Globalization;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>The options of <c>e2e</c> and <c>e2e-scale</c>.</summary>
public sealed class E2eOptions
{
    /// <summary>Measured seconds per run.</summary>
    public double Seconds { get; private set; }

    /// <summary>Warm-up seconds per run (pushed, not measured).</summary>
    public double Warmup { get; private set; } = 5;

    /// <summary>Pipelines to run (a, b, c).</summary>
    public List<string> Pipelines { get; private set; } = ["a", "b", "c"];

    /// <summary>Scale cases as (channels, rate).</summary>
    public List<(int Channels, double Rate)> Cases { get; private set; } = [(64, 1000), (306, 5000), (1024, 30000)];

    /// <summary>Report folder.</summary>
    public string Out { get; private set; } = "e2e-report";

    /// <summary>Environment of the child (runtime knobs).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Nice value for the node's acquisition and pipeline threads (its pipeline's <c>runtime: priority</c>) and
    /// the relay's thread; 0 leaves them as they are.</summary>
    public int Priority { get; private set; }

    /// <summary>Extra options for <c>e2e-node</c>.</summary>
    public List<string> NodeOptions { get; } = [];

    /// <summary>Parses; null after one message on stderr.</summary>
    public static E2eOptions? Parse(string command, string[] args, double seconds)
    {
        var o = new E2eOptions { Seconds = seconds };
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            bool used = value is not null;
            switch (args[i])
            {
                case "--seconds" when double.TryParse(value, NumberStyles.Float, inv, out double s) && s > 0: o.Seconds = s; break;
                case "--warmup" when double.TryParse(value, NumberStyles.Float, inv, out double w) && w >= 1: o.Warmup = w; break;
                case "--pipelines" when value is not null: o.Pipelines = [.. value.Split(',')]; break;
                case "--out" when value is not null: o.Out = value; break;
                case "--env" when value is not null && value.Contains('='): o.Environment[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..]; break;
                case "--latency-mode" when value == "sustained": o.NodeOptions.AddRange(["--latency-mode", "sustained"]); break;
                case "--priority" when int.TryParse(value, NumberStyles.Integer, inv, out int nice) && nice is >= -20 and <= 19: o.Priority = nice; break;
                case "--cases" when value is not null && TryCases(value, out var cases): o.Cases = cases; break;
                default: used = false; break;
            }

            if (!used)
            {
                Console.Error.WriteLine($"{command}: unexpected argument '{args[i]}' (options: --seconds N, --warmup N (>= 1), --pipelines a,b,c, --cases 64x1000,306x5000, --out DIR, --env K=V, --latency-mode sustained, --priority NICE)");
                return null;
            }

            i++;
        }

        return o;
    }

    private static bool TryCases(string text, out List<(int, double)> cases)
    {
        cases = [];
        foreach (string c in text.Split(','))
        {
            string[] p = c.Split('x');
            if (p.Length != 2 || !int.TryParse(p[0], out int ch) || ch < 2 || !double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || rate < 1000) return false;
            cases.Add((ch, rate));
        }

        return true;
    }
}
