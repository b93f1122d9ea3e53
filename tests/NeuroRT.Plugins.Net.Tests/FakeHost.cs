using NeuroRT.Plugins;

namespace NeuroRT.Plugins.Net.Tests;

/// <summary>What the host would give a plugin, recording its log lines and counters.</summary>
public sealed class FakeHost(params string[] valueNames) : IPluginHost
{
    private readonly Dictionary<string, long> _counters = [];
    private readonly List<(PluginLogLevel Level, string Message)> _log = [];

    public string OutputName { get; init; } = "test-output";

    public IReadOnlyList<string> ValueNames { get; } = valueNames;

    public string PipelineDirectory { get; init; } = "";

    public (PluginLogLevel Level, string Message)[] Lines
    {
        get { lock (_log) return _log.ToArray(); }
    }

    public void Log(PluginLogLevel level, string message)
    {
        lock (_log) _log.Add((level, message));
    }

    public void Count(string counter, long delta = 1)
    {
        // No allocation once a counter exists, so allocation tests can count through it.
        lock (_counters)
        {
            _counters.TryGetValue(counter, out long value);
            _counters[counter] = value + delta;
        }
    }

    public long Counter(string counter)
    {
        lock (_counters) return _counters.GetValueOrDefault(counter);
    }
}
