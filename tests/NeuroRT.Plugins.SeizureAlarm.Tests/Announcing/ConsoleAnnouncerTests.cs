using NeuroRT.Plugins.SeizureAlarm.Announcing;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Tests.Announcing;

public sealed class ConsoleAnnouncerTests
{
    private static readonly AlarmEvent Alarm = new()
    {
        Kind = AlarmEventKind.Alarm, Sequence = 3, Onset = 1200.25, Confirmed = 1210.25, Peak = 0.93f,
        Wall = new DateTime(2026, 12, 2, 4, 30, 0, DateTimeKind.Utc), Output = "alarm", Source = "seizure",
    };

    [Fact]
    public void Alarms_and_offsets_are_one_clear_line_each()
    {
        var writer = new StringWriter();
        using var console = new ConsoleAnnouncer(writer);
        console.Announce(Alarm, CancellationToken.None);
        console.Announce(Alarm with { Kind = AlarmEventKind.Offset, Offset = 1262.5, Peak = 0.97f }, CancellationToken.None);
        Assert.Equal(
            [
                "SEIZURE ALARM #3 (alarm): onset 1200.250 s, confirmed 1210.250 s (+10.000 s), peak 0.93 [2026-12-02T04:30:00.0000000Z]",
                "seizure alarm #3 ended (alarm): offset 1262.500 s, lasted 62.250 s from onset, peak 0.97 [2026-12-02T04:30:00.0000000Z]",
            ],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Lsl_marker_texts_carry_the_source_times()
    {
        Assert.Equal("seizure-alarm onset seq=3 onset=1200.25 confirmed=1210.25 peak=0.93", LslAnnouncer.Text(Alarm));
        Assert.Equal("seizure-alarm offset seq=3 onset=1200.25 offset=1262.5 peak=0.97", LslAnnouncer.Text(Alarm with { Kind = AlarmEventKind.Offset, Offset = 1262.5, Peak = 0.97f }));
    }
}
