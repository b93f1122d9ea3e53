using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>
/// A data part that does not match 'number of data records' (S001R04.edf: header 16896 bytes, records of 20640 bytes,
/// 125 declared): whole records are read, the difference is a warning, and no whole record at all is an error.
/// </summary>
public sealed class EdfDataPartTests : IDisposable
{
    private const int HeaderBytes = 16896;
    private const int RecordBytes = 20640;
    private readonly TempDirectory _temp = new();

    private static string S001R04 => SharedData.File("eegmmidb", "S001R04.edf");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Data_cut_in_the_middle_of_a_record_opens_with_the_whole_records_and_a_truncation_warning()
    {
        string path = _temp.CorruptCopy(S001R04, length: HeaderBytes + 10L * RecordBytes + RecordBytes / 2);

        using var edf = EdfFile.Open(path);

        Assert.Equal(10, edf.RecordCount);
        Assert.Equal(125, edf.DeclaredRecordCount);
        string warning = Assert.Single(edf.Warnings);
        Assert.Contains(path, warning);
        Assert.Contains("truncated", warning);
        Assert.Contains("declares 125 data records", warning);
        Assert.Contains("only 10 whole records", warning);
        Assert.Contains($"last {RecordBytes / 2} bytes", warning);
    }

    [Fact]
    public void Truncated_file_reads_its_last_whole_record_like_the_complete_file()
    {
        string path = _temp.CorruptCopy(S001R04, length: HeaderBytes + 10L * RecordBytes + 7);
        using var truncated = EdfFile.Open(path);
        using var complete = EdfFile.Open(S001R04);
        int[] signals = Enumerable.Range(0, 64).ToArray();
        var expected = new float[160 * 64];
        var actual = new float[160 * 64];

        complete.ReadRecordInterleaved(9, signals, expected);
        truncated.ReadRecordInterleaved(9, signals, actual);

        Assert.Equal(expected, actual);
        Assert.Throws<ArgumentOutOfRangeException>(() => truncated.ReadRecordInterleaved(10, signals, actual));
    }

    [Fact]
    public void Truncated_file_keeps_only_the_annotations_of_the_records_present()
    {
        string path = _temp.CorruptCopy(S001R04, length: HeaderBytes + 10L * RecordBytes + 7);
        using var edf = EdfFile.Open(path);

        Assert.NotEmpty(edf.Annotations);
        Assert.All(edf.Annotations, a => Assert.True(a.Onset < 10, $"annotation '{a.Text}' at {a.Onset} s lies beyond the 10 records present"));
    }

    [Fact]
    public void Data_part_without_one_whole_record_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, length: HeaderBytes + RecordBytes - 1);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("data records", error.Field);
        Assert.Contains(path, error.Message);
        Assert.Contains("zero whole data records", error.Message);
    }

    [Fact]
    public void Declared_zero_records_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 236, 8, "0"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Contains("zero whole data records (declared 0", error.Message);
    }

    [Fact]
    public void Record_count_minus_one_derives_the_count_from_the_file_size_with_a_warning()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 236, 8, "-1"), length: HeaderBytes + 40L * RecordBytes + 100);

        using var edf = EdfFile.Open(path);

        Assert.Equal(-1, edf.DeclaredRecordCount);
        Assert.Equal(40, edf.RecordCount);
        string warning = Assert.Single(edf.Warnings);
        Assert.Contains("is -1", warning);
        Assert.Contains("40 whole records were derived from the file size", warning);
        Assert.Contains("last 100 bytes", warning);
    }

    [Fact]
    public void Bytes_after_the_declared_records_are_ignored_with_a_warning()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 236, 8, "120"));

        using var edf = EdfFile.Open(path);

        Assert.Equal(120, edf.RecordCount);
        string warning = Assert.Single(edf.Warnings);
        Assert.Contains($"{5 * RecordBytes} bytes after the last of its 120 declared data records", warning);
    }
}
