using System.Globalization;
using NeuroRT.Core.Markers;
using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Sources.Xdf;

/// <summary>One marker placed on the signal: the signal sample (from 0), the code, and the marker's text and time.</summary>
public readonly record struct XdfPlacedMarker(long Sample, float Code, string Text, double Time);

/// <summary>
/// A marker stream of an XDF file as one more channel of the replayed signal, worked out once at open by the rule of
/// the <c>lsl</c> source: each marker's code (<see cref="MarkerCodes"/>) on the first signal sample at or after the
/// marker's time, 0 on every other sample.
/// </summary>
/// <remarks>
/// Times are both streams' clock-synchronised stamps (the recorder's clock). As the lsl source does, a marker up to
/// half a sample period before the first sample goes on the first sample, and of two markers on one sample the later
/// one is carried. Nothing is dropped silently: markers before the signal, after its last sample, with code 0, or
/// overwritten on a shared sample are counted and described in <see cref="Warnings"/>.
/// </remarks>
public sealed class XdfMarkerChannel
{
    private readonly MarkerColumn _column;

    private XdfMarkerChannel(string name, List<XdfPlacedMarker> placed, int ignored, int outside, int overwritten, int zeroCode, List<string> warnings)
    {
        Name = name;
        Markers = placed.AsReadOnly();
        _column = MarkerColumn.Of(placed, m => m.Sample, m => m.Code);
        Ignored = ignored;
        Outside = outside;
        Overwritten = overwritten;
        ZeroCode = zeroCode;
        Warnings = warnings.AsReadOnly();
    }

    /// <summary>The channel's name: the marker stream's name.</summary>
    public string Name { get; }

    /// <summary>The markers carried, ordered by sample (one per sample).</summary>
    public IReadOnlyList<XdfPlacedMarker> Markers { get; }

    /// <summary>Markers left out because they are not in <c>marker-names</c> (<c>unlisted-markers: ignore</c>).</summary>
    public int Ignored { get; }

    /// <summary>Markers before the first signal sample (by more than half a period) or after the last.</summary>
    public int Outside { get; }

    /// <summary>Markers replaced by a later marker on the same sample.</summary>
    public int Overwritten { get; }

    /// <summary>Markers whose code is 0, the code that means "no marker".</summary>
    public int ZeroCode { get; }

    /// <summary>Why markers are not carried; one line each, naming the file and the stream.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Places the markers of <paramref name="markers"/> on the samples stamped <paramref name="stamps"/> (signal at <paramref name="rate"/> Hz).</summary>
    internal static XdfMarkerChannel Create(string path, XdfStream markers, double[] stamps, double rate, MarkerCodes rule)
    {
        var bySample = new SortedDictionary<long, XdfPlacedMarker>();
        int ignored = 0, outside = 0, overwritten = 0, zeroCode = 0;
        XdfPlacedMarker? firstOutside = null, firstOverwritten = null;
        string? firstZero = null;
        bool sorted = IsSorted(stamps);
        double half = 0.5 / rate;
        int cc = markers.Info.ChannelCount;
        bool strings = markers.Info.Format == XdfChannelFormat.String;
        // In time order, as the markers would arrive live; ties keep file order.
        var order = new int[markers.SampleCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var times = markers.Timestamps;
        Array.Sort(order, (a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
        foreach (int k in order)
        {
            double time = times[k];
            string text = strings ? markers.StringValues[k * cc] : markers.NumericValues[k * cc].ToString("R", CultureInfo.InvariantCulture);
            float code;
            if (strings)
            {
                if (!rule.TryGetCode(text, out code, out _)) { ignored++; continue; }
            }
            else
            {
                code = (float)markers.NumericValues[k * cc];
            }

            if (code == 0) { zeroCode++; firstZero ??= text; continue; }
            long sample = stamps.Length == 0 || time < stamps[0] - half ? -1 : FirstAtOrAfter(stamps, time, sorted);
            if (sample < 0)
            {
                outside++;
                firstOutside ??= new XdfPlacedMarker(-1, code, text, time);
                continue;
            }

            var placed = new XdfPlacedMarker(sample, code, text, time);
            if (bySample.TryGetValue(sample, out var earlier))
            {
                overwritten++;
                firstOverwritten ??= earlier;
            }

            bySample[sample] = placed;
        }

        var warnings = new List<string>();
        string name = markers.Info.Name;
        if (markers.SampleCount == 0) warnings.Add($"{path}: marker stream '{name}' has no markers; its channel stays 0");
        if (firstOutside is { } o)
        {
            string covers = stamps.Length == 0 ? "the signal has no samples" : $"the signal covers {S(stamps[0])} to {S(stamps[^1])} s";
            warnings.Add($"{path}: markers of '{name}' outside the signal: {outside} (first: '{o.Text}' at {S(o.Time)} s; {covers}); its channel does not carry them");
        }

        if (firstOverwritten is { } w)
            warnings.Add($"{path}: markers of '{name}' replaced by a later marker on the same sample: {overwritten} (first: '{w.Text}' at {S(w.Time)} s on sample {w.Sample}); a sample holds one code, so the later one is carried");
        if (firstZero is not null)
            warnings.Add($"{path}: markers of '{name}' with code 0: {zeroCode} (first: '{firstZero}'); code 0 means no marker, so they are not carried; list '{firstZero}' in marker-names to give it a code");
        return new XdfMarkerChannel(name, [.. bySample.Values], ignored, outside, overwritten, zeroCode, warnings);
    }

    /// <summary>
    /// Writes this channel's column (<paramref name="column"/> of rows <paramref name="width"/> wide) for the
    /// <paramref name="count"/> samples from <paramref name="first"/>; <paramref name="next"/> is the first marker not
    /// yet written, returned for the next call. The column must be 0 already. Does not allocate.
    /// </summary>
    internal int Write(long first, int count, Span<float> rows, int width, int column, int next) =>
        _column.Write(first, count, rows, width, column, next);

    // The first sample stamped at or after time, or -1 when every sample is earlier.
    private static long FirstAtOrAfter(double[] stamps, double time, bool sorted)
    {
        if (!sorted)
        {
            for (int i = 0; i < stamps.Length; i++) if (stamps[i] >= time) return i;
            return -1;
        }

        int lo = 0, hi = stamps.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (stamps[mid] < time) lo = mid + 1;
            else hi = mid;
        }

        return lo < stamps.Length ? lo : -1;
    }

    private static bool IsSorted(double[] stamps)
    {
        for (int i = 1; i < stamps.Length; i++) if (stamps[i] < stamps[i - 1]) return false;
        return true;
    }

    private static string S(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
