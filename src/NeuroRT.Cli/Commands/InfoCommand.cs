using System.CommandLine;
using System.Globalization;
using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Xdf;

namespace NeuroRT.Cli.Commands;

/// <summary>
/// <c>neurort info FILE</c>: what a recording holds, as a table: streams (XDF) or signal groups of one rate (EDF/BDF,
/// BrainVision) with channels, rate, samples, duration, markers and (XDF) clock offsets. Warnings of the reader
/// (a truncated file, a clock reset) are printed after it.
/// </summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "a recording: .xdf/.xdfz, .edf/.bdf (EDF, EDF+, BDF, BDF+), or a BrainVision .vhdr" };
        var command = new Command("info", "show the streams, channels, rates, durations, markers and clock offsets of a recording") { file };
        command.SetAction(r => Run(r.GetValue(file)!.FullName, Console.Out, Console.Error));
        return command;
    }

    private sealed record Row(string Stream, string Type, string Channels, string Rate, string Samples, string Duration, string Markers, string Clock);

    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"error: {path}: no such file");
            return ExitCodes.InvalidInput;
        }

        var rows = new List<Row>();
        var warnings = new List<string>();
        string summary;
        try
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            summary = extension switch
            {
                ".xdf" => Xdf(path, rows, warnings),
                ".edf" or ".bdf" or ".rec" => Edf(path, rows, warnings),
                ".vhdr" => BrainVision(path, rows),
                _ => throw new NotSupportedException($"'{extension}' is not a recording format neurort reads (.xdf, .edf, .bdf, .vhdr)"),
            };
        }
        catch (Exception e) when (e is XdfFormatException or EdfFormatException or BrainVisionFormatException or NotSupportedException or IOException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        stdout.WriteLine(summary);
        Print(rows, stdout);
        foreach (string w in warnings)
        {
            stdout.WriteLine($"warning: {w}");
        }

        return ExitCodes.Ok;
    }

    private static string Xdf(string path, List<Row> rows, List<string> warnings)
    {
        XdfFile file = XdfFile.Read(path);
        foreach (XdfStream s in file.Streams)
        {
            double duration = s.SampleCount > 1 ? s.Timestamps[s.SampleCount - 1] - s.Timestamps[0] : 0;
            bool markers = s.Info.NominalRate == 0;
            string clock = s.ClockOffsets.Length == 0
                ? "none"
                : $"{s.ClockOffsets.Length} offsets, {Number(s.ClockOffsets[^1].Offset * 1000, "0.###")} ms last{(s.ClockResets > 0 ? $", {s.ClockResets} reset{(s.ClockResets == 1 ? "" : "s")}" : "")}";
            rows.Add(new Row(
                $"{s.Id}: {s.Info.Name}",
                $"{s.Info.Type} ({s.Info.Format.ToString().ToLowerInvariant()})",
                Channels(s.Info.ChannelCount, s.Info.ChannelLabels),
                markers ? "irregular" : $"{Number(s.Info.NominalRate, "0.###")} Hz",
                s.SampleCount.ToString(CultureInfo.InvariantCulture),
                Seconds(duration),
                markers ? $"{s.SampleCount} events" : "-",
                clock + (s.HasFooter ? "" : "; no footer")));
        }

        warnings.AddRange(file.Warnings);
        return $"{path}: XDF, {file.Streams.Count} stream{(file.Streams.Count == 1 ? "" : "s")}";
    }

    private static string Edf(string path, List<Row> rows, List<string> warnings)
    {
        using EdfFile file = EdfFile.Open(path);
        double duration = file.RecordCount * file.RecordDuration;
        var groups = new SortedDictionary<double, List<EdfSignal>>();
        foreach (EdfSignal s in file.Signals)
        {
            if (s.IsAnnotation) continue;
            if (!groups.TryGetValue(s.SampleRate, out var list)) groups[s.SampleRate] = list = [];
            list.Add(s);
        }

        foreach (var (rate, signals) in groups.Reverse())
        {
            rows.Add(new Row(
                $"signals at {Number(rate, "0.###")} Hz",
                signals[0].PhysicalDimension.Length > 0 ? signals[0].PhysicalDimension : "-",
                Channels(signals.Count, [.. signals.Select(s => s.Label)]),
                $"{Number(rate, "0.###")} Hz",
                ((long)signals[0].SamplesPerRecord * file.RecordCount).ToString(CultureInfo.InvariantCulture),
                Seconds(duration),
                $"{file.Annotations.Count} annotations",
                "-"));
        }

        warnings.AddRange(file.Warnings);
        return $"{path}: {file.Variant}, {file.RecordCount} records of {Number(file.RecordDuration, "0.###")} s, start {file.StartTime:yyyy-MM-dd HH:mm:ss}";
    }

    private static string BrainVision(string path, List<Row> rows)
    {
        using BrainVisionFile file = BrainVisionFile.Open(path);
        rows.Add(new Row(
            Path.GetFileName(path),
            $"{file.Header.BinaryFormat.ToString().ToLowerInvariant()}, {file.Header.Orientation.ToString().ToLowerInvariant()}",
            Channels(file.Channels.Count, [.. file.Channels.Select(c => c.Name)]),
            $"{Number(file.SamplingRate, "0.###")} Hz",
            file.SampleCount.ToString(CultureInfo.InvariantCulture),
            Seconds(file.SampleCount / file.SamplingRate),
            $"{file.Markers.Count} markers",
            "-"));
        return $"{path}: BrainVision";
    }

    private static void Print(List<Row> rows, TextWriter stdout)
    {
        string[] head = ["stream", "type", "channels", "rate", "samples", "duration", "markers", "clock"];
        var cells = new List<string[]> { head };
        foreach (Row r in rows) cells.Add([r.Stream, r.Type, r.Channels, r.Rate, r.Samples, r.Duration, r.Markers, r.Clock]);
        var widths = new int[head.Length];
        foreach (string[] row in cells)
        {
            for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        foreach (string[] row in cells)
        {
            stdout.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    // "19: Fp1, Fp2, F3 ... O2": the count and the first and last names.
    private static string Channels(int count, IReadOnlyList<string> labels)
    {
        if (labels.Count == 0) return count.ToString(CultureInfo.InvariantCulture);
        string names = labels.Count <= 4 ? string.Join(", ", labels) : $"{labels[0]}, {labels[1]}, {labels[2]} ... {labels[^1]}";
        return $"{count}: {names}";
    }

    private static string Seconds(double s) => s >= 120 ? $"{Number(s / 60, "0.0")} min" : $"{Number(s, "0.###")} s";

    private static string Number(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);
}
