using System.Globalization;
using NeuroRT.Scoring.Report;
using NeuroRT.Scoring.Scoring;
using Spectre.Console;

namespace NeuroRT.Cli.Commands.Score;

/// <summary>The printed report: what was scored, one line per scored seizure, the false alarms, and the totals.</summary>
internal static class ScoreTable
{
    public static void Print(ScoreReport report, IAnsiConsole console)
    {
        console.WriteLine($"reference:  {report.Reference.Path} ({report.Reference.Format}, {report.Reference.Events.Count} seizure annotation(s))");
        console.WriteLine($"hypothesis: {report.Hypothesis.Path} ({report.Hypothesis.Format}, {report.Hypothesis.Events.Count} alarm(s))");
        console.WriteLine($"duration:   {N(report.Duration, "0.###")} s = {N(report.Duration / 3600, "0.###")} h (from {report.DurationSource})");
        foreach (string w in report.Reference.Warnings) console.WriteLine($"warning: {w}");
        foreach (string w in report.Hypothesis.Warnings) console.WriteLine($"warning: {w}");

        EventScore e = report.Event;
        var seizures = new Table().Border(TableBorder.Rounded).Title("seizures (after merging < 90 s and splitting > 300 s)");
        seizures.AddColumn(new TableColumn("#").RightAligned());
        seizures.AddColumn(new TableColumn("onset (s)").RightAligned());
        seizures.AddColumn(new TableColumn("offset (s)").RightAligned());
        seizures.AddColumn(new TableColumn("duration (s)").RightAligned());
        seizures.AddColumn("detected");
        seizures.AddColumn(new TableColumn("delay (s)").RightAligned());
        seizures.AddColumn("from");
        for (int i = 0; i < e.Seizures.Count; i++)
        {
            ScoredSeizure s = e.Seizures[i];
            seizures.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture), N(s.Onset, "0.###"), N(s.Offset, "0.###"), N(s.Offset - s.Onset, "0.###"),
                s.Detected ? "yes" : "MISSED", s.Delay is { } d ? N(d, "+0.###;-0.###;0") : "-", Markup.Escape(s.Origin));
        }

        if (e.Seizures.Count == 0) seizures.AddRow("-", "-", "-", "-", "-", "-", "no seizure in the reference");
        console.Write(seizures);

        var alarms = new Table().Border(TableBorder.Rounded).Title("false alarms");
        alarms.AddColumn(new TableColumn("onset (s)").RightAligned());
        alarms.AddColumn(new TableColumn("offset (s)").RightAligned());
        alarms.AddColumn("from");
        foreach (ScoredAlarm a in e.Alarms)
        {
            if (a.FalseAlarm) alarms.AddRow(N(a.Onset, "0.###"), N(a.Offset, "0.###"), Markup.Escape(a.Origin));
        }

        if (e.FalsePositives > 0) console.Write(alarms);

        var totals = new Table().Border(TableBorder.Rounded).Title("totals");
        totals.AddColumn("scoring");
        totals.AddColumn(new TableColumn("reference").RightAligned());
        totals.AddColumn(new TableColumn("TP").RightAligned());
        totals.AddColumn(new TableColumn("FN").RightAligned());
        totals.AddColumn(new TableColumn("FP").RightAligned());
        totals.AddColumn(new TableColumn("sensitivity").RightAligned());
        totals.AddColumn(new TableColumn("precision").RightAligned());
        totals.AddColumn(new TableColumn("F1").RightAligned());
        totals.AddColumn(new TableColumn("FP/24h").RightAligned());
        totals.AddColumn(new TableColumn("median delay (s)").RightAligned());
        totals.AddRow("event", I(e.ReferenceEvents), I(e.TruePositives), I(e.FalseNegatives), I(e.FalsePositives),
            P(e.Rates.Sensitivity), P(e.Rates.Precision), P(e.Rates.F1), N(e.Rates.FalsePositivesPer24h, "0.00"),
            double.IsNaN(e.MedianDelay) ? "-" : N(e.MedianDelay, "+0.###;-0.###;0"));
        SampleScore s1 = report.Sample;
        totals.AddRow("sample (1 Hz)", I(s1.ReferenceSamples), I(s1.TruePositives), I(s1.ReferenceSamples - s1.TruePositives), I(s1.FalsePositives),
            P(s1.Rates.Sensitivity), P(s1.Rates.Precision), P(s1.Rates.F1), N(s1.Rates.FalsePositivesPer24h, "0.00"), "-");
        console.Write(totals);
        console.WriteLine("event: counts are events; sample: counts are 1 s labels and FP/24h is seconds of false alarm per 24 h. n/a: undefined (nothing to detect, or nothing detected).");
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string P(double v) => double.IsNaN(v) ? "n/a" : N(100 * v, "0.0") + "%";

    private static string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
