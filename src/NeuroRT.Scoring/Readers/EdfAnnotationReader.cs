using NeuroRT.Formats.Edf;
using NeuroRT.Scoring.Events;

namespace NeuroRT.Scoring.Readers;

/// <summary>
/// Seizures from the annotations of an EDF+ / BDF+ file: every annotation whose text contains one of the seizure texts
/// (case-insensitively; default "seiz", which matches "seizure", "Seizure onset", "SEIZ") is one event from its onset
/// for its duration (an annotation without duration is an instant). The recording's duration is read from its records.
/// </summary>
public static class EdfAnnotationReader
{
    /// <summary>The default seizure text.</summary>
    public const string DefaultSeizureText = "seiz";

    /// <summary>Reads the seizure annotations of <paramref name="path"/>.</summary>
    /// <param name="path">An EDF+ or BDF+ file.</param>
    /// <param name="seizureTexts">Texts that mark a seizure annotation (substring, case-insensitive); null or empty: "seiz".</param>
    public static EventFile Read(string path, IReadOnlyList<string>? seizureTexts = null)
    {
        IReadOnlyList<string> texts = seizureTexts is { Count: > 0 } ? seizureTexts : [DefaultSeizureText];
        try
        {
            using EdfFile file = EdfFile.Open(path);
            var events = new List<SeizureEvent>();
            for (int i = 0; i < file.Annotations.Count; i++)
            {
                EdfAnnotation a = file.Annotations[i];
                if (!Matches(a.Text, texts)) continue;
                events.Add(new SeizureEvent(a.Onset, a.Onset + a.Duration, $"{path}: annotation {i + 1} \"{a.Text}\" at {a.Onset} s"));
            }

            double? duration = file.RecordCount > 0 ? file.RecordOnset(file.RecordCount - 1) + file.RecordDuration : null;
            return new EventFile(path, "EDF+ annotations", events, duration, file.Warnings);
        }
        catch (EdfFormatException e)
        {
            throw new ScoringInputException(e.Message);
        }
    }

    private static bool Matches(string text, IReadOnlyList<string> seizureTexts)
    {
        foreach (string s in seizureTexts)
        {
            if (text.Contains(s, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
