namespace NeuroRT.Dashboard.Alarms;

/// <summary>One alarm as its log lines describe it: times in seconds of the stream's clock; offset NaN while raised.</summary>
internal sealed class AlarmMark(long sequence, double onset, double confirmed, double peak)
{
    public long Sequence => sequence;
    public double Onset => onset;
    public double Confirmed => confirmed;
    public double Peak { get; set; } = peak;
    public double Offset { get; set; } = double.NaN;
    public int AnnounceFailures { get; set; }
}
