namespace NeuroRT.Host.Plugins;

/// <summary>
/// One host thread that watches every open plugin output and reports a Send running past its deadline while it still
/// runs (the output's own thread is the one stuck, so it cannot report itself). It only reads two fields per output
/// every few milliseconds.
/// </summary>
internal static class DeadlineMonitor
{
    private const int PollMilliseconds = 5;
    private static readonly List<PluginOutput> Watched = [];
    private static Thread? _thread;

    public static void Watch(PluginOutput output)
    {
        lock (Watched)
        {
            Watched.Add(output);
            if (_thread is null)
            {
                _thread = new Thread(Run) { Name = "neurort-plugin-deadlines", IsBackground = true };
                _thread.Start();
            }
        }
    }

    public static void Forget(PluginOutput output)
    {
        lock (Watched) Watched.Remove(output);
    }

    private static void Run()
    {
        var snapshot = new List<PluginOutput>();
        while (true)
        {
            Thread.Sleep(PollMilliseconds);
            snapshot.Clear();
            lock (Watched) snapshot.AddRange(Watched);
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var output in snapshot) output.CheckDeadline(now);
        }
    }
}
