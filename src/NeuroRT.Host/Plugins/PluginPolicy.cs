namespace NeuroRT.Host.Plugins;

/// <summary>What the host does when a plugin throws.</summary>
public enum PluginErrorPolicy
{
    /// <summary>Log it, wait a back-off, make a new instance and open it again; disabled after the most restarts.</summary>
    Restart,

    /// <summary>Log it and stop sending to the plugin for the rest of the run.</summary>
    Disable,
}

/// <summary>
/// The host's settings of one plugin output, written beside the plugin's own parameters in its <c>outputs:</c> entry:
/// <c>on-error</c>, <c>max-restarts</c>, <c>restart-backoff</c>, <c>deadline</c>, <c>required</c>.
/// </summary>
public sealed class PluginPolicy
{
    /// <summary>The keys the host reads from a plugin output's entry (a plugin cannot use them for its own parameters).</summary>
    public static readonly string[] Keys = ["on-error", "max-restarts", "restart-backoff", "deadline", "required"];

    /// <summary>Restart (default) or disable a plugin that throws.</summary>
    [Core.Configuration.Parameter("on-error", Help = "restart (default: a new instance, opened again, after a back-off) or disable a plugin that throws")]
    public PluginErrorPolicy OnError { get; set; } = PluginErrorPolicy.Restart;

    /// <summary>Restarts before the plugin is disabled.</summary>
    [Core.Configuration.Parameter("max-restarts", Help = "restarts before the plugin is disabled (default 5)")]
    public int MaxRestarts { get; set; } = 5;

    /// <summary>First back-off, doubled at each restart, at most 5 s.</summary>
    [Core.Configuration.Parameter("restart-backoff", Quantity = Core.Configuration.Quantity.Time, Help = "wait before the first restart, doubled at each next one up to 5s (default 100ms)")]
    public double RestartBackoff { get; set; } = 0.1;

    /// <summary>Longest a Send may take before it is reported.</summary>
    [Core.Configuration.Parameter("deadline", Quantity = Core.Configuration.Quantity.Time, Help = "a Send running longer is reported, once per episode (default 50ms)")]
    public double Deadline { get; set; } = 0.05;

    /// <summary>The run does not start without this output.</summary>
    [Core.Configuration.Parameter("required", Help = "true: the run does not start when this plugin cannot be loaded or opened (default false)")]
    public bool Required { get; set; }

    /// <summary>Checks ranges; the message names the key.</summary>
    public void Validate()
    {
        if (MaxRestarts < 0) throw new Core.Stages.StageConfigurationException("max-restarts", $"max-restarts must be 0 or more, got {MaxRestarts}");
        if (!(RestartBackoff >= 0) || RestartBackoff > 60) throw new Core.Stages.StageConfigurationException("restart-backoff", $"restart-backoff must be 0 .. 60 s, got {RestartBackoff} s");
        if (!(Deadline > 0) || Deadline > 3600) throw new Core.Stages.StageConfigurationException("deadline", $"deadline must be a positive duration up to 1h, got {Deadline} s");
    }

    /// <summary>The back-off before restart number <paramref name="restart"/> (from 0).</summary>
    public TimeSpan Backoff(int restart) => TimeSpan.FromSeconds(Math.Min(5.0, RestartBackoff * Math.Pow(2, Math.Min(restart, 20))));
}
