namespace NeuroRT.Plugins;

/// <summary>
/// A plugin that receives control commands (for a robot arm, a game, a stimulator...). Mark the class with
/// <see cref="CommandOutputAttribute"/> and its settings with <see cref="PluginParameterAttribute"/>; it needs a public
/// parameterless constructor. The host sets the parameters from the pipeline file, calls <see cref="Open"/>, then
/// <see cref="Send"/> for every command, then <see cref="Close"/> and <see cref="IDisposable.Dispose"/>, all on one
/// thread of its own: never the pipeline's, which never waits for a plugin. A plugin that throws is logged and, per the
/// pipeline's policy, restarted (a new instance, opened again) or disabled; one that blocks past its deadline is
/// reported, and its queue drops the oldest commands, counted.
/// </summary>
public interface ICommandOutput : IDisposable
{
    /// <summary>Called once before the first command: check parameters (throw <see cref="PluginConfigurationException"/>), open connections.</summary>
    void Open(IPluginHost host);

    /// <summary>Handles one command. Keep it short: the deadline is the pipeline's, not the plugin's.</summary>
    void Send(in Command command);

    /// <summary>Called once after the last command: flush and release.</summary>
    void Close();
}

/// <summary>What the host offers a plugin.</summary>
public interface IPluginHost
{
    /// <summary>The output's name in the pipeline file.</summary>
    string OutputName { get; }

    /// <summary>Names of the values of every command (the frame's channels, e.g. the class names).</summary>
    IReadOnlyList<string> ValueNames { get; }

    /// <summary>The folder of the pipeline file (relative paths in parameters are relative to it).</summary>
    string PipelineDirectory { get; }

    /// <summary>Writes a line to the run's log, prefixed with the output's name.</summary>
    void Log(PluginLogLevel level, string message);

    /// <summary>Adds to a named counter of this output (e.g. "watchdog stops"); counters appear in the run's summary.</summary>
    void Count(string counter, long delta = 1);
}

/// <summary>Severity of a plugin's log line.</summary>
public enum PluginLogLevel
{
    /// <summary>Normal operation.</summary>
    Info,

    /// <summary>Something the experimenter should know.</summary>
    Warning,

    /// <summary>Something failed.</summary>
    Error,
}

/// <summary>A bad plugin parameter: the host reports it at the output's line in the pipeline file.</summary>
public sealed class PluginConfigurationException(string parameter, string message) : Exception(message)
{
    /// <summary>The parameter's key in the pipeline file.</summary>
    public string Parameter { get; } = parameter;
}
