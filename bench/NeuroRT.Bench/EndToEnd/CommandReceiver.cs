using System.Diagnostics;
using NeuroRT.Core.Time;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// The harness's ear: an inlet on the node's command (marker) stream, pulled in a tight loop on its own
/// thread. Each marker's timestamp is the source timestamp of the sample that produced it, which names
/// the sample, whose push time the <see cref="Amplifier"/> kept: latency = marker pulled - sample pushed,
/// both on this process's Stopwatch. Markers of samples pushed during warm-up are counted, not measured.
/// </summary>
public sealed class CommandReceiver : IDisposable
{
    private readonly Amplifier _amplifier;
    private readonly LslInlet _inlet;
    private readonly Thread _thread;
    private readonly int _firstMeasured;
    private volatile bool _stop;

    private readonly int _intervalSamples;

    private CommandReceiver(Amplifier amplifier, LslInlet inlet, int firstMeasured, int capacity, double intervalSeconds)
    {
        _amplifier = amplifier;
        _inlet = inlet;
        _firstMeasured = firstMeasured;
        Latency = new LatencySamples("push -> command received", capacity);
        _intervalSamples = intervalSeconds > 0 ? Math.Max(1, (int)(intervalSeconds * amplifier.Rate)) : 0;
        int intervals = _intervalSamples > 0 ? (amplifier.TotalSamples - firstMeasured + _intervalSamples - 1) / _intervalSamples : 0;
        Intervals = new LatencySamples[intervals];
        for (int i = 0; i < intervals; i++) Intervals[i] = new LatencySamples($"interval {i + 1}", capacity / intervals + 1000);
        _thread = new Thread(Loop) { Name = "e2e-receiver", IsBackground = true };
    }

    /// <summary>The measured latencies.</summary>
    public LatencySamples Latency { get; }

    /// <summary>The same latencies split by the time of their sample, one per interval of the measured part (empty when not asked for).</summary>
    public LatencySamples[] Intervals { get; }

    /// <summary>Markers received in all.</summary>
    public long Received { get; private set; }

    /// <summary>Markers whose timestamp named no pushed sample (must stay 0).</summary>
    public long Unmatched { get; private set; }

    /// <summary>Markers whose text was <see cref="EventClass"/> right after one that was not (detections), measured part only.</summary>
    public long Detections { get; private set; }

    /// <summary>Class name counted as a detection (null: no detection count).</summary>
    public string? EventClass { get; init; }

    /// <summary>Why the receiver stopped early, if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Resolves <paramref name="stream"/> (the node's marker outlet), connects and starts pulling.</summary>
    public static CommandReceiver Connect(LslConfig config, string stream, Amplifier amplifier, int firstMeasured, int capacity, string? eventClass, double timeoutSeconds, double intervalSeconds = 0)
    {
        IReadOnlyList<LslStreamInfo> found;
        using (var resolver = new LslResolver(config, Lsl.Diagnostics.StderrLslLog.Instance))
            found = resolver.Resolve(StreamQuery.ByProperty(config.SessionId, "name", stream), 1, timeoutSeconds);
        if (found.Count == 0) throw new InvalidOperationException($"the node's command stream '{stream}' did not appear within {timeoutSeconds} s (session {config.SessionId})");
        var inlet = new LslInlet(found[0], new LslInletOptions { Config = config, ClockSync = false });
        inlet.Open(10);
        var receiver = new CommandReceiver(amplifier, inlet, firstMeasured, capacity, intervalSeconds) { EventClass = eventClass };
        receiver._thread.Start();
        return receiver;
    }

    private void Loop()
    {
        try
        {
            var chunk = new SampleChunk(ChannelFormat.String, 1, 4096);
            bool previousWasEvent = false;
            byte[] eventText = EventClass is null ? [] : System.Text.Encoding.UTF8.GetBytes(EventClass);
            while (!_stop)
            {
                int n = _inlet.Pull(chunk, 50);
                if (n == 0) continue;
                long now = Stopwatch.GetTimestamp();
                var pushTicks = _amplifier.PushTicks;
                for (int s = 0; s < n; s++)
                {
                    Received++;
                    int index = _amplifier.IndexOf(chunk.Timestamps[s]);
                    if (index < 0 || pushTicks[index] == 0)
                    {
                        Unmatched++;
                        continue;
                    }

                    bool isEvent = EventClass is not null && chunk.TextAt(s, 0).SequenceEqual(eventText);
                    if (index < _firstMeasured)
                    {
                        previousWasEvent = isEvent;
                        continue;
                    }

                    long latency = LocalClock.ToNanoseconds(now - pushTicks[index]);
                    Latency.Record(latency);
                    if (_intervalSamples > 0) Intervals[Math.Min(Intervals.Length - 1, (index - _firstMeasured) / _intervalSamples)].Record(latency);
                    if (isEvent && !previousWasEvent) Detections++;
                    previousWasEvent = isEvent;
                }
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }

    /// <summary>Waits until markers stop arriving for <paramref name="quietMs"/> (the tail of the run), then stops.</summary>
    public void Finish(int quietMs)
    {
        long last = -1;
        while (Received != last)
        {
            last = Received;
            Thread.Sleep(quietMs);
        }

        _stop = true;
        _thread.Join(2000);
    }

    /// <summary>Stops pulling and closes the inlet.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join(2000);
        _inlet.Dispose();
    }
}
