using System.Collections.ObjectModel;
using System.Globalization;
using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.Edf;

namespace NeuroRT.Formats.Sources;

/// <summary>One annotation the marker channel carries: its sample (counted over the replayed samples, from 0) and code.</summary>
public readonly record struct EdfMarker(long Sample, float Code, EdfAnnotation Annotation);

/// <summary>A marker text, its code and how many annotations with that text the channel carries.</summary>
public readonly record struct EdfMarkerCode(string Text, float Code, int Placed);

/// <summary>
/// The marker channel an <c>edf</c> source adds for the file's EDF+/BDF+ annotations, worked out once at open: each
/// annotation's code (the rule of <see cref="MarkerCodes"/>, as the <c>lsl</c> source's <c>marker-names</c>) on the
/// sample nearest its onset, 0 on every other sample. Only the onset counts; a duration is not drawn.
/// </summary>
/// <remarks>
/// Sample k, at time t(k) (its record's onset + i / rate), carries the annotations with onset in
/// [t(k) - T/2, t(k) + T/2), T = 1 / rate: the nearest sample, halfway rounding to the later one. An onset that is in
/// no such interval (before the first sample, after the last, or in a gap between the records of an EDF+D file) is
/// outside the recording. A sample holds one code, so of several annotations on one sample the first (earliest onset,
/// then file order) is carried. Nothing is dropped silently: every annotation not carried is counted here and
/// described in <see cref="Warnings"/>.
/// </remarks>
public sealed class EdfMarkerChannel
{
    private readonly MarkerColumn _column;

    private EdfMarkerChannel(string name, List<EdfMarker> markers, IReadOnlyList<EdfMarkerCode> codes, int ignored, int outside, int sameSample, int zeroCode, List<string> warnings)
    {
        Name = name;
        Markers = markers.AsReadOnly();
        _column = MarkerColumn.Of(markers, m => m.Sample, m => m.Code);
        Codes = codes;
        Ignored = ignored;
        Outside = outside;
        SameSample = sameSample;
        ZeroCode = zeroCode;
        Warnings = warnings.AsReadOnly();
    }

    /// <summary>The channel's name (the source's <c>markers</c> parameter).</summary>
    public string Name { get; }

    /// <summary>The annotations carried, by sample (one per sample).</summary>
    public IReadOnlyList<EdfMarker> Markers { get; }

    /// <summary>Every code in use, ordered by code; the listed names hold 1..n even when the file lacks them.</summary>
    public IReadOnlyList<EdfMarkerCode> Codes { get; }

    /// <summary>Annotations left out because they are not in <c>marker-names</c> (<c>unlisted-markers: ignore</c>).</summary>
    public int Ignored { get; }

    /// <summary>Annotations whose onset is on no recorded sample (before, after, or in an EDF+D gap).</summary>
    public int Outside { get; }

    /// <summary>Annotations not carried because an earlier one is on the same sample.</summary>
    public int SameSample { get; }

    /// <summary>Annotations whose text is the number 0, the code that means "no marker".</summary>
    public int ZeroCode { get; }

    /// <summary>Why annotations are not carried, and listed names the file lacks; one line each, naming the file.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Places the annotations of <paramref name="file"/> on the samples of signals with <paramref name="samplesPerRecord"/>
    /// samples per record at <paramref name="rate"/> Hz. Throws <see cref="StageConfigurationException"/> (for
    /// <c>markers</c>) when the file has no annotation signal, or its records overlap so that an onset would name two samples.
    /// </summary>
    internal static EdfMarkerChannel Create(EdfFile file, string name, int samplesPerRecord, double rate, MarkerCodes rule)
    {
        if (!file.Signals.Any(s => s.IsAnnotation))
            throw new StageConfigurationException("markers", $"'{file.Path}' has no annotation signal ('EDF Annotations' of EDF+ / BDF+), so there are no annotations to put on a marker channel; remove 'markers' or use an EDF+ file");
        var onsets = RecordOnsets(file);

        var placed = new List<EdfMarker>();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        int ignored = 0, outside = 0, sameSample = 0, zeroCode = 0;
        EdfAnnotation? firstOutside = null, firstZero = null;
        (EdfAnnotation Dropped, EdfMarker Kept, long Sample)? firstSame = null;
        foreach (var a in file.Annotations) // sorted by onset, ties in file order
        {
            texts.Add(a.Text);
            if (!rule.TryGetCode(a.Text, out float code, out _)) { ignored++; continue; }
            if (code == 0) { zeroCode++; firstZero ??= a; continue; }
            long sample = NearestSample(onsets, samplesPerRecord, rate, a.Onset);
            if (sample < 0) { outside++; firstOutside ??= a; continue; }
            // Onsets are sorted and map monotonically to samples, so a taken sample can only be the last one placed.
            if (placed.Count > 0 && placed[^1].Sample == sample)
            {
                sameSample++;
                firstSame ??= (a, placed[^1], sample);
                continue;
            }

            placed.Add(new EdfMarker(sample, code, a));
        }

        var codes = CodeTable(rule, placed);
        var warnings = new List<string>();
        string path = file.Path;
        if (file.Annotations.Count == 0) warnings.Add($"{path}: the file has no annotations; marker channel '{name}' stays 0");
        foreach (string listed in rule.Names)
            if (!texts.Contains(listed))
                warnings.Add($"{path}: marker-names lists '{listed}', but no annotation of the file has that text{TextsOf(texts)}");
        if (firstOutside is { } o)
        {
            double end = onsets[^1] + file.RecordDuration;
            string gaps = file.Variant is EdfVariant.EdfPlusDiscontinuous or EdfVariant.BdfPlusDiscontinuous ? ", with gaps between records" : "";
            warnings.Add($"{path}: annotations outside the recorded samples: {outside} (first: '{o.Text}' at {S(o.Onset)} s; the data covers {S(onsets[0])} to {S(end)} s{gaps}); marker channel '{name}' does not carry them");
        }

        if (firstSame is { } same)
            warnings.Add($"{path}: annotations on a sample that an earlier annotation already marks: {sameSample} (first: '{same.Dropped.Text}' at {S(same.Dropped.Onset)} s on sample {same.Sample}, " +
                $"marked by '{same.Kept.Annotation.Text}' at {S(same.Kept.Annotation.Onset)} s); a sample holds one code, so only the first is carried. Leave out the texts you do not need with marker-names and unlisted-markers: ignore");
        if (firstZero is { } z)
            warnings.Add($"{path}: annotations with the number 0 as text: {zeroCode} (first: '{z.Text}' at {S(z.Onset)} s); code 0 means no marker, so they are not carried; list '{z.Text}' in marker-names to give it a code");
        return new EdfMarkerChannel(name, placed, codes, ignored, outside, sameSample, zeroCode, warnings);
    }

    /// <summary>
    /// Copies one record of <paramref name="dataWidth"/> channels into <paramref name="rows"/> (one channel wider), with the
    /// marker channel last: the codes of the markers on this record's samples, 0 elsewhere. <paramref name="next"/> is the
    /// first marker not yet written (0 before record 0); returns it for the next record. Does not allocate.
    /// </summary>
    internal int Write(int record, int samplesPerRecord, ReadOnlySpan<float> data, int dataWidth, Span<float> rows, int next)
    {
        int width = dataWidth + 1;
        for (int s = 0; s < samplesPerRecord; s++)
        {
            data.Slice(s * dataWidth, dataWidth).CopyTo(rows.Slice(s * width, dataWidth));
            rows[s * width + dataWidth] = 0;
        }

        return _column.Write((long)record * samplesPerRecord, samplesPerRecord, rows, width, dataWidth, next);
    }

    // Record onsets, checked to follow each other without overlap: otherwise one onset could name two samples.
    private static double[] RecordOnsets(EdfFile file)
    {
        var onsets = new double[file.RecordCount];
        for (int r = 0; r < onsets.Length; r++)
        {
            onsets[r] = file.RecordOnset(r);
            double previousEnd = r > 0 ? onsets[r - 1] + file.RecordDuration : double.NegativeInfinity;
            if (onsets[r] < previousEnd - 1e-9 * Math.Max(1, Math.Abs(previousEnd)))
                throw new StageConfigurationException("markers",
                    $"'{file.Path}': data record {r} starts at {S(onsets[r])} s, before record {r - 1} ends ({S(previousEnd)} s), so an annotation's onset does not name one sample (EDF+ spec 2.2.4 forbids this); fix the file's time-keeping TALs or remove 'markers'");
        }

        return onsets;
    }

    // The sample whose interval [t - T/2, t + T/2) holds the onset, or -1: the last record starting at or before
    // onset + T/2, then the nearest sample within it.
    private static long NearestSample(double[] onsets, int samplesPerRecord, double rate, double onset)
    {
        double half = 0.5 / rate;
        int lo = 0, hi = onsets.Length - 1, record = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (onsets[mid] <= onset + half) { record = mid; lo = mid + 1; }
            else hi = mid - 1;
        }

        if (record < 0) return -1;
        double i = Math.Floor((onset - onsets[record]) * rate + 0.5);
        return i >= 0 && i < samplesPerRecord ? (long)record * samplesPerRecord + (long)i : -1;
    }

    private static ReadOnlyCollection<EdfMarkerCode> CodeTable(MarkerCodes rule, List<EdfMarker> placed)
    {
        var table = new Dictionary<string, (float Code, int Placed)>(StringComparer.Ordinal);
        for (int i = 0; i < rule.Names.Count; i++) table[rule.Names[i]] = (i + 1, 0);
        foreach (var m in placed)
            table[m.Annotation.Text] = (m.Code, table.TryGetValue(m.Annotation.Text, out var t) ? t.Placed + 1 : 1);
        return table.Select(kv => new EdfMarkerCode(kv.Key, kv.Value.Code, kv.Value.Placed)).OrderBy(c => c.Code).ToList().AsReadOnly();
    }

    private static string TextsOf(HashSet<string> texts) =>
        texts.Count == 0 ? "" : "; its texts: " + string.Join(", ", texts.Order(StringComparer.Ordinal).Take(20)) + (texts.Count > 20 ? ", ..." : "");

    private static string S(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);
}
