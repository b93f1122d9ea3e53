using System.Collections.Concurrent;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>
/// One announcer's own thread and queue: a slow or failing announcer delays only itself, never the logging of
/// the next alarm nor the other announcers. Every event is either announced or, after its retries, counted as
/// an "announce failures" and recorded as an <c>announce-failed</c> line in the alarm log: nothing is dropped.
/// </summary>
internal sealed class AnnouncerWorker : IDisposable
{
    private readonly IAlarmAnnouncer _announcer;
    private readonly RetryPolicy _retry;
    private readonly IPluginHost _host;
    private readonly AlarmLog _log;
    private readonly BlockingCollection<AlarmEvent> _queue = new(new ConcurrentQueue<AlarmEvent>());
    private readonly CancellationTokenSource _abandon = new();
    private readonly Thread _thread;

    public AnnouncerWorker(IAlarmAnnouncer announcer, RetryPolicy retry, IPluginHost host, AlarmLog log)
    {
        _announcer = announcer;
        _retry = retry;
        _host = host;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = $"seizure-alarm {announcer.Name}" };
        _thread.Start();
    }

    public string Name => _announcer.Name;

    /// <summary>Queues an event (already in the log).</summary>
    public void Enqueue(AlarmEvent alarm) => _queue.Add(alarm);

    /// <summary>No more events will be queued.</summary>
    public void CompleteAdding()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
    }

    /// <summary>No more events: announce what is queued, waiting at most <paramref name="timeout"/>; then give up on the rest, recording each as failed.</summary>
    public void Complete(TimeSpan timeout)
    {
        CompleteAdding();
        if (_thread.Join(timeout)) return;
        _abandon.Cancel();
        if (!_thread.Join(TimeSpan.FromSeconds(5)))
            _host.Log(PluginLogLevel.Error, $"announcer {Name} did not stop within 5 s of being abandoned");
    }

    private void Run()
    {
        foreach (var alarm in _queue.GetConsumingEnumerable())
        {
            int attempts = 0;
            string error = "";
            bool done = false;
            while (!done)
            {
                if (_abandon.IsCancellationRequested)
                {
                    error = attempts == 0 ? "the plugin closed before it could be announced" : $"{error}; the plugin closed before the next retry";
                    break;
                }

                attempts++;
                try
                {
                    _announcer.Announce(alarm, _abandon.Token);
                    done = true;
                }
                catch (Exception e)
                {
                    error = e.Message;
                    if (attempts > _retry.Retries) break;
                    _host.Count("announce retries");
                    _host.Log(PluginLogLevel.Warning, $"announcer {Name}: {alarm.KindName} {alarm.Sequence} failed (attempt {attempts}): {e.Message}; retrying in {_retry.Delay(attempts).TotalSeconds:0.###} s");
                    _abandon.Token.WaitHandle.WaitOne(_retry.Delay(attempts));
                }
            }

            if (!done) Fail(alarm, attempts, error);
        }
    }

    private void Fail(AlarmEvent alarm, int attempts, string error)
    {
        _host.Count("announce failures");
        _host.Log(PluginLogLevel.Error, $"announcer {Name}: {alarm.KindName} {alarm.Sequence} was not announced after {attempts} attempt(s): {error}");
        try
        {
            _log.Append(AlarmLine.FormatFailure(alarm, Name, attempts, error, DateTime.UtcNow));
        }
        catch (AlarmLogException e)
        {
            _host.Log(PluginLogLevel.Error, $"announcer {Name}: the failure of {alarm.KindName} {alarm.Sequence} could not be recorded in the alarm log either: {e.Message}");
        }
    }

    public void Dispose()
    {
        // Disposed without Close (a failed Open, a host tearing down): what is pending is recorded as failed, not dropped.
        if (_thread.IsAlive) Complete(TimeSpan.Zero);
        _announcer.Dispose();
        if (_thread.IsAlive) return; // a stuck announcer keeps its queue; the thread is a background one

        _queue.Dispose();
        _abandon.Dispose();
    }
}
