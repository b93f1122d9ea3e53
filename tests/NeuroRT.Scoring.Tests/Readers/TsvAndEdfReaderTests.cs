using NeuroRT.Formats.Tests.Edf.Support;
using NeuroRT.Scoring.Readers;
using NeuroRT.Scoring.Tests.Support;

namespace NeuroRT.Scoring.Tests.Readers;

/// <summary>BIDS-style TSV (SzCORE's columns) and EDF+ annotations.</summary>
public sealed class TsvAndEdfReaderTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Tsv_rows_whose_eventType_starts_with_sz_are_seizures()
    {
        string path = _temp.Write("sub-01_events.tsv",
            "onset\tduration\teventType\tconfidence\tchannels\tdateTime\trecordingDuration\n" +
            "0\t2996\tbckg\tn/a\tn/a\t2000-01-01 13:43:04\t3600\n" +
            "2996\t40\tsz_foc_ia_m_automatisms\tn/a\tn/a\t2000-01-01 13:43:04\t3600\n" +
            "3100.5\t10\tsz\tn/a\tn/a\t2000-01-01 13:43:04\t3600\n");
        var file = TsvEventReader.Read(path);
        Assert.Equal([(2996.0, 3036.0), (3100.5, 3110.5)], file.Events.Select(e => (e.Onset, e.Offset)));
        Assert.Equal(3600, file.RecordingDuration);
        Assert.Equal($"{path}:3", file.Events[0].Origin);
    }

    [Fact]
    public void Tsv_without_a_column_or_with_a_bad_number_names_file_and_line()
    {
        string noType = _temp.Write("a.tsv", "onset\tduration\n1\t2\n");
        var missing = Assert.Throws<ScoringInputException>(() => TsvEventReader.Read(noType));
        Assert.Contains($"{noType}:1", missing.Message);
        Assert.Contains("no 'eventType' column", missing.Message);

        string badOnset = _temp.Write("b.tsv", "onset\tduration\teventType\n0\t5\tbckg\n1x\t2\tsz\n");
        var bad = Assert.Throws<ScoringInputException>(() => TsvEventReader.Read(badOnset));
        Assert.Contains($"{badOnset}:3", bad.Message);
        Assert.Contains("onset '1x' is not a number", bad.Message);

        string shortRow = _temp.Write("c.tsv", "onset\tduration\teventType\n1\tsz\n");
        Assert.Contains($"{shortRow}:2", Assert.Throws<ScoringInputException>(() => TsvEventReader.Read(shortRow)).Message);
    }

    [Fact]
    public void Edf_annotations_containing_seiz_are_seizures_and_the_duration_is_the_records()
    {
        // 10 records of 1 s; TALs: "Seizure" at 2 s for 3 s, "eyes closed" at 4 s, "SEIZ end?" at 7 s without duration.
        var builder = new EdfTestFileBuilder { Reserved = "EDF+C" }.AddSignal("A", 1).AddAnnotationSignal(30);
        for (int r = 0; r < 10; r++)
        {
            string tal = $"+{r}\u0014\u0014\0" + r switch
            {
                2 => "+2\u00153\u0014Seizure\u0014\0",
                4 => "+4\u0014eyes closed\u0014\0",
                7 => "+7\u0014SEIZ end?\u0014\0",
                _ => "",
            };
            builder.AddRecord(new[] { 0 }, tal);
        }

        string path = _temp.Write("rec.edf", builder.Build());
        var file = EdfAnnotationReader.Read(path);
        Assert.Equal([(2.0, 5.0), (7.0, 7.0)], file.Events.Select(e => (e.Onset, e.Offset)));
        Assert.Equal(10, file.RecordingDuration);
        Assert.Contains("\"Seizure\"", file.Events[0].Origin);

        var chosen = EdfAnnotationReader.Read(path, ["eyes"]);
        Assert.Equal([(4.0, 4.0)], chosen.Events.Select(e => (e.Onset, e.Offset)));
    }

    [Fact]
    public void The_reader_is_picked_by_name_and_content()
    {
        string tsv = _temp.Write("x.tsv", "onset\tduration\teventType\n1\t2\tsz\n");
        Assert.Equal("TSV events", EventReaders.Read(tsv, new ReadOptions()).Format);
        string log = _temp.Write("alarms.jsonl", "{\"event\":\"alarm\",\"seq\":1,\"onset\":5,\"confirmed\":6,\"peak\":1,\"wall\":\"w\",\"output\":\"alarm\",\"source\":\"s\"}\n");
        Assert.Equal("seizure-alarm log", EventReaders.Read(log, new ReadOptions { RecordingEnd = 100 }).Format);
        string summary = _temp.Write("s.txt", "File Name: x_01.edf\nNumber of Seizures in File: 0\n");
        Assert.StartsWith("CHB-MIT summary", EventReaders.Read(summary, new ReadOptions()).Format);
        string other = _temp.Write("notes.md", "# notes\n");
        Assert.Contains("not a format neurort score reads", Assert.Throws<ScoringInputException>(() => EventReaders.Read(other, new ReadOptions())).Message);
    }
}
