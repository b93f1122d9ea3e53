using System.Diagnostics;
using System.Reflection;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Plugins;

namespace NeuroRT.Host.Plugins;

/// <summary>
/// The host side of one plugin output in a pipeline: an <see cref="IPipelineOutput"/> whose packets (on the output
/// port's own thread) become <see cref="Command"/>s passed to the plugin's <see cref="ICommandOutput.Send"/>.
/// The pipeline thread never waits for it (<see cref="IDropOldestOutput"/>): when the plugin lags, the port drops the
/// oldest packets and counts them. A plugin that throws is logged and restarted or disabled per its
/// <see cref="PluginPolicy"/>; one that overruns its deadline is reported by <see cref="DeadlineMonitor"/>.
/// </summary>
public sealed class PluginOutput : IDropOldestOutput
{
    private readonly PluginOutputType _type;
    private readonly (PropertyInfo Property, object? Value)[] _parameters;
    private readonly PluginHostContext _host;
    private readonly long _deadlineTicks;
    private ICommandOutput? _plugin;
    private float[] _values = [];
    private string[] _channelNames = [];
    private int _channels;
    private volatile bool _disabled;
    private bool _opened;
    private long _sendStarted; // Stopwatch ticks when the running Send began; 0 between calls
    private int _overrunReported; // 1 while an overrun episode is on (set by whichever thread sees it first)
    private long _commands, _sent, _failures, _restarts, _overruns, _discarded;
    private volatile Exception? _lastError;

    internal PluginOutput(PluginOutputType type, (PropertyInfo, object?)[] parameters, PluginPolicy policy, PluginHostContext host, ICommandOutput first)
    {
        _type = type;
        _parameters = parameters;
        Policy = policy;
        _host = host;
        _plugin = first;
        _deadlineTicks = (long)(policy.Deadline * Stopwatch.Frequency);
    }

    /// <summary>The plugin's output type.</summary>
    public PluginOutputType Type => _type;

    /// <summary>The output's name in the pipeline file.</summary>
    public string Name => _host.OutputName;

    /// <summary>Its error and deadline policy.</summary>
    public PluginPolicy Policy { get; }

    /// <summary>The plugin instance now in use (a restart replaces it); null once disposed.</summary>
    public ICommandOutput? Plugin => _plugin;

    /// <summary>Commands made from the frames the port delivered.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Commands whose Send returned normally.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends, opens and closes that threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>New instances made after a failure.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>Episodes of Sends running past the deadline.</summary>
    public long DeadlineOverruns => Interlocked.Read(ref _overruns);

    /// <summary>Commands not sent because the plugin was disabled.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>Whether the plugin was disabled (by policy or after the most restarts).</summary>
    public bool Disabled => _disabled;

    /// <summary>The last exception the plugin threw.</summary>
    public Exception? LastError => _lastError;

    /// <summary>The plugin's own counters (<see cref="IPluginHost.Count"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> PluginCounters => _host.Counters();

    /// <inheritdoc />
    public bool IsStuck
    {
        get
        {
            long started = Volatile.Read(ref _sendStarted);
            return started != 0 && Stopwatch.GetTimestamp() - started > _deadlineTicks;
        }
    }

    /// <inheritdoc />
    public void Open(StreamFormat format)
    {
        _channels = format.ChannelCount;
        _values = new float[format.FrameSize];
        _channelNames = new string[_channels];
        for (int c = 0; c < _channels; c++) _channelNames[c] = format.Channels[c].Name;
        var names = new string[format.FrameSize];
        for (int i = 0; i < names.Length; i++)
            names[i] = format.FrameLength == 1 ? _channelNames[i] : $"{_channelNames[i % _channels]}[{i / _channels}]";
        _host.ValueNames = names;
        try
        {
            _plugin!.Open(_host);
        }
        catch (PluginConfigurationException e)
        {
            throw new StageConfigurationException(e.Parameter, $"plugin '{_type.AssemblyPath}': {e.Message}", e);
        }
        catch (Exception e)
        {
            throw new StageConfigurationException(null, $"plugin '{_type.AssemblyPath}': Open threw {e.GetType().Name}: {e.Message}", e);
        }
        _opened = true;
        DeadlineMonitor.Watch(this);
    }

    /// <inheritdoc />
    public void Write(OutputPacket packet)
    {
        var frames = packet.Frames;
        for (int f = 0; f < frames.Count; f++)
        {
            Interlocked.Increment(ref _commands);
            if (_disabled)
            {
                Interlocked.Increment(ref _discarded);
                continue;
            }
            frames.Frame(f).CopyTo(_values);
            int channel = DecidedChannel(_values, _channels, out float best);
            string name = channel >= 0 ? _channelNames[channel] : "none";
            var command = new Command(name, _values, best, frames.Timestamps[f], packet.FirstSequence + f, packet.LatencySeconds(f), packet.EmittedTicks);
            Deliver(command);
        }
    }

    /// <summary>
    /// The command's name rule: the channel of the frame's highest value (NaN values ignored; the first on a tie), or
    /// -1 ("none") when every value is zero or NaN. <paramref name="best"/> is that value (NaN when all are NaN).
    /// </summary>
    public static int DecidedChannel(ReadOnlySpan<float> values, int channels, out float best)
    {
        best = float.NaN;
        int index = -1;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v > best || (index < 0 && !float.IsNaN(v))) { best = v; index = i; }
        }
        // A frame that is all zero decided nothing, like one of NaNs.
        return index >= 0 && best != 0 ? index % channels : -1;
    }

    private void Deliver(in Command command)
    {
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sendStarted, started);
        try
        {
            _plugin!.Send(command);
            Interlocked.Increment(ref _sent);
        }
        catch (Exception e)
        {
            Volatile.Write(ref _sendStarted, 0);
            Fail("Send", e);
            return;
        }
        Volatile.Write(ref _sendStarted, 0);
        long took = Stopwatch.GetTimestamp() - started;
        if (took > _deadlineTicks)
        {
            if (Interlocked.CompareExchange(ref _overrunReported, 1, 0) == 0) ReportOverrun(took, running: false);
        }
        else if (Volatile.Read(ref _overrunReported) == 1)
        {
            Volatile.Write(ref _overrunReported, 0);
            _host.Log(PluginLogLevel.Info, $"Send is back within its deadline of {Ms(_deadlineTicks)}");
        }
    }

    /// <summary>Monitor thread: reports a Send running past the deadline, once per episode.</summary>
    internal void CheckDeadline(long now)
    {
        long started = Volatile.Read(ref _sendStarted);
        if (started == 0 || now - started <= _deadlineTicks) return;
        if (Interlocked.CompareExchange(ref _overrunReported, 1, 0) == 0) ReportOverrun(now - started, running: true);
    }

    private void ReportOverrun(long ticks, bool running)
    {
        Interlocked.Increment(ref _overruns);
        _host.Log(PluginLogLevel.Warning, running
            ? $"Send of output '{Name}' ({_type.Name}) has been running for {Ms(ticks)}, past its deadline of {Ms(_deadlineTicks)}; its queue drops the oldest commands meanwhile"
            : $"Send of output '{Name}' ({_type.Name}) took {Ms(ticks)}, past its deadline of {Ms(_deadlineTicks)}");
    }

    private static string Ms(long ticks) => $"{ticks * 1000.0 / Stopwatch.Frequency:0} ms";

    private void Fail(string call, Exception e)
    {
        Interlocked.Increment(ref _failures);
        _lastError = e;
        _host.Log(PluginLogLevel.Error, $"{call} threw: {e}");
        if (Policy.OnError == PluginErrorPolicy.Disable)
        {
            Disable("on-error: disable");
            return;
        }
        while (!_disabled)
        {
            if (Interlocked.Read(ref _restarts) >= Policy.MaxRestarts)
            {
                Disable($"it failed after {Policy.MaxRestarts} restart(s) (max-restarts)");
                return;
            }
            if (TryRestart()) return;
        }
    }

    // A new instance with the same parameters, opened again. The old one may be broken: its Dispose is best effort.
    private bool TryRestart()
    {
        int attempt = (int)Interlocked.Read(ref _restarts);
        Thread.Sleep(Policy.Backoff(attempt));
        DisposePlugin();
        Interlocked.Increment(ref _restarts);
        try
        {
            var fresh = _type.Create();
            foreach (var (property, value) in _parameters) property.SetValue(fresh, value);
            _plugin = fresh;
            fresh.Open(_host);
            _host.Log(PluginLogLevel.Info, $"restarted (restart {attempt + 1} of at most {Policy.MaxRestarts})");
            return true;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            _lastError = e;
            _host.Log(PluginLogLevel.Error, $"restart {attempt + 1} failed: {e}");
            return false;
        }
    }

    private void Disable(string why)
    {
        _disabled = true;
        _host.Log(PluginLogLevel.Error, $"disabled: {why}; the rest of the run sends nothing to it");
        DisposePlugin();
    }

    private void DisposePlugin()
    {
        var plugin = _plugin;
        _plugin = null;
        if (plugin is null) return;
        try
        {
            plugin.Dispose();
        }
        catch (Exception e)
        {
            _host.Log(PluginLogLevel.Warning, $"Dispose threw: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        if (IsStuck)
        {
            // Its thread is inside Send: closing under it would race the plugin's own state. It is left behind.
            _host.Log(PluginLogLevel.Error, $"still inside Send at the end of the run; abandoned without Close");
            return;
        }
        if (_plugin is not { } plugin || !_opened || _disabled) return;
        try
        {
            plugin.Close();
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            _lastError = e;
            _host.Log(PluginLogLevel.Error, $"Close threw: {e}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DeadlineMonitor.Forget(this);
        if (!IsStuck) DisposePlugin();
    }
}
