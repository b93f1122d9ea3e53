using NeuroRT.Plugins;
using NeuroRT.Plugins.SeizureAlarm;
using NeuroRT.Plugins.SeizureAlarm.Announcing;
using NeuroRT.Plugins.SeizureAlarm.Harness;
using NeuroRT.Plugins.SeizureAlarm.Log;

// AlarmHarness LOG kill|finish
//   Feeds a synthetic detector sequence (4 Hz: 5 s at 0.1, then 0.9 until the alarm is raised 10 s after onset)
//   into the seizure-alarm plugin through a recording host. An announcer prints "ALARM RAISED <seq>" as soon as
//   it is given the alarm. kill: that announcer then never returns and the feeding stops, so the process waits
//   to be killed with the alarm raised and its announcement in progress. finish: the sequence goes on to the
//   offset (0.1 again), the plugin closes and the process exits 0.
if (args.Length != 2 || args[1] is not ("kill" or "finish"))
{
    Console.Error.WriteLine("usage: AlarmHarness LOG kill|finish");
    return 2;
}

bool kill = args[1] == "kill";
string log = Path.GetFullPath(args[0]);
var host = new RecordingHost(Path.GetDirectoryName(log)!, "background", "seizure") { Echo = true };
var output = new SeizureAlarmOutput { Value = "seizure", Threshold = 0.5, Confirm = 10, Refractory = 0, LogFile = Path.GetFileName(log), ConsoleAnnounce = false };
var raised = new ManualResetEventSlim();
output.AddAnnouncer(new MarkerAnnouncer(kill, raised));
output.Open(host);

float[] values = new float[2];
long sequence = 0;
double t = 0;
void Feed(float seizure, double seconds)
{
    for (double end = t + seconds; t < end; t += 0.25)
    {
        values[0] = 1 - seizure;
        values[1] = seizure;
        output.Send(new Command(seizure >= 0.5 ? "seizure" : "background", values, Math.Max(seizure, 1 - seizure), t, sequence++, 0, 0));
    }
}

Feed(0.1f, 5);
Feed(0.9f, 10.25); // onset at 5 s, confirmed at 15 s
if (kill)
{
    raised.Wait();
    Thread.Sleep(Timeout.Infinite); // killed here
}

Feed(0.1f, 2);
output.Close();
output.Dispose();
return 0;

/// <summary>Prints "ALARM RAISED seq" when it is given an alarm; in kill mode it then never finishes.</summary>
internal sealed class MarkerAnnouncer(bool block, ManualResetEventSlim raised) : IAlarmAnnouncer
{
    public string Name => "harness";

    public void Announce(AlarmEvent alarm, CancellationToken cancel)
    {
        if (alarm.Kind != AlarmEventKind.Alarm) return;
        Console.Out.WriteLine($"ALARM RAISED {alarm.Sequence}");
        Console.Out.Flush();
        raised.Set();
        if (block) cancel.WaitHandle.WaitOne();
    }

    public void Dispose()
    {
    }
}
