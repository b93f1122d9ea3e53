using System.Globalization;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>What the child printed at its end (<see cref="NodeMain"/>), parsed.</summary>
public sealed class NodeReport
{
    /// <summary>Histogram lines: name, count, p50, p90, p99, p99.9, max, mean (ns).</summary>
    public List<(string Name, long[] Figures)> Histograms { get; } = [];

    /// <summary>Samples the pipeline lost (gaps in the index), -1 when not reported.</summary>
    public long Lost { get; private set; } = -1;

    /// <summary>Frames the outputs dropped.</summary>
    public long OutputDropped { get; private set; }

    /// <summary>Bytes the pipeline thread allocated after warm-up (-1: still warming up or not reported).</summary>
    public long Allocated { get; private set; } = -1;

    /// <summary>GCs (gen 0, 1, 2) after warm-up.</summary>
    public int[] Collections { get; } = new int[3];

    /// <summary>The runner's summary line as printed (runtime settings included), or the relay's.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>Managed heap after warm-up, at the end, resident set after warm-up, at the end (bytes; -1 unknown).</summary>
    public long[] Memory { get; } = [-1, -1, -1, -1];

    /// <summary>A failure the node reported, if any.</summary>
    public string? Failure { get; private set; }

    /// <summary>Parses the child's stdout.</summary>
    public static NodeReport Parse(string text)
    {
        var report = new NodeReport();
        var inv = CultureInfo.InvariantCulture;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] w = line.Split(' ');
            if (line.StartsWith("hist|", StringComparison.Ordinal))
            {
                string[] p = line.Split('|');
                report.Histograms.Add((p[1], p[2..].Select(x => (long)double.Parse(x, inv)).ToArray()));
            }
            else if (w[0] == "dropped") report.OutputDropped += long.Parse(w[1], inv);
            else if (w[0] == "samples")
            {
                report.Summary = line;
                report.Lost = long.Parse(w[3], inv) ;
                report.Allocated = long.Parse(w[7], inv);
                for (int g = 0; g < 3; g++) report.Collections[g] = int.Parse(w[9 + g], inv);
            }
            else if (w[0] == "relayed")
            {
                report.Summary = line;
                report.Lost = 0;
                report.OutputDropped = long.Parse(w[3], inv);
            }
            else if (w[0] == "memory")
            {
                for (int m = 0; m < 4; m++) report.Memory[m] = long.Parse(w[1 + m], inv);
            }
            else if (w[0] == "failure") report.Failure = line[8..];
        }

        return report;
    }
}
