using System.Globalization;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// A bar chart of latency histograms as a self-contained SVG (no plotting library): one translucent
/// series per distribution on a log count axis, so the tail stays visible beside the mode, with the
/// percentiles written in the legend.
/// </summary>
public static class SvgPlot
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

    /// <summary>One distribution to draw: its bins (edges in us, one more edge than counts) and its summary.</summary>
    public sealed record Series(string Label, double[] EdgesUs, long[] Counts, LatencySamples.Summary Summary);

    /// <summary>Renders <paramref name="series"/> (same bin width each) under <paramref name="title"/>.</summary>
    public static string Histogram(string title, IReadOnlyList<Series> series)
    {
        const int width = 900, height = 480, left = 70, right = 20, top = 40, bottom = 60;
        double xMax = 0, yMax = 1;
        foreach (var s in series)
        {
            // The last bin holds the tail above the drawn range: draw up to the start of the overflow bin.
            xMax = Math.Max(xMax, s.EdgesUs[^2]);
            foreach (long c in s.Counts) yMax = Math.Max(yMax, c);
        }

        double logMax = Math.Log10(yMax) + 0.1;
        double X(double us) => left + us / xMax * (width - left - right);
        double Y(double count) => count <= 0 ? height - bottom : height - bottom - Math.Log10(count + 1) / logMax * (height - top - bottom);
        var svg = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(inv, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        for (int t = 0; t <= 10; t++)
        {
            double us = xMax * t / 10;
            svg.Append(inv, $"<text x=\"{X(us):0.#}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{us:0}</text>\n");
        }

        svg.Append(inv, $"<text x=\"{width / 2}\" y=\"{height - 18}\" text-anchor=\"middle\">latency (us); the last bin of each series is everything above</text>\n");
        for (int p = 0; p <= (int)Math.Floor(logMax); p++)
        {
            double count = Math.Pow(10, p);
            svg.Append(inv, $"<text x=\"{left - 6}\" y=\"{Y(count - 1) + 4:0.#}\" text-anchor=\"end\">{count:0}</text>\n");
        }

        svg.Append(inv, $"<text x=\"16\" y=\"{height / 2}\" transform=\"rotate(-90 16 {height / 2})\" text-anchor=\"middle\">count (log)</text>\n");
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            string color = Colors[i % Colors.Length];
            int bins = s.Counts.Length - 1;
            for (int b = 0; b <= bins; b++)
            {
                if (s.Counts[b] == 0) continue;
                double x0 = b < bins ? X(s.EdgesUs[b]) : X(xMax) - 4;
                double x1 = b < bins ? X(s.EdgesUs[b + 1]) : X(xMax);
                double y = Y(s.Counts[b]);
                svg.Append(inv, $"<rect x=\"{x0:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(1, x1 - x0):0.##}\" height=\"{height - bottom - y:0.##}\" fill=\"{color}\" fill-opacity=\"0.45\"/>\n");
            }

            var m = s.Summary;
            string legend = $"{s.Label}: n={m.Count} p50 {m.P50 / 1000.0:0} p99 {m.P99 / 1000.0:0} p99.9 {m.P999 / 1000.0:0} max {m.Max / 1000.0:0} us";
            svg.Append(inv, $"<rect x=\"{width - right - 470}\" y=\"{top + 4 + i * 18}\" width=\"12\" height=\"12\" fill=\"{color}\" fill-opacity=\"0.6\"/>\n");
            svg.Append(inv, $"<text x=\"{width - right - 452}\" y=\"{top + 14 + i * 18}\">{Escape(legend)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
