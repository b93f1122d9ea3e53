using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>Start date and time: dd.mm.yy with the spec's 1985-2084 clipping, or the EDF+ 4-digit 'Startdate' year.</summary>
public sealed class EdfStartTimeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private EdfFile Open(string reserved, string recordingId, string date, string time = "13.14.15")
    {
        var builder = new EdfTestFileBuilder { Reserved = reserved, RecordingId = recordingId, StartDate = date, StartTime = time }.AddSignal("A", 1);
        if (reserved.Length > 0)
        {
            builder.AddAnnotationSignal(4);
            builder.AddRecord(new[] { 0 }, "+0\u0014\u0014\0");
        }
        else
        {
            builder.AddRecord(new[] { 0 });
        }

        return EdfFile.Open(_temp.Write("start.edf", builder.Build()));
    }

    [Theory]
    [InlineData("31.12.85", 1985)]
    [InlineData("01.01.99", 1999)]
    [InlineData("01.01.00", 2000)]
    [InlineData("31.12.84", 2084)]
    public void Two_digit_year_is_clipped_to_1985_to_2084(string date, int year)
    {
        using var edf = Open("", "free text", date);

        Assert.Equal(year, edf.StartTime.Year);
        Assert.Equal(new TimeSpan(13, 14, 15), edf.StartTime.TimeOfDay);
    }

    [Fact]
    public void EDF_plus_startdate_supplies_the_four_digit_year()
    {
        using var edf = Open("EDF+C", "Startdate 02-MAR-2091 X X X", "02.03.yy");

        Assert.Equal(new DateTime(2091, 3, 2, 13, 14, 15), edf.StartTime);
        Assert.Empty(edf.Warnings);
    }

    [Fact]
    public void EDF_plus_startdate_X_falls_back_to_the_two_digit_year()
    {
        using var edf = Open("EDF+C", "Startdate X X X X", "02.03.04");

        Assert.Equal(new DateTime(2004, 3, 2, 13, 14, 15), edf.StartTime);
    }

    [Fact]
    public void Impossible_date_gives_MinValue_and_a_warning()
    {
        using var edf = Open("", "free text", "00.00.00");

        Assert.Equal(DateTime.MinValue, edf.StartTime);
        Assert.Contains("not a real date and time", Assert.Single(edf.Warnings));
    }

    [Fact]
    public void Non_digit_start_time_names_the_starttime_field()
    {
        var error = Assert.Throws<EdfFormatException>(() => Open("", "free text", "01.01.01", "12:00:00"));

        Assert.Equal("starttime of recording", error.Field);
        Assert.Contains("(bytes 176-183) is '12:00:00', expected hh.mm.ss", error.Message);
    }
}
