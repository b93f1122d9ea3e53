using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>TAL parsing (EDF+ spec 2.2.2): malformed bytes are errors naming the record and the byte offset.</summary>
public sealed class EdfAnnotationParsingTests : IDisposable
{
    // S001R04.edf: header 16896 bytes, records of 20640 bytes, the annotation signal (64) starts 64 x 160 x 2 bytes into a record.
    private const long AnnotationSignalOffsetInRecord = 64 * 160 * 2;
    private readonly TempDirectory _temp = new();

    private static string S001R04 => SharedData.File("eegmmidb", "S001R04.edf");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Bad_byte_at_the_start_of_a_TAL_names_the_record_and_the_byte_offset()
    {
        long offset = 16896 + 4L * 20640 + AnnotationSignalOffsetInRecord;
        string path = _temp.CorruptCopy(S001R04, bytes => bytes[offset] = (byte)'X');

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal("TAL", error.Field);
        Assert.Equal(4, error.Record);
        Assert.Equal(64, error.SignalIndex);
        Assert.Equal(offset, error.ByteOffset);
        Assert.Contains(path, error.Message);
        Assert.Contains($"data record 4, byte offset {offset}", error.Message);
        Assert.Contains("expected '+' or '-'", error.Message);
    }

    [Fact]
    public void Letter_inside_an_onset_names_its_byte_offset()
    {
        // Record 4 of S001R04 starts "+4\x14\x14\0+4.2\x154.1\x14T2\x14": byte 7 is the '.' of "+4.2".
        long offset = 16896 + 4L * 20640 + AnnotationSignalOffsetInRecord + 7;
        string path = _temp.CorruptCopy(S001R04, bytes => bytes[offset] = (byte)'z');

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(offset, error.ByteOffset);
        Assert.Contains("the TAL onset may only hold digits and one '.'", error.Message);
    }

    [Fact]
    public void TAL_not_closed_before_the_end_of_the_annotation_signal_is_an_error()
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+C" }.AddSignal("A", 1).AddAnnotationSignal(4);
        builder.AddRecord(new[] { 0 }, "+0\u0014\u0014+0.5"); // 8 bytes, no 0x00 to close the first TAL
        string path = _temp.Write("unclosed.edf", builder.Build());

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(0, error.Record);
        Assert.Contains("not closed", error.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_an_annotation_text_is_an_error()
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+C" }.AddSignal("A", 1).AddAnnotationSignal(8);
        builder.AddRecord(new[] { 0 }, "+0\u0014\u0014\0+0\u0014XY\u0014\0");
        byte[] bytes = builder.Build();
        int text = 768 + 2 + 8; // 256 x (2 signals + 1) header bytes, signal A's sample, then "+0\x14\x14\0+0\x14"
        bytes[text] = 0xC3;     // a UTF-8 lead byte followed by 'Y': invalid
        string path = _temp.Write("utf8.edf", bytes);

        var error = Assert.Throws<EdfFormatException>(() => EdfFile.Open(path));

        Assert.Equal(text, error.ByteOffset);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void UTF8_annotation_texts_and_negative_onsets_are_read()
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+C" }.AddSignal("A", 1).AddAnnotationSignal(16);
        builder.AddRecord(new[] { 0 }, "+0\u0014\u0014\0-0.5\u00151.5\u0014Ruhe \u00e4\u00f6\u00fc\u0014\0");
        using var edf = EdfFile.Open(_temp.Write("texts.edf", builder.Build()));

        Assert.Equal(new EdfAnnotation(-0.5, 1.5, "Ruhe \u00e4\u00f6\u00fc"), Assert.Single(edf.Annotations));
    }

    [Fact]
    public void Continuous_file_with_a_missing_time_keeping_TAL_warns_and_keeps_continuous_timing()
    {
        var builder = new EdfTestFileBuilder { Reserved = "EDF+C" }.AddSignal("A", 1).AddAnnotationSignal(8);
        builder.AddRecord(new[] { 0 }, "+0\u0014\u0014\0");
        builder.AddRecord(new[] { 1 }, "+1.5\u0014note\u0014\0");
        using var edf = EdfFile.Open(_temp.Write("missing.edf", builder.Build()));

        Assert.Equal(1.0, edf.RecordOnset(1));
        Assert.Contains("have no time-keeping TAL", Assert.Single(edf.Warnings));
        Assert.Equal(new EdfAnnotation(1.5, 0, "note"), Assert.Single(edf.Annotations));
    }
}
