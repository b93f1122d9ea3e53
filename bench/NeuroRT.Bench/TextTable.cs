using System.Text;

namespace NeuroRT.Bench;

/// <summary>A plain text table in Markdown pipe syntax, columns padded (numbers right-aligned), for the measured runs.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (as many cells as headers).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>The table as text.</summary>
    public override string ToString()
    {
        var widths = new int[headers.Length];
        var numeric = new bool[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Math.Max(3, headers[c].Length);
            numeric[c] = _rows.Count > 0;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
                if (!IsNumber(row[c])) numeric[c] = false;
            }
        }

        var text = new StringBuilder();
        Line(text, headers, widths, numeric);
        text.Append('|');
        for (int c = 0; c < headers.Length; c++) text.Append(numeric[c] ? new string('-', widths[c] + 1) + ":|" : new string('-', widths[c] + 2) + "|");
        text.AppendLine();
        foreach (var row in _rows) Line(text, row, widths, numeric);
        return text.ToString();
    }

    // A number, optionally with an SI prefix or a percent sign: 12, -3.5, 1.20 M, 40 %.
    private static bool IsNumber(string cell)
    {
        string text = cell.TrimEnd('%', 'k', 'M', 'G', ' ');
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths, bool[] numeric)
    {
        text.Append('|');
        for (int c = 0; c < cells.Length; c++)
            text.Append(' ').Append(numeric[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c])).Append(" |");
        text.AppendLine();
    }
}
