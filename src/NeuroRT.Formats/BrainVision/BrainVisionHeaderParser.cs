using System.Globalization;

namespace NeuroRT.Formats.BrainVision;

/// <summary>Parses a .vhdr file into a <see cref="BrainVisionHeader"/>, with an error naming the line for every bad entry.</summary>
internal static class BrainVisionHeaderParser
{
    /// <summary>Largest channel count accepted; guards the allocations that follow from a corrupt NumberOfChannels.</summary>
    private const int MaxChannels = 65536;

    public static BrainVisionHeader Parse(string path)
    {
        var (_, entries) = BrainVisionIniReader.Read(path, "Brain Vision Data Exchange Header File");
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";

        BrainVisionIniEntry? dataFile = null, markerFile = null, dataFormat = null, orientation = null,
            channelCount = null, interval = null, binaryFormat = null;
        var channelEntries = new List<(int Number, BrainVisionIniEntry Entry)>();
        foreach (var e in entries)
        {
            if (Is(e, "Common Infos", "DataFile")) dataFile = e;
            else if (Is(e, "Common Infos", "MarkerFile")) markerFile = e;
            else if (Is(e, "Common Infos", "DataFormat")) dataFormat = e;
            else if (Is(e, "Common Infos", "DataOrientation")) orientation = e;
            else if (Is(e, "Common Infos", "NumberOfChannels")) channelCount = e;
            else if (Is(e, "Common Infos", "SamplingInterval")) interval = e;
            else if (Is(e, "Binary Infos", "BinaryFormat")) binaryFormat = e;
            else if (e.Section.Equals("Channel Infos", StringComparison.OrdinalIgnoreCase)
                && e.Key.StartsWith("Ch", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(e.Key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                {
                    throw BrainVisionFormatException.AtLine(path, e.Line, $"channel key \"{e.Key}\" is not Ch<number> with a number from 1.");
                }

                channelEntries.Add((n, e));
            }
        }

        string data = Required(path, dataFile, "Common Infos", "DataFile").Value;
        if (data.Length == 0)
        {
            throw BrainVisionFormatException.AtLine(path, dataFile!.Value.Line, "DataFile is empty; it must name the binary .eeg file.");
        }

        if (dataFormat is { } format && !format.Value.Equals("BINARY", StringComparison.OrdinalIgnoreCase))
        {
            throw BrainVisionFormatException.AtLine(path, format.Line, $"DataFormat={format.Value} is not supported; only BINARY data files can be read.");
        }

        var layout = BrainVisionOrientation.Multiplexed; // the format's default when the key is absent
        if (orientation is { } o)
        {
            layout = o.Value.ToUpperInvariant() switch
            {
                "MULTIPLEXED" => BrainVisionOrientation.Multiplexed,
                "VECTORIZED" => BrainVisionOrientation.Vectorized,
                _ => throw BrainVisionFormatException.AtLine(path, o.Line, $"DataOrientation={o.Value} is neither MULTIPLEXED nor VECTORIZED."),
            };
        }

        var encoding = BrainVisionBinaryFormat.Int16;
        if (binaryFormat is { } b)
        {
            encoding = b.Value.ToUpperInvariant() switch
            {
                "INT_16" => BrainVisionBinaryFormat.Int16,
                "INT_32" => BrainVisionBinaryFormat.Int32,
                "IEEE_FLOAT_32" => BrainVisionBinaryFormat.Float32,
                _ => throw BrainVisionFormatException.AtLine(path, b.Line, $"BinaryFormat={b.Value} is not supported; expected INT_16, INT_32 or IEEE_FLOAT_32."),
            };
        }
        else if (dataFormat is not null)
        {
            // Without a [Binary Infos] entry the encoding is a guess; say so rather than misread the data.
            throw BrainVisionFormatException.InFile(path, "no BinaryFormat in [Binary Infos]; add BinaryFormat=INT_16, INT_32 or IEEE_FLOAT_32.");
        }

        var countEntry = Required(path, channelCount, "Common Infos", "NumberOfChannels");
        if (!int.TryParse(countEntry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxChannels)
        {
            throw BrainVisionFormatException.AtLine(path, countEntry.Line, $"NumberOfChannels={countEntry.Value} is not a whole number from 1 to {MaxChannels}.");
        }

        var intervalEntry = Required(path, interval, "Common Infos", "SamplingInterval");
        if (!double.TryParse(intervalEntry.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double micros) || !(micros > 0) || double.IsInfinity(micros))
        {
            throw BrainVisionFormatException.AtLine(path, intervalEntry.Line, $"SamplingInterval={intervalEntry.Value} is not a positive number of microseconds.");
        }

        var channels = new BrainVisionChannel?[count];
        foreach (var (n, e) in channelEntries)
        {
            if (n > count)
            {
                throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} is beyond NumberOfChannels={count}.");
            }

            if (channels[n - 1] is not null)
            {
                throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} is defined twice.");
            }

            channels[n - 1] = ParseChannel(path, e);
        }

        for (int i = 0; i < count; i++)
        {
            if (channels[i] is null)
            {
                throw BrainVisionFormatException.InFile(path, $"[Channel Infos] has no Ch{i + 1} entry, but NumberOfChannels={count}.");
            }
        }

        // Recorder and Analyzer may write "$b" for the header's own base name, so renamed triples stay consistent.
        string baseName = System.IO.Path.GetFileNameWithoutExtension(path);
        string? marker = markerFile is { Value.Length: > 0 } m ? System.IO.Path.Combine(directory, m.Value.Replace("$b", baseName, StringComparison.Ordinal)) : null;
        return new BrainVisionHeader(System.IO.Path.Combine(directory, data.Replace("$b", baseName, StringComparison.Ordinal)), marker, layout, encoding, micros, channels!);
    }

    private static BrainVisionChannel ParseChannel(string path, BrainVisionIniEntry e)
    {
        string[] fields = BrainVisionIniReader.SplitFields(e.Value);
        string name = fields[0].Trim();
        if (name.Length == 0)
        {
            throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} has an empty channel name.");
        }

        string reference = fields.Length > 1 ? fields[1].Trim() : "";
        double resolution = 1.0;
        if (fields.Length > 2 && fields[2].Trim().Length > 0
            && (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out resolution) || !double.IsFinite(resolution)))
        {
            throw BrainVisionFormatException.AtLine(path, e.Line, $"{e.Key} resolution \"{fields[2]}\" is not a number (use '.' as the decimal separator).");
        }

        string unit = fields.Length > 3 && fields[3].Trim().Length > 0 ? fields[3].Trim() : "µV";
        return new BrainVisionChannel(name, reference, resolution, unit);
    }

    private static bool Is(BrainVisionIniEntry e, string section, string key) =>
        e.Section.Equals(section, StringComparison.OrdinalIgnoreCase) && e.Key.Equals(key, StringComparison.OrdinalIgnoreCase);

    private static BrainVisionIniEntry Required(string path, BrainVisionIniEntry? entry, string section, string key) =>
        entry ?? throw BrainVisionFormatException.InFile(path, $"[{section}] has no {key} entry; it is required.");
}
