using System.Runtime.InteropServices;
using NeuroRT.Plugins;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace NeuroRT.Plugins.SerialController.Tests;

/// <summary>
/// The host as the plugin sees it: value names, a log and counters, both thread-safe (the watchdog thread uses them
/// too). Count allocates nothing once a counter exists, so allocation tests measure the plugin alone.
/// </summary>
internal sealed class FakeHost(params string[] valueNames) : IPluginHost
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly List<(PluginLogLevel Level, string Message)> _log = [];

    public string OutputName => "controller";

    public IReadOnlyList<string> ValueNames { get; } = valueNames;

    public string PipelineDirectory => ".";

    public void Log(PluginLogLevel level, string message)
    {
        lock (_gate) _log.Add((level, message));
    }

    public void Count(string counter, long delta = 1)
    {
        lock (_gate) CollectionsMarshal.GetValueRefOrAddDefault(_counters, counter, out _) += delta;
    }

    public long this[string counter]
    {
        get { lock (_gate) return _counters.GetValueOrDefault(counter); }
    }

    /// <summary>
    /// The counter once it reaches <paramref name="atLeast"/> (or its value after 2 s): the watchdog thread counts just
    /// after its bytes are on the line, so a test that has read them may look a moment too early.
    /// </summary>
    public long WaitFor(string counter, long atLeast)
    {
        long until = Environment.TickCount64 + 2000;
        while (this[counter] < atLeast && Environment.TickCount64 < until) Thread.Sleep(1);
        return this[counter];
    }

    public List<(PluginLogLevel Level, string Message)> LogLines
    {
        get { lock (_gate) return [.. _log]; }
    }

    /// <summary>Creates the counters an allocation test will touch, so the dictionary does not grow during it.</summary>
    public void Touch(params string[] counters)
    {
        foreach (string c in counters) Count(c, 0);
    }
}
