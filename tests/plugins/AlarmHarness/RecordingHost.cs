namespace NeuroRT.Plugins.SeizureAlarm.Harness;

/// <summary>A plugin host that records log lines and counters (for the harness and the tests).</summary>
public sealed class RecordingHost(string directory, params string[] valueNames) : IPluginHost
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly Dictionary<string, long> _counters = [];

    /// <summary>Also echo log lines to standard error.</summary>
    public bool Echo { get; init; }

    public string OutputName { get; init; } = "alarm";

    public IReadOnlyList<string> ValueNames { get; } = valueNames;

    public string PipelineDirectory { get; } = directory;

    public string[] Lines
    {
        get { lock (_gate) return _lines.ToArray(); }
    }

    public long Counter(string name)
    {
        lock (_gate) return _counters.GetValueOrDefault(name);
    }

    public void Log(PluginLogLevel level, string message)
    {
        lock (_gate) _lines.Add($"{level}: {message}");
        if (Echo) Console.Error.WriteLine($"{OutputName}: {level}: {message}");
    }

    public void Count(string counter, long delta = 1)
    {
        lock (_gate)
        {
            _counters.TryGetValue(counter, out long value);
            _counters[counter] = value + delta;
        }
    }
}
