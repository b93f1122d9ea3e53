using System.Text;
using NeuroRT.Dashboard.Alarms;

namespace NeuroRT.Dashboard.Tests;

/// <summary>How the dashboard follows an alarm log: this run's lines only, whole lines only, alarm and offset paired.</summary>
public sealed class AlarmLogTailTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-alarm-tail-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Alarm3 = """{"event":"alarm","seq":3,"onset":1200.25,"confirmed":1210.25,"peak":0.93,"wall":"2026-12-02T04:30:00.1234567Z","output":"alarm","source":"seizure"}""";
    private const string Offset3 = """{"event":"offset","seq":3,"onset":1200.25,"confirmed":1210.25,"offset":1262.5,"duration":62.25,"peak":0.97,"wall":"2026-12-02T04:30:52.3456789Z","output":"alarm","source":"seizure"}""";
    private const string Failed3 = """{"event":"announce-failed","seq":3,"of":"alarm","announcer":"exec","attempts":4,"error":"pager busy","wall":"2026-12-02T04:30:07.9876543Z","output":"alarm"}""";

    [Fact]
    public void Lines_of_earlier_runs_are_skipped_and_a_line_is_read_once_its_newline_is_written()
    {
        string path = Path.Combine(_folder, "alarms.jsonl");
        File.WriteAllText(path, """{"event":"alarm","seq":2,"onset":5,"confirmed":10,"peak":0.9,"wall":"x","output":"alarm","source":"seizure"}""" + "\n");
        var tail = new AlarmLogTail("alarm", path);
        tail.Begin();
        tail.Poll();
        Assert.Empty(tail.Alarms);

        File.AppendAllText(path, Alarm3[..40]);
        tail.Poll();
        Assert.Empty(tail.Alarms); // half a line: not yet
        File.AppendAllText(path, Alarm3[40..] + "\n" + Failed3 + "\n");
        tail.Poll();
        var alarm = Assert.Single(tail.Alarms);
        Assert.Equal((3L, 1200.25, 1210.25, 0.93), (alarm.Sequence, alarm.Onset, alarm.Confirmed, Math.Round(alarm.Peak, 2)));
        Assert.True(double.IsNaN(alarm.Offset));
        Assert.Equal(1, alarm.AnnounceFailures);

        File.AppendAllText(path, Offset3 + "\n");
        tail.Poll();
        alarm = Assert.Single(tail.Alarms);
        Assert.Equal(1262.5, alarm.Offset);
        Assert.Equal(0.97, Math.Round(alarm.Peak, 2));
        Assert.Null(tail.Problem);
    }

    [Fact]
    public void A_log_that_does_not_exist_yet_is_followed_from_its_creation_and_a_removed_torn_line_does_not_hide_later_ones()
    {
        string path = Path.Combine(_folder, "later.jsonl");
        var tail = new AlarmLogTail("alarm", path);
        tail.Begin();
        tail.Poll();
        Assert.Empty(tail.Alarms);

        // A killed run's torn line, seen at Begin, then removed by the plugin at its start.
        File.WriteAllText(path, Alarm3 + "\n" + "{\"event\":\"alarm\",\"seq\":4,");
        tail = new AlarmLogTail("alarm", path);
        tail.Begin();
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(Alarm3 + "\n"));
        tail.Poll();
        File.AppendAllText(path, Offset3.Replace("\"seq\":3", "\"seq\":4", StringComparison.Ordinal) + "\n");
        tail.Poll();
        var alarm = Assert.Single(tail.Alarms);
        Assert.Equal(4, alarm.Sequence);
        Assert.Equal(1262.5, alarm.Offset);
    }
}
