using System.Text;
using System.Text.Json;
using NeuroRT.Scoring.Scoring;

namespace NeuroRT.Scoring.Report;

/// <summary>
/// The report as JSON for scripts (format in docs/scoring.md). Undefined rates (NaN: no reference event, no detection)
/// are written as null; delays of undetected seizures are null.
/// </summary>
public static class ScoreReportJson
{
    /// <summary>The report as an indented UTF-8 JSON document.</summary>
    public static string Format(ScoreReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("reference", report.Reference.Path);
            w.WriteString("referenceFormat", report.Reference.Format);
            w.WriteString("hypothesis", report.Hypothesis.Path);
            w.WriteString("hypothesisFormat", report.Hypothesis.Format);
            w.WriteNumber("duration", report.Duration);
            w.WriteString("durationSource", report.DurationSource);

            EventScore e = report.Event;
            w.WriteStartObject("event");
            w.WriteNumber("scoredSeconds", e.Seconds);
            w.WriteNumber("referenceEvents", e.ReferenceEvents);
            w.WriteNumber("hypothesisEvents", e.HypothesisEvents);
            w.WriteNumber("truePositives", e.TruePositives);
            w.WriteNumber("falseNegatives", e.FalseNegatives);
            w.WriteNumber("falsePositives", e.FalsePositives);
            WriteRates(w, e.Rates, "falseAlarmsPer24h");
            Number(w, "medianDelay", e.MedianDelay);
            w.WriteStartArray("seizures");
            foreach (ScoredSeizure s in e.Seizures)
            {
                w.WriteStartObject();
                w.WriteNumber("onset", s.Onset);
                w.WriteNumber("offset", s.Offset);
                w.WriteBoolean("detected", s.Detected);
                if (s.Delay is { } d) w.WriteNumber("delay", d);
                else w.WriteNull("delay");
                w.WriteString("origin", s.Origin);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("alarms");
            foreach (ScoredAlarm a in e.Alarms)
            {
                w.WriteStartObject();
                w.WriteNumber("onset", a.Onset);
                w.WriteNumber("offset", a.Offset);
                w.WriteBoolean("falseAlarm", a.FalseAlarm);
                w.WriteString("origin", a.Origin);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();

            SampleScore s1 = report.Sample;
            w.WriteStartObject("sample");
            w.WriteNumber("rate", SampleScorer.DefaultRate);
            w.WriteNumber("samples", s1.Samples);
            w.WriteNumber("referenceSamples", s1.ReferenceSamples);
            w.WriteNumber("truePositives", s1.TruePositives);
            w.WriteNumber("falsePositives", s1.FalsePositives);
            WriteRates(w, s1.Rates, "falsePositivesPer24h");
            w.WriteEndObject();

            w.WriteStartArray("warnings");
            foreach (string warning in report.Reference.Warnings) w.WriteStringValue(warning);
            foreach (string warning in report.Hypothesis.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteRates(Utf8JsonWriter w, Rates r, string perDayName)
    {
        Number(w, "sensitivity", r.Sensitivity);
        Number(w, "precision", r.Precision);
        Number(w, "f1", r.F1);
        Number(w, perDayName, r.FalsePositivesPer24h);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
