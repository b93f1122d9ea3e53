using NeuroRT.Plugins;

namespace NeuroRT.Host.Plugins;

/// <summary>A line a plugin output logged (by the plugin itself or by the host about it).</summary>
public delegate void PluginLogSink(PluginLogLevel level, string outputName, string message);

/// <summary>The host as one plugin output sees it: its name, its values, its log and its counters.</summary>
internal sealed class PluginHostContext : IPluginHost
{
    private readonly PluginLogSink _log;
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public PluginHostContext(string outputName, string pipelineDirectory, PluginLogSink log)
    {
        OutputName = outputName;
        PipelineDirectory = pipelineDirectory;
        _log = log;
    }

    public string OutputName { get; }

    public IReadOnlyList<string> ValueNames { get; set; } = [];

    public string PipelineDirectory { get; }

    public void Log(PluginLogLevel level, string message)
    {
        try
        {
            _log(level, OutputName, message);
        }
        catch (Exception)
        {
            // A failing log sink must not turn into a plugin failure.
        }
    }

    public void Count(string counter, long delta = 1)
    {
        ArgumentNullException.ThrowIfNull(counter);
        lock (_counters)
        {
            if (_counters.TryGetValue(counter, out long n)) _counters[counter] = n + delta;
            else
            {
                _counters.Add(counter, delta);
                _order.Add(counter);
            }
        }
    }

    /// <summary>The plugin's counters in the order they first appeared.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Counters()
    {
        lock (_counters)
        {
            var list = new List<KeyValuePair<string, long>>(_order.Count);
            foreach (string name in _order) list.Add(new(name, _counters[name]));
            return list;
        }
    }

    /// <summary>The default sink: standard error, one line per message.</summary>
    public static void StandardError(PluginLogLevel level, string outputName, string message)
    {
        string prefix = level switch { PluginLogLevel.Warning => "warning: ", PluginLogLevel.Error => "error: ", _ => "" };
        Console.Error.WriteLine($"output {outputName}: {prefix}{message}");
    }
}
