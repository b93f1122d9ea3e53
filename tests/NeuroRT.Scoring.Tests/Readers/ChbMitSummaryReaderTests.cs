using NeuroRT.Scoring.Readers;
using NeuroRT.Scoring.Tests.Support;

namespace NeuroRT.Scoring.Tests.Readers;

/// <summary>CHB-MIT summaries: the shared chb01/chb05 (plain form) and chb08 (numbered form) files, and broken hand-made ones.</summary>
public sealed class ChbMitSummaryReaderTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Summary(string subject) => SharedData.File("chbmit", $"{subject}-summary.txt");

    [Fact]
    public void Chb01_lists_42_recordings_with_the_7_seizures_of_its_seizures_files()
    {
        var all = ChbMitSummaryReader.ReadAll(Summary("chb01"));
        Assert.Equal(42, all.Count);
        Assert.Equal(7, all.Sum(r => r.Seizures.Count));
        (string, double, double)[] expected =
        [
            ("chb01_03.edf", 2996, 3036), ("chb01_04.edf", 1467, 1494), ("chb01_15.edf", 1732, 1772), ("chb01_16.edf", 1015, 1066),
            ("chb01_18.edf", 1720, 1810), ("chb01_21.edf", 327, 420), ("chb01_26.edf", 1862, 1963),
        ];
        Assert.Equal(expected, all.SelectMany(r => r.Seizures.Select(s => (r.FileName, s.Onset, s.Offset))));
    }

    [Fact]
    public void One_recording_is_chosen_by_its_file_name_with_or_without_extension()
    {
        var file = ChbMitSummaryReader.Read(Summary("chb01"), "chb01_03.edf");
        var seizure = Assert.Single(file.Events);
        Assert.Equal((2996.0, 3036.0), (seizure.Onset, seizure.Offset));
        Assert.Equal(3600, file.RecordingDuration); // 13:43:04 to 14:43:04
        Assert.Contains("chb01-summary.txt:44", seizure.Origin);

        Assert.Single(ChbMitSummaryReader.Read(Summary("chb01"), "CHB01_03").Events);
        Assert.Empty(ChbMitSummaryReader.Read(Summary("chb01"), "chb01_01.edf").Events);
        Assert.Equal(3600, ChbMitSummaryReader.Read(Summary("chb01"), "chb01_13.edf").RecordingDuration); // 23:44:29 to 24:44:29
    }

    [Fact]
    public void Chb05_plain_form_gives_its_5_seizures()
    {
        var all = ChbMitSummaryReader.ReadAll(Summary("chb05"));
        Assert.Equal(39, all.Count);
        (string, double, double)[] expected =
        [
            ("chb05_06.edf", 417, 532), ("chb05_13.edf", 1086, 1196), ("chb05_16.edf", 2317, 2413), ("chb05_17.edf", 2451, 2571), ("chb05_22.edf", 2348, 2465),
        ];
        Assert.Equal(expected, all.SelectMany(r => r.Seizures.Select(s => (r.FileName, s.Onset, s.Offset))));
    }

    [Fact]
    public void Chb08_numbered_form_gives_its_5_seizures()
    {
        var all = ChbMitSummaryReader.ReadAll(Summary("chb08"));
        Assert.Equal(20, all.Count);
        (string, double, double)[] expected =
        [
            ("chb08_02.edf", 2670, 2841), ("chb08_05.edf", 2856, 3046), ("chb08_11.edf", 2988, 3122), ("chb08_13.edf", 2417, 2577), ("chb08_21.edf", 2083, 2347),
        ];
        Assert.Equal(expected, all.SelectMany(r => r.Seizures.Select(s => (r.FileName, s.Onset, s.Offset))));
    }

    [Fact]
    public void A_missing_or_unknown_recording_name_is_an_error_that_says_what_is_listed()
    {
        var none = Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(Summary("chb01"), null));
        Assert.Contains("lists 42 recordings (chb01_01.edf ... chb01_46.edf)", none.Message);
        Assert.Contains("--recording-name", none.Message);

        var unknown = Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(Summary("chb01"), "chb02_01.edf"));
        Assert.Contains("no recording named 'chb02_01.edf'", unknown.Message);
    }

    [Fact]
    public void A_count_that_does_not_match_the_listed_seizures_names_the_line()
    {
        string path = _temp.Write("bad-summary.txt",
            "File Name: x_01.edf\nFile Start Time: 10:00:00\nFile End Time: 11:00:00\nNumber of Seizures in File: 2\nSeizure 1 Start Time: 10 seconds\nSeizure 1 End Time: 20 seconds\n");
        var error = Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(path, "x_01.edf"));
        Assert.Contains($"{path}:4", error.Message);
        Assert.Contains("declares 2 seizure(s) but lists 1", error.Message);
    }

    [Fact]
    public void Unpaired_or_unreadable_seizure_lines_name_the_line()
    {
        string endFirst = _temp.Write("end-first.txt", "File Name: x_01.edf\nNumber of Seizures in File: 1\nSeizure End Time: 20 seconds\n");
        Assert.Contains($"{endFirst}:3", Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(endFirst, null)).Message);

        string garbled = _temp.Write("garbled.txt", "File Name: x_01.edf\nNumber of Seizures in File: 1\nSeizure Start Time: about 20 seconds\n");
        var error = Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(garbled, null));
        Assert.Contains($"{garbled}:3", error.Message);
        Assert.Contains("not a seizure time line", error.Message);

        string backwards = _temp.Write("backwards.txt", "File Name: x_01.edf\nSeizure Start Time: 30 seconds\nSeizure End Time: 20 seconds\n");
        Assert.Contains($"{backwards}:3", Assert.Throws<ScoringInputException>(() => ChbMitSummaryReader.Read(backwards, null)).Message);
    }

    [Fact]
    public void A_recording_written_past_midnight_from_00_gets_its_duration()
    {
        string path = _temp.Write("midnight.txt", "File Name: x_01.edf\nFile Start Time: 23:30:00\nFile End Time: 00:30:00\nNumber of Seizures in File: 0\n");
        Assert.Equal(3600, ChbMitSummaryReader.Read(path, null).RecordingDuration);
    }
}
