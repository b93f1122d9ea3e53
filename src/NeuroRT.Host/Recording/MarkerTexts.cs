using System.Globalization;
using NeuroRT.Core.Sources;
using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Sources;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Host.Recording;

/// <summary>
/// The text each marker code on a source's marker channels stands for, so a recording holds the markers as people
/// wrote them (an EDF+ annotation's text, a BrainVision Type/Description, an XDF or LSL marker string). A code the source
/// cannot name is written as its number.
/// </summary>
internal static class MarkerTexts
{
    public static Dictionary<float, string> Of(ISampleSource source)
    {
        var texts = new Dictionary<float, string>();
        switch (source)
        {
            case EdfSource { MarkerChannel: { } edf }:
                foreach (var code in edf.Codes) texts.TryAdd(code.Code, code.Text);
                break;
            case BrainVisionSource { MarkerChannel: { } vision }:
                foreach (var placed in vision.Markers) texts.TryAdd(placed.Code, $"{placed.Marker.Type}/{placed.Marker.Description}");
                break;
            case Formats.Sources.Xdf.XdfSource xdf:
                foreach (var channel in xdf.MarkerChannels)
                    foreach (var placed in channel.Markers) texts.TryAdd(placed.Code, placed.Text);
                break;
            case LslSource lsl:
                // marker-names gives the codes 1, 2, ... in order (numeric texts keep their value, as MarkerCodes says).
                for (int i = 0; i < lsl.MarkerNames.Length; i++)
                    if (!float.TryParse(lsl.MarkerNames[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) texts.TryAdd(i + 1, lsl.MarkerNames[i]);
                break;
        }

        return texts;
    }

    /// <summary>The text of <paramref name="code"/>: its name when known, else the number.</summary>
    public static string Text(Dictionary<float, string> texts, float code) =>
        texts.TryGetValue(code, out string? text) ? text : code.ToString("R", CultureInfo.InvariantCulture);
}
