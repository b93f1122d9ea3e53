using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>
/// A synthetic EDF+D file written byte by byte: 2 sample signals of 4 samples per 1-s record plus an
/// 'EDF Annotations' signal, records starting at 0, 1 and 5 s (a gap of 3 s before the last).
/// </summary>
public sealed class EdfPlusDiscontinuousTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Tk = "\u0014\u0014\0"; // closes a time-keeping TAL: empty first text, then 0x00

    private string WriteFile(string record0Tal = "+0" + Tk + "+0.5\u00150.25\u0014stimulus\u0014\0")
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+D" }
            .AddSignal("A", 4)
            .AddSignal("B", 4)
            .AddAnnotationSignal(30);
        builder.AddRecord(new[] { 0, 1, 2, 3 }, new[] { 10, 11, 12, 13 }, record0Tal);
        builder.AddRecord(new[] { 4, 5, 6, 7 }, new[] { 14, 15, 16, 17 }, "+1" + Tk + "+0.1\u0014early\u0014\0");
        builder.AddRecord(new[] { 8, 9, 10, 11 }, new[] { 18, 19, 20, 21 }, "+5\u0014\u0014after gap\u0014\0+5.5\u00152\u0014two\u0014texts\u0014\0");
        return _temp.Write("discontinuous.edf", builder.Build());
    }

    [Fact]
    public void Variant_is_EDF_plus_discontinuous()
    {
        using var edf = EdfFile.Open(WriteFile());

        Assert.Equal(EdfVariant.EdfPlusDiscontinuous, edf.Variant);
        Assert.Equal(3, edf.RecordCount);
        Assert.Empty(edf.Warnings);
    }

    [Fact]
    public void RecordOnset_comes_from_each_records_time_keeping_TAL()
    {
        using var edf = EdfFile.Open(WriteFile());

        Assert.Equal(0.0, edf.RecordOnset(0));
        Assert.Equal(1.0, edf.RecordOnset(1));
        Assert.Equal(5.0, edf.RecordOnset(2));
    }

    [Fact]
    public void Annotations_exclude_time_keeping_split_multiple_texts_and_are_sorted_by_onset()
    {
        using var edf = EdfFile.Open(WriteFile());

        Assert.Equal(
            new[]
            {
                new EdfAnnotation(0.1, 0, "early"),      // written in record 1, onset before record 0's annotation
                new EdfAnnotation(0.5, 0.25, "stimulus"),
                new EdfAnnotation(5, 0, "after gap"),   // a further text in record 2's time-keeping TAL
                new EdfAnnotation(5.5, 2, "two"),       // one TAL, two texts: one annotation each, file order kept
                new EdfAnnotation(5.5, 2, "texts"),
            },
            edf.Annotations);
    }

    [Fact]
    public void ReadPhysical_counts_stored_samples_straight_across_the_gap()
    {
        using var edf = EdfFile.Open(WriteFile());
        var values = new double[6];

        edf.ReadPhysical(1, 6, values); // samples 6..11 of B: end of record 1, then record 2 (which starts 4 s later)

        Assert.Equal(new double[] { 16, 17, 18, 19, 20, 21 }, values);
    }

    [Fact]
    public void Record_without_time_keeping_TAL_is_an_error_naming_the_record()
    {
        string path = WriteFile(record0Tal: "+0.5\u0014stimulus\u0014\0");

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(0, error.Record);
        Assert.Contains("data record 0 of this discontinuous EDF+ file has no time-keeping TAL", error.Message);
    }

    [Fact]
    public void Overlapping_records_are_reported_as_a_warning()
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+D" }.AddSignal("A", 2).AddAnnotationSignal(8);
        builder.AddRecord(new[] { 0, 1 }, "+0" + Tk);
        builder.AddRecord(new[] { 2, 3 }, "+0.5" + Tk);
        using var edf = EdfFile.Open(_temp.Write("overlap.edf", builder.Build()));

        Assert.Equal(0.5, edf.RecordOnset(1));
        Assert.Contains("start before the previous record ends", Assert.Single(edf.Warnings));
    }
}
