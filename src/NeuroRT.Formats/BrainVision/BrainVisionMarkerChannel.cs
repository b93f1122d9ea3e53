using NeuroRT.Core.Markers;
using NeuroRT.Formats.Sources;

namespace NeuroRT.Formats.BrainVision;

/// <summary>One marker the channel carries: its sample (0-based) and code.</summary>
public readonly record struct BrainVisionPlacedMarker(long Sample, float Code, BrainVisionMarker Marker);

/// <summary>
/// The marker channel a <c>brainvision</c> source adds for the .vmrk markers, worked out once at open: each marker's
/// code (the rule of <see cref="MarkerCodes"/>, as for the <c>edf</c> and <c>lsl</c> sources) on its own sample, 0 on
/// every other sample. A marker's text is "Type/Description", e.g. "Stimulus/S253", as MNE-Python names them.
/// </summary>
/// <remarks>
/// BrainVision positions are whole samples, so no rounding is involved. A sample holds one code, so of several markers
/// on one sample the first in file order is carried; markers past the last sample and, with
/// <c>unlisted-markers: ignore</c>, unlisted texts are not carried. Every marker not carried is counted, and described
/// in <see cref="Warnings"/> unless it was left out on purpose. A text always holds a '/', so it is never the number 0
/// (the code for "no marker") that an <c>edf</c> annotation can be.
/// </remarks>
public sealed class BrainVisionMarkerChannel
{
    private readonly MarkerColumn _column;

    private BrainVisionMarkerChannel(List<BrainVisionPlacedMarker> placed, int ignored, int outside, int sameSample, List<string> warnings)
    {
        Markers = placed.AsReadOnly();
        _column = MarkerColumn.Of(placed, m => m.Sample, m => m.Code);
        Ignored = ignored;
        Outside = outside;
        SameSample = sameSample;
        Warnings = warnings.AsReadOnly();
    }

    /// <summary>The markers carried, by sample (one per sample).</summary>
    public IReadOnlyList<BrainVisionPlacedMarker> Markers { get; }

    /// <summary>Markers left out because their text is not in <c>marker-names</c> (<c>unlisted-markers: ignore</c>).</summary>
    public int Ignored { get; }

    /// <summary>Markers positioned after the last sample of the data file.</summary>
    public int Outside { get; }

    /// <summary>Markers not carried because an earlier one is on the same sample.</summary>
    public int SameSample { get; }

    /// <summary>Why markers are not carried; one line each, naming the file.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The text a marker is coded by: "Type/Description".</summary>
    public static string TextOf(BrainVisionMarker marker) => marker.Type + "/" + marker.Description;

    internal static BrainVisionMarkerChannel Create(BrainVisionFile file, MarkerCodes rule)
    {
        // Stable sort by sample: file order decides between markers on one sample.
        var ordered = new List<BrainVisionMarker>(file.Markers);
        var order = new List<(long Sample, int Index)>(ordered.Count);
        for (int i = 0; i < ordered.Count; i++) order.Add((ordered[i].Sample, i));
        order.Sort((a, b) => a.Sample != b.Sample ? a.Sample.CompareTo(b.Sample) : a.Index.CompareTo(b.Index));

        var placed = new List<BrainVisionPlacedMarker>();
        int ignored = 0, outside = 0, same = 0;
        BrainVisionMarker? firstOutside = null, firstSame = null;
        foreach (var (_, index) in order)
        {
            var m = ordered[index];
            if (!rule.TryGetCode(TextOf(m), out float code, out _)) { ignored++; continue; }
            if (m.Sample >= file.SampleCount) { outside++; firstOutside ??= m; continue; }
            if (placed.Count > 0 && placed[^1].Sample == m.Sample) { same++; firstSame ??= m; continue; }
            placed.Add(new BrainVisionPlacedMarker(m.Sample, code, m));
        }

        string path = file.Header.MarkerFile ?? file.Path;
        var warnings = new List<string>();
        if (firstOutside is { } o)
            warnings.Add($"{path}: markers after the last sample ({file.SampleCount}): {outside} (first: Mk{o.Number} '{TextOf(o)}' at position {o.Sample + 1}); the marker channel does not carry them");
        if (firstSame is { } s)
            warnings.Add($"{path}: markers on a sample an earlier marker already marks: {same} (first: Mk{s.Number} '{TextOf(s)}' at position {s.Sample + 1}); a sample holds one code, so only the first is carried");
        return new BrainVisionMarkerChannel(placed, ignored, outside, same, warnings);
    }

    /// <summary>
    /// Writes the marker column (column <paramref name="column"/> of rows <paramref name="width"/> wide) for the
    /// <paramref name="count"/> samples from <paramref name="firstSample"/>: 0, or the code of the marker on that sample.
    /// <paramref name="next"/> is the first marker not yet written; returns it for the next call. Does not allocate.
    /// </summary>
    internal int Write(long firstSample, int count, Span<float> rows, int width, int column, int next)
    {
        for (int s = 0; s < count; s++) rows[s * width + column] = 0;
        return _column.Write(firstSample, count, rows, width, column, next);
    }
}
