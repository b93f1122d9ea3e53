using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>
/// Corrupted copies of S001R04.edf (65 signals, header 16896 bytes) must fail with an <see cref="EdfFormatException"/>
/// that names the file and the field (and the signal where there is one), never crash or return garbage.
/// </summary>
public sealed class EdfHeaderValidationTests : IDisposable
{
    private const int SignalCount = 65;
    private readonly TempDirectory _temp = new();

    private static string S001R04 => SharedData.File("eegmmidb", "S001R04.edf");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Header_cut_at_100_bytes_names_the_file_and_the_fixed_header()
    {
        string path = _temp.CorruptCopy(S001R04, length: 100);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(path, error.Path);
        Assert.Equal("fixed header", error.Field);
        Assert.Contains(path, error.Message);
        Assert.Contains("100 bytes", error.Message);
    }

    [Fact]
    public void Header_cut_inside_the_signal_header_names_the_file_and_the_header_size_field()
    {
        string path = _temp.CorruptCopy(S001R04, length: 256 + 10 * 256);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of bytes in header record", error.Field);
        Assert.Contains(path, error.Message);
        Assert.Contains("'number of bytes in header record'", error.Message);
        Assert.Contains("16896", error.Message);
        Assert.Contains("2816", error.Message);
    }

    [Fact]
    public void Non_numeric_signal_count_names_the_number_of_signals_field_and_its_bytes()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 252, 4, "abc"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of signals", error.Field);
        Assert.Equal(
            $"{path}: header field 'number of signals' (bytes 252-255) is 'abc', expected an integer. The file is not a valid EDF file or its header is corrupt.",
            error.Message);
    }

    [Fact]
    public void Non_numeric_record_count_names_the_number_of_data_records_field()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 236, 8, "abc"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of data records", error.Field);
        Assert.Equal(236, error.ByteOffset);
        Assert.Equal(
            $"{path}: header field 'number of data records' (bytes 236-243) is 'abc', expected an integer. The file is not a valid EDF file or its header is corrupt.",
            error.Message);
    }

    [Fact]
    public void Non_numeric_digital_maximum_names_the_field_and_the_signal()
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 128, 8, signal: 8);
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, offset, 8, "abc"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("digital maximum", error.Field);
        Assert.Equal(8, error.SignalIndex);
        Assert.Contains(path, error.Message);
        Assert.Contains($"header field 'digital maximum' of signal 8 'C3..' (bytes {offset}-{offset + 7}) is 'abc'", error.Message);
    }

    [Fact]
    public void Digital_minimum_not_below_digital_maximum_names_the_signal_label()
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 120, 8, signal: 5);
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, offset, 8, "8092"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("digital minimum", error.Field);
        Assert.Equal(5, error.SignalIndex);
        Assert.Contains("signal 5 'Fc4.'", error.Message);
        Assert.Contains("'digital minimum' 8092 is not below 'digital maximum' 8092", error.Message);
    }

    [Fact]
    public void Physical_minimum_equal_to_physical_maximum_names_the_signal_label()
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 104, 8, signal: 8);
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, offset, 8, "8092"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(8, error.SignalIndex);
        Assert.Contains("signal 8 'C3..'", error.Message);
        Assert.Contains("'physical minimum' equals 'physical maximum'", error.Message);
    }

    [Fact]
    public void Digital_maximum_beyond_the_16_bit_sample_word_is_rejected()
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 128, 8, signal: 3);
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, offset, 8, "40000"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("digital maximum", error.Field);
        Assert.Contains("16-bit sample range -32768..32767", error.Message);
    }

    [Theory]
    [InlineData("1       ")]
    [InlineData("EDF     ")]
    public void Version_other_than_0_is_rejected_naming_the_version_field(string version)
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 0, 8, version));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("version", error.Field);
        Assert.Contains("(bytes 0-7)", error.Message);
        Assert.Contains("BIOSEMI", error.Message);
    }

    [Fact]
    public void Header_size_field_that_disagrees_with_the_signal_count_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 184, 8, "16640"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of bytes in header record", error.Field);
        Assert.Contains("is 16640", error.Message);
        Assert.Contains("= 16896 bytes", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("5000")]
    public void Signal_count_out_of_range_is_rejected(string count)
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 252, 4, count));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of signals", error.Field);
        Assert.Contains($"is {count}, expected 1 to 4096 signals", error.Message);
    }

    [Theory]
    [InlineData("-1", "expected a duration >= 0")]
    [InlineData("NaN", "expected a finite decimal number")]
    [InlineData("0", "only for files holding nothing but annotation signals")]
    public void Record_duration_negative_nan_or_zero_is_rejected(string duration, string expected)
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 244, 8, duration));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("duration of a data record", error.Field);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Record_count_below_minus_one_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 236, 8, "-2"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of data records", error.Field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-160")]
    public void Samples_per_record_not_positive_names_the_signal(string samples)
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 216, 8, signal: 10);
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, offset, 8, samples));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("number of samples in each data record", error.Field);
        Assert.Equal(10, error.SignalIndex);
        Assert.Contains("signal 10 'Cz..'", error.Message);
    }

    [Fact]
    public void Non_ascii_byte_in_a_label_names_the_field_signal_and_byte_offset()
    {
        int offset = HeaderPatch.SignalFieldOffset(SignalCount, 0, 16, signal: 2) + 1;
        string path = _temp.CorruptCopy(S001R04, bytes => bytes[offset] = 0xE9);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("label", error.Field);
        Assert.Equal(2, error.SignalIndex);
        Assert.Contains($"contains byte 0xE9 at byte offset {offset}", error.Message);
        Assert.Contains("printable ASCII (32..126)", error.Message);
    }

    [Fact]
    public void Control_byte_in_the_patient_field_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => bytes[20] = 0x0A);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("local patient identification", error.Field);
        Assert.Contains("byte 0x0A at byte offset 20", error.Message);
    }

    [Fact]
    public void Malformed_start_date_names_the_startdate_field()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 168, 8, "12/08/09"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("startdate of recording", error.Field);
        Assert.Contains("expected dd.mm.yy", error.Message);
    }

    [Fact]
    public void Reserved_field_with_an_unknown_EDF_plus_kind_is_rejected()
    {
        string path = _temp.CorruptCopy(S001R04, bytes => HeaderPatch.Field(bytes, 192, 44, "EDF+X"));

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("reserved", error.Field);
        Assert.Contains("'EDF+C' (continuous) or 'EDF+D' (discontinuous)", error.Message);
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => EdfFile.Open(Path.Combine(_temp.FullPath, "absent.edf")));
    }
}
