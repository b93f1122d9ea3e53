using System.Globalization;

namespace NeuroRT.Formats.BrainVision;

/// <summary>Parses the [Marker Infos] of a .vmrk file, with an error naming the line for every bad entry.</summary>
internal static class BrainVisionMarkerParser
{
    /// <summary>Reads the markers of <paramref name="path"/>; a marker's channel must be 0 (all) or one of the <paramref name="channelCount"/> channels.</summary>
    public static List<BrainVisionMarker> Parse(string path, int channelCount)
    {
        var (_, entries) = BrainVisionIniReader.Read(path, "Brain Vision Data Exchange Marker File");
        var markers = new List<BrainVisionMarker>();
        foreach (var e in entries)
        {
            if (!e.Section.Equals("Marker Infos", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!e.Key.StartsWith("Mk", StringComparison.OrdinalIgnoreCase)
                || !int.TryParse(e.Key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1)
            {
                throw BrainVisionFormatException.AtLine(path, e.Line, $"marker key \"{e.Key}\" is not Mk<number> with a number from 1.");
            }

            string[] f = BrainVisionIniReader.SplitFields(e.Value);
            if (f.Length < 3)
            {
                throw BrainVisionFormatException.AtLine(path, e.Line,
                    $"{e.Key} has {f.Length} field(s); expected <Type>,<Description>,<Position>[,<Size>,<Channel>[,<Date>]].");
            }

            long position = Number(path, e, f[2], "position", 1, required: true);
            long size = f.Length > 3 ? Number(path, e, f[3], "size", 0, required: false) : 1;
            long channel = f.Length > 4 ? Number(path, e, f[4], "channel", 0, required: false) : 0;
            if (channel > channelCount)
            {
                throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} refers to channel {channel}, but the header has {channelCount} channels (0 = all channels).");
            }

            string date = f.Length > 5 ? f[5].Trim() : "";
            markers.Add(new BrainVisionMarker(number, f[0].Trim(), f[1].Trim(), position - 1, size, (int)channel, date));
        }

        return markers;
    }

    private static long Number(string path, BrainVisionIniEntry e, string text, string field, long min, bool required)
    {
        string t = text.Trim();
        if (t.Length == 0 && !required)
        {
            return min == 0 ? 0 : min;
        }

        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < min)
        {
            throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} {field} \"{text}\" is not a whole number from {min}.");
        }

        return value;
    }
}
