using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Tests.Edf.Support;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>
/// Where the edf source puts annotations, on small files written byte by byte: one signal 'A' of 4 samples per 1-s record
/// (4 Hz: sample k of the replay at k / 4 s in a continuous file, owning the onsets in [t - 0.125, t + 0.125) s).
/// </summary>
public sealed class EdfMarkerPlacementTests : IDisposable
{
    private const string Tk = "\u0014\u0014\0"; // closes a time-keeping TAL
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Tal(string onset, string text, string duration = "") =>
        onset + (duration.Length > 0 ? "\u0015" + duration : "") + "\u0014" + text + "\u0014\0";

    private static readonly int[] Ramp0 = [0, 1, 2, 3], Ramp1 = [4, 5, 6, 7], Ramp2 = [8, 9, 10, 11];

    // Three continuous records (0 .. 2.75 s). Onsets in seconds and the sample they belong to:
    // g -0.2 (outside: before 0 - 0.125), a 0.1 (0), b 0.125 (halfway between 0 and 1: the later, 1), c 0.7 lasting 2.5 s (3),
    // d 1.05 (4), "0" 1.5 (6, but code 0), e 1.9 (8: nearer to 2.0 than to 1.75), h 2.5 (10), h2 2.52 (10 again),
    // f 2.9 (outside: after 2.75 + 0.125).
    private string Continuous() => _temp.Write("continuous.edf", new EdfTestFileBuilder { Reserved = "EDF+C" }
        .AddSignal("A", 4)
        .AddAnnotationSignal(40)
        .AddRecord(Ramp0, "+0" + Tk + Tal("+0.1", "a") + Tal("+0.125", "b") + Tal("+0.7", "c", "2.5") + Tal("-0.2", "g"))
        .AddRecord(Ramp1, "+1" + Tk + Tal("+1.05", "d") + Tal("+1.5", "0") + Tal("+1.9", "e"))
        .AddRecord(Ramp2, "+2" + Tk + Tal("+2.5", "h") + Tal("+2.52", "h2") + Tal("+2.9", "f"))
        .Build());

    // Records at 0, 1 and 5 s (a 3-s gap). x 0.5 (2), y 1.9 (in the gap: record 1's last sample is at 1.75), z 3 (gap),
    // w 4.9 (8: the first sample of record 2, at 5 s, owns [4.875, 5.125)), v 5.25 (9).
    private string Discontinuous(string record1 = "+1") => _temp.Write("discontinuous.edf", new EdfTestFileBuilder { Reserved = "EDF+D" }
        .AddSignal("A", 4)
        .AddAnnotationSignal(40)
        .AddRecord(Ramp0, "+0" + Tk + Tal("+0.5", "x") + Tal("+1.9", "y"))
        .AddRecord(Ramp1, record1 + Tk + Tal("+3", "z"))
        .AddRecord(Ramp2, "+5" + Tk + Tal("+4.9", "w") + Tal("+5.25", "v"))
        .Build());

    private static EdfSource Source(string path, string[] names, UnlistedMarkers unlisted = UnlistedMarkers.Code, double chunk = 0.25) =>
        new() { Path = path, Speed = 0, Chunk = chunk, Markers = "events", MarkerNames = names, UnlistedMarkers = unlisted };

    [Fact]
    public void Each_annotation_goes_to_the_nearest_sample_halfway_to_the_later_one_and_only_its_onset_counts()
    {
        using var source = Source(Continuous(), ["b", "a"]);
        source.Open();
        var channel = source.MarkerChannel!;
        // Listed: b = 1, a = 2; the others get 3, 4, ... in onset order (g first, though it lies outside).
        Assert.Equal(
            [(0L, 2f, "a"), (1, 1, "b"), (3, 4, "c"), (4, 5, "d"), (8, 6, "e"), (10, 7, "h")],
            channel.Markers.Select(m => (m.Sample, m.Code, m.Annotation.Text)));
        Assert.Equal(2.5, channel.Markers[2].Annotation.Duration); // c lasts 2.5 s, but only sample 3 is marked
    }

    [Fact]
    public void Annotations_outside_on_a_taken_sample_or_with_code_0_are_counted_and_reported()
    {
        using var source = Source(Continuous(), ["b", "a"]);
        source.Open();
        var channel = source.MarkerChannel!;
        Assert.Equal(2, channel.Outside);    // g, f
        Assert.Equal(1, channel.SameSample); // h2 on h's sample
        Assert.Equal(1, channel.ZeroCode);   // "0"
        Assert.Equal(0, channel.Ignored);
        Assert.Equal(3, channel.Warnings.Count);
        Assert.Contains(channel.Warnings, w => w.Contains("continuous.edf") && w.Contains("outside the recorded samples: 2") && w.Contains("'g' at -0.2 s") && w.Contains("0 to 3 s"));
        Assert.Contains(channel.Warnings, w => w.Contains("already marks: 1") && w.Contains("'h2' at 2.52 s on sample 10") && w.Contains("'h' at 2.5 s"));
        Assert.Contains(channel.Warnings, w => w.Contains("number 0 as text: 1") && w.Contains("list '0' in marker-names"));
    }

    [Fact]
    public void Listing_0_in_marker_names_gives_it_a_code()
    {
        using var source = Source(Continuous(), ["0"], UnlistedMarkers.Ignore);
        source.Open();
        Assert.Equal((6L, 1f), (source.MarkerChannel!.Markers.Single().Sample, source.MarkerChannel.Markers.Single().Code));
        Assert.Equal(9, source.MarkerChannel.Ignored);
        Assert.Empty(source.MarkerChannel.Warnings);
    }

    [Fact]
    public void The_replayed_marker_channel_holds_the_codes_whatever_the_chunk()
    {
        float[] expected = [2, 1, 0, 4, 5, 0, 0, 0, 6, 0, 7, 0];
        foreach (double chunk in new[] { 0.25, 0.75, 1.0, 2.0 })
        {
            using var source = Source(Continuous(), ["b", "a"], chunk: chunk);
            source.Open();
            var (values, times) = SourceReplay.Run(source, 2, 12);
            Assert.Equal(expected, Enumerable.Range(0, 12).Select(s => values[2 * s + 1]));
            Assert.Equal(Enumerable.Range(0, 12).Select(s => (float)s), Enumerable.Range(0, 12).Select(s => values[2 * s]));
            Assert.Equal(Enumerable.Range(0, 12).Select(s => s / 4.0), times);
        }
    }

    [Fact]
    public void In_an_EDF_plus_D_file_annotations_in_a_gap_are_outside_and_the_rest_land_in_their_record()
    {
        using var source = Source(Discontinuous(), ["x", "y", "z", "w", "v"]);
        source.Open();
        var channel = source.MarkerChannel!;
        Assert.Equal([(2L, 1f), (8, 4), (9, 5)], channel.Markers.Select(m => (m.Sample, m.Code)));
        Assert.Equal(2, channel.Outside);
        Assert.Contains("with gaps between records", Assert.Single(channel.Warnings));
        var (values, times) = SourceReplay.Run(source, 2, 12);
        Assert.Equal(4, values[2 * 8 + 1]);
        Assert.Equal(5.0, times[8]); // the gap is kept in the timestamps
    }

    [Fact]
    public void Overlapping_records_are_refused()
    {
        using var source = Source(Discontinuous(record1: "+0.5"), ["x"]);
        var e = Assert.Throws<StageConfigurationException>(() => source.Open());
        Assert.Equal("markers", e.Parameter);
        Assert.Contains("discontinuous.edf", e.Message);
        Assert.Contains("data record 1 starts at 0.5 s, before record 0 ends (1 s)", e.Message);
    }

    [Fact]
    public void Ignore_keeps_only_the_listed_texts_and_a_listed_text_the_file_lacks_is_reported()
    {
        using var source = Source(Continuous(), ["e", "missing"], UnlistedMarkers.Ignore);
        source.Open();
        var channel = source.MarkerChannel!;
        Assert.Equal((8L, 1f), (channel.Markers.Single().Sample, channel.Markers.Single().Code));
        Assert.Equal(9, channel.Ignored);
        Assert.Equal([new EdfMarkerCode("e", 1, 1), new EdfMarkerCode("missing", 2, 0)], channel.Codes);
        string warning = Assert.Single(channel.Warnings);
        Assert.Contains("marker-names lists 'missing', but no annotation of the file has that text; its texts: 0, a, b, c, d, e, f, g, h, h2", warning);
    }

    [Fact]
    public void A_file_without_annotation_signal_is_refused()
    {
        string path = _temp.Write("plain.edf", new EdfTestFileBuilder().AddSignal("A", 4).AddRecord(Ramp0).Build());
        using var source = Source(path, []);
        var e = Assert.Throws<StageConfigurationException>(() => source.Open());
        Assert.Equal("markers", e.Parameter);
        Assert.Contains("plain.edf' has no annotation signal", e.Message);
    }

    [Theory]
    [InlineData("", new[] { "a" }, UnlistedMarkers.Code, "marker-names", "name that channel with markers")]
    [InlineData("", new string[0], UnlistedMarkers.Ignore, "unlisted-markers", "name it with markers")]
    [InlineData("events", new string[0], UnlistedMarkers.Ignore, "unlisted-markers", "none are listed")]
    [InlineData("events", new[] { "a", "b", "a" }, UnlistedMarkers.Code, "marker-names", "'a' is listed twice")]
    [InlineData("a.", new[] { "a" }, UnlistedMarkers.Code, "markers", "already has a signal 'A'")]
    public void Inconsistent_marker_parameters_are_refused_naming_the_parameter(string markers, string[] names, UnlistedMarkers unlisted, string parameter, string message)
    {
        using var source = new EdfSource { Path = Continuous(), Markers = markers, MarkerNames = names, UnlistedMarkers = unlisted };
        var e = Assert.Throws<StageConfigurationException>(() => source.Open());
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(message, e.Message);
    }
}
