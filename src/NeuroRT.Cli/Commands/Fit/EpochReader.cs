using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Filters;
using NeuroRT.Dsp.Fitting;
using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Sources;

namespace NeuroRT.Cli.Commands.Fit;

/// <summary>What to cut out of the recordings: annotation classes, the epoch window after each onset, channels, band.</summary>
/// <param name="Files">EDF+/BDF+ recordings with annotations.</param>
/// <param name="Classes">Annotation texts, one class each (e.g. T1, T2).</param>
/// <param name="From">Epoch start after the onset, in seconds.</param>
/// <param name="To">Epoch end after the onset, in seconds.</param>
/// <param name="Channels">Signal labels (default: every data signal), matched as pipeline channel names are.</param>
/// <param name="Band">Butterworth band-pass applied to the whole recording before cutting, or null.</param>
internal sealed record EpochSettings(string[] Files, string[] Classes, double From, double To, string[] Channels, FitBand? Band);

/// <summary>The epochs of each class (samples x channels, sample-major) and what they came from.</summary>
internal sealed record LabelledEpochs(string[] Recordings, string[] Channels, double Rate, int Length, List<float[]>[] ByClass, int[] Skipped);

/// <summary>A recording or an option does not allow the fit; the message names the file or option and what to do.</summary>
internal sealed class FitInputException(string message) : Exception(message);

/// <summary>
/// Reads labelled epochs from annotated recordings the way the online pipeline would see them: each recording read
/// whole, band-passed causally from its first sample with the <c>bandpass</c> stage's own filter (so the fit sees
/// exactly the filtered signal the pipeline computes), then cut from <c>onset + from</c> for <c>to - from</c> seconds
/// after every annotation of a class. The epoch then equals the pipeline's window that ends at its last sample.
/// </summary>
internal static class EpochReader
{
    public static LabelledEpochs Read(EpochSettings s)
    {
        if (!(s.To > s.From)) throw new FitInputException($"--to ({s.To:0.###} s) must be after --from ({s.From:0.###} s)");
        string[]? channels = null;
        double rate = 0;
        int length = 0;
        var byClass = s.Classes.Select(_ => new List<float[]>()).ToArray();
        var skipped = new int[s.Classes.Length];
        var found = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string path in s.Files)
        {
            using var source = new EdfSource { Path = path, Channels = s.Channels, Speed = 0 };
            StreamFormat format;
            try
            {
                format = source.Open();
            }
            catch (StageConfigurationException e)
            {
                throw new FitInputException(e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
            }

            var file = source.File!;
            foreach (string warning in file.Warnings) Console.Error.WriteLine($"warning: {path}: {warning}");
            if (file.Variant is EdfVariant.EdfPlusDiscontinuous or EdfVariant.BdfPlusDiscontinuous)
                throw new FitInputException($"{path}: a discontinuous (+D) recording; fit reads continuous recordings only");
            var labels = format.Channels.Select(c => c.Name).ToArray();
            if (channels is null)
            {
                channels = labels;
                rate = format.NominalRate;
                length = (int)Math.Round((s.To - s.From) * rate);
                if (length < 2) throw new FitInputException($"an epoch from {s.From:0.###} s to {s.To:0.###} s holds {length} samples at {rate:0.###} Hz; make it at least 2");
            }
            else if (rate != format.NominalRate || !labels.Select(ChannelNames.Normalize).SequenceEqual(channels.Select(ChannelNames.Normalize)))
            {
                throw new FitInputException($"{path}: {labels.Length} channels at {format.NominalRate:0.###} Hz ({format.DescribeChannels(6)}), but {s.Files[0]} has {channels.Length} at {rate:0.###} Hz; " +
                                            "fit recordings with the same channels and rate, or pick common ones with --channels");
            }

            var data = ReadAll(file, source.SignalIndices.ToArray());
            if (s.Band is { } band) Filter(data, labels.Length, band, rate);
            long total = data.Length / labels.Length;
            double origin = file.RecordCount > 0 ? file.RecordOnset(0) : 0;
            foreach (var a in file.Annotations)
            {
                string text = a.Text.Trim();
                found[text] = found.GetValueOrDefault(text) + 1;
                int k = Array.IndexOf(s.Classes, text);
                if (k < 0) continue;
                long first = (long)Math.Round((a.Onset + s.From - origin) * rate);
                if (first < 0 || first + length > total)
                {
                    skipped[k]++; // the epoch would reach outside the recording
                    continue;
                }
                byClass[k].Add(data.AsSpan((int)(first * labels.Length), length * labels.Length).ToArray());
            }
        }

        for (int k = 0; k < s.Classes.Length; k++)
        {
            if (byClass[k].Count > 0) continue;
            string what = found.Count == 0 ? "no annotations at all" : "annotations " + string.Join(", ", found.Select(f => $"{f.Key} ({f.Value})"));
            throw new FitInputException(skipped[k] > 0
                ? $"every '{s.Classes[k]}' epoch ({skipped[k]}) reaches outside its recording; choose --from/--to inside the recordings"
                : $"no '{s.Classes[k]}' annotations in {string.Join(", ", s.Files)} ({what}); name classes by their annotation text with --classes");
        }

        return new LabelledEpochs(s.Files.Select(Path.GetFileName).OfType<string>().ToArray(), channels!, rate, length, byClass, skipped);
    }

    private static float[] ReadAll(EdfFile file, int[] signals)
    {
        int perRecord = file.Signals[signals[0]].SamplesPerRecord * signals.Length;
        var data = new float[(long)file.RecordCount * perRecord];
        for (int r = 0; r < file.RecordCount; r++) file.ReadRecordInterleaved(r, signals, data.AsSpan(r * perRecord, perRecord));
        return data;
    }

    private static void Filter(float[] data, int channels, FitBand band, double rate)
    {
        SecondOrderSections sections;
        try
        {
            sections = FilterDesign.Design(FilterFamily.Butterworth, BandType.BandPass, band.Order, [band.Low, band.High], rate);
        }
        catch (FilterDesignException e)
        {
            throw new FitInputException($"--band {band.Low:0.###}-{band.High:0.###} Hz (order {band.Order}) at {rate:0.###} Hz: {e.Message}");
        }
        new SosFilterBank(sections, channels).Process(data, data);
    }
}
