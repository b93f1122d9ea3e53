using NeuroRT.Lsl.Config;
using NeuroRT.Plugins.SeizureAlarm.Announcing;
using NeuroRT.Plugins.SeizureAlarm.Log;
using NeuroRT.Plugins.SeizureAlarm.Rules;

namespace NeuroRT.Plugins.SeizureAlarm;

/// <summary>
/// Turns a seizure detector's output into alarms (rules: <see cref="AlarmDetector"/>). Every alarm and offset
/// is appended to the alarm log and fsynced on the command thread, then handed to the announcers (console, LSL
/// markers, a program), each on its own thread with retries. A log that cannot be written stops the plugin
/// (<see cref="Send"/> throws): an alarm nobody can find later is worse than a loud failure.
/// Steady state (commands that raise or end nothing) allocates nothing.
/// </summary>
[CommandOutput("seizure-alarm", Summary = "alarms from a seizure detector: confirmation, hysteresis, refractory; fsynced log, then console/LSL/exec announcers")]
public sealed class SeizureAlarmOutput : ICommandOutput
{
    private readonly List<IAlarmAnnouncer> _extra = [];
    private readonly List<AnnouncerWorker> _workers = [];
    private IPluginHost? _host;
    private AlarmDetector? _detector;
    private AlarmLog? _log;
    private int _valueIndex = -1;
    private long _sequence;
    private AlarmEvent? _raised;
    private bool _warnedTimestamp;
    private bool _failed;

    /// <summary>Value to read (by name).</summary>
    [PluginParameter("value", Help = "name of the detector value to read, e.g. seizure (the class score); or give 'class'")]
    public string Value { get; set; } = "";

    /// <summary>Class whose decision counts as detection.</summary>
    [PluginParameter("class", Help = "the detection is 1 when the command's name (decoded class) is this class, else 0; or give 'value'")]
    public string Class { get; set; } = "";

    /// <summary>Arming level.</summary>
    [PluginParameter("threshold", Help = "a value >= threshold arms a detection (detector units, default 0.5)")]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Clearing level (hysteresis); NaN means the threshold.</summary>
    [PluginParameter("release", Help = "a value < release ends an armed detection or a raised alarm (detector units, <= threshold, default = threshold)")]
    public double Release { get; set; } = double.NaN;

    /// <summary>Onset confirmation time, seconds of source time.</summary>
    [PluginParameter("confirm", Help = "seconds (source time) a detection must stay armed before the alarm is raised (default 10s)")]
    public double Confirm { get; set; } = 10;

    /// <summary>Refractory period after an alarm's offset, seconds of source time.</summary>
    [PluginParameter("refractory", Help = "seconds (source time) after an alarm's offset during which no new onset is accepted (default 120s)")]
    public double Refractory { get; set; } = 120;

    /// <summary>Alarm log file (JSON lines), relative to the pipeline folder.</summary>
    [PluginParameter("log", Required = true, Help = "alarm log file (JSON lines, appended and fsynced), relative to the pipeline folder, e.g. alarms.jsonl")]
    public string LogFile { get; set; } = "";

    /// <summary>Announce on standard output.</summary>
    [PluginParameter("console", Help = "print one line per alarm and offset on standard output (default true)")]
    public bool ConsoleAnnounce { get; set; } = true;

    /// <summary>LSL marker stream name (empty: none).</summary>
    [PluginParameter("lsl", Help = "name of an LSL marker stream to announce on, e.g. NeuroRT-alarms (default: none)")]
    public string LslStream { get; set; } = "";

    /// <summary>lsl_api.cfg for the marker stream.</summary>
    [PluginParameter("lsl-config", Help = "an lsl_api.cfg file for the marker stream, relative to the pipeline folder (default: found as liblsl finds it)")]
    public string LslConfigFile { get; set; } = "";

    /// <summary>Program and arguments to run per event.</summary>
    [PluginParameter("exec", Help = "a program and its arguments run per alarm and offset, given 'alarm|offset SEQ' as extra arguments and the log line on stdin, e.g. [./page.sh, ward-3] (default: none)")]
    public string[] Exec { get; set; } = [];

    /// <summary>Time limit of one exec run.</summary>
    [PluginParameter("exec-timeout", Help = "seconds an exec run may take before it is killed and counts as failed (default 10s)")]
    public double ExecTimeout { get; set; } = 10;

    /// <summary>Retries of a failed announcement.</summary>
    [PluginParameter("retries", Help = "retries of a failed announcement, per announcer (default 3)")]
    public int Retries { get; set; } = 3;

    /// <summary>First retry delay (doubled after each failure).</summary>
    [PluginParameter("retry-backoff", Help = "seconds before the first retry, doubled for each next one (default 1s)")]
    public double RetryBackoff { get; set; } = 1;

    /// <summary>How long Close waits for pending announcements.</summary>
    [PluginParameter("close-timeout", Help = "seconds Close waits for pending announcements before recording them as failed (default 30s)")]
    public double CloseTimeout { get; set; } = 30;

    /// <summary>The alarm log's full path once open.</summary>
    public string LogPath { get; private set; } = "";

    /// <summary>Sequence number of the last alarm raised or found in the log.</summary>
    public long LastSequence => _sequence;

    /// <summary>The detector (state, onset, peak) once open.</summary>
    public AlarmDetector? Detector => _detector;

    /// <summary>The LSL announcer when <see cref="LslStream"/> is set, once open.</summary>
    public LslAnnouncer? Lsl { get; private set; }

    /// <summary>Adds an announcer of the embedding program (before <see cref="Open"/>); it runs after the built-in ones' rules: own thread, retries, after the log write.</summary>
    public void AddAnnouncer(IAlarmAnnouncer announcer)
    {
        if (_host is not null) throw new InvalidOperationException("announcers are added before Open");
        _extra.Add(announcer);
    }

    /// <inheritdoc />
    public void Open(IPluginHost host)
    {
        var rules = new AlarmRules(Threshold, double.IsNaN(Release) ? Threshold : Release, Confirm, Refractory);
        if (rules.Problem() is { } problem) throw new PluginConfigurationException(problem.Key, problem.Message);
        if (Value.Length > 0 == Class.Length > 0)
            throw new PluginConfigurationException(Value.Length > 0 ? "class" : "value", "give either 'value' (the name of the detector value to read, e.g. seizure) or 'class' (a decoded class), not both and not neither");
        if (Value.Length > 0)
        {
            _valueIndex = IndexOf(host.ValueNames, Value);
            if (_valueIndex < 0)
                throw new PluginConfigurationException("value", $"no value named '{Value}': the commands have {Names(host.ValueNames)}");
        }
        else if (host.ValueNames.Count > 0 && IndexOf(host.ValueNames, Class) < 0 && Class != "none")
        {
            throw new PluginConfigurationException("class", $"no class named '{Class}': the commands' classes are {Names(host.ValueNames)}");
        }

        if (LogFile.Length == 0) throw new PluginConfigurationException("log", "give the alarm log file, e.g. log: alarms.jsonl");
        if (Retries < 0) throw new PluginConfigurationException("retries", $"retries must be >= 0, got {Retries}");
        if (!(RetryBackoff >= 0) || double.IsInfinity(RetryBackoff)) throw new PluginConfigurationException("retry-backoff", $"retry-backoff must be a duration >= 0 s, got {RetryBackoff}");
        if (!(ExecTimeout > 0) || double.IsInfinity(ExecTimeout)) throw new PluginConfigurationException("exec-timeout", $"exec-timeout must be a duration > 0 s, got {ExecTimeout}");
        if (!(CloseTimeout >= 0) || double.IsInfinity(CloseTimeout)) throw new PluginConfigurationException("close-timeout", $"close-timeout must be a duration >= 0 s, got {CloseTimeout}");
        string[]? exec = Exec.Length > 0 ? ResolveExec(host.PipelineDirectory) : null;

        _host = host;
        LogPath = Path.GetFullPath(Path.Combine(host.PipelineDirectory, LogFile));
        try
        {
            _log = AlarmLog.Open(LogPath);
        }
        catch (AlarmLogException e)
        {
            throw new PluginConfigurationException("log", e.Message);
        }

        foreach (string warning in _log.Warnings) host.Log(PluginLogLevel.Warning, warning);
        _sequence = _log.LastSequence;
        _detector = new AlarmDetector(rules);

        var retry = new RetryPolicy(Retries, RetryBackoff);
        if (ConsoleAnnounce) _workers.Add(new AnnouncerWorker(new ConsoleAnnouncer(), retry, host, _log));
        if (LslStream.Length > 0)
        {
            LslConfig config;
            try
            {
                config = LslConfigFile.Length > 0 ? LslConfig.Load(Path.Combine(host.PipelineDirectory, LslConfigFile)) : LslConfig.Current;
            }
            catch (LslConfigException e)
            {
                throw new PluginConfigurationException("lsl-config", e.Message);
            }

            Lsl = new LslAnnouncer(LslStream, config, host);
            _workers.Add(new AnnouncerWorker(Lsl, retry, host, _log));
        }

        if (exec is not null) _workers.Add(new AnnouncerWorker(new ExecAnnouncer(exec, TimeSpan.FromSeconds(ExecTimeout)), retry, host, _log));
        foreach (var announcer in _extra) _workers.Add(new AnnouncerWorker(announcer, retry, host, _log));
        host.Log(PluginLogLevel.Info, $"alarm log {LogPath} ({(_sequence == 0 ? "new" : $"continuing after alarm {_sequence}")}); reading {(Value.Length > 0 ? $"value '{Value}'" : $"class '{Class}'")}, threshold {rules.Threshold}, release {rules.Release}, confirm {rules.Confirm} s, refractory {rules.Refractory} s");
    }

    /// <inheritdoc />
    public void Send(in Command command)
    {
        var detector = _detector ?? throw new InvalidOperationException("the seizure alarm is not open");
        if (_failed) throw new InvalidOperationException($"the alarm log {LogPath} could not be written; the seizure alarm is stopped");
        float value;
        if (_valueIndex >= 0)
        {
            var values = command.Values.Span;
            value = _valueIndex < values.Length ? values[_valueIndex] : float.NaN;
        }
        else
        {
            value = string.Equals(command.Name, Class, StringComparison.Ordinal) ? 1f : 0f;
        }

        bool wasCandidate = detector.State == DetectorState.Candidate;
        switch (detector.Step(command.Timestamp, value))
        {
            case DetectorStep.Raised:
                Raise(detector);
                break;
            case DetectorStep.Ended:
                End(detector);
                break;
            case DetectorStep.Discarded:
                _host!.Count("unconfirmed detections");
                break;
            case DetectorStep.Suppressed:
                _host!.Count("refractory suppressed");
                break;
            case DetectorStep.Missing:
                _host!.Count("missing values");
                if (wasCandidate) _host.Count("unconfirmed detections");
                break;
            case DetectorStep.RejectedTimestamp:
                _host!.Count("rejected timestamps");
                if (!_warnedTimestamp)
                {
                    _warnedTimestamp = true;
                    _host.Log(PluginLogLevel.Warning, $"command {command.Sequence} has timestamp {command.Timestamp} (not finite, or earlier than the previous one): ignored; later ones are only counted as 'rejected timestamps'");
                }

                break;
        }
    }

    private void Raise(AlarmDetector detector)
    {
        var alarm = new AlarmEvent
        {
            Kind = AlarmEventKind.Alarm,
            Sequence = _sequence + 1,
            Onset = detector.Onset,
            Confirmed = detector.Confirmed,
            Peak = detector.Peak,
            Wall = DateTime.UtcNow,
            Output = _host!.OutputName,
            Source = Value.Length > 0 ? Value : Class,
        };
        Persist(ref alarm);
        _sequence = alarm.Sequence;
        _raised = alarm;
        _host.Count("alarms");
        Announce(alarm);
    }

    private void End(AlarmDetector detector)
    {
        var raised = _raised!;
        var offset = raised with
        {
            Kind = AlarmEventKind.Offset,
            Offset = detector.Offset,
            Peak = detector.Peak,
            Wall = DateTime.UtcNow,
        };
        Persist(ref offset);
        _raised = null;
        _host!.Count("offsets");
        Announce(offset);
    }

    private void Persist(ref AlarmEvent alarm)
    {
        alarm = alarm with { Line = AlarmLine.Format(alarm) };
        try
        {
            _log!.Append(alarm.Line);
        }
        catch (AlarmLogException e)
        {
            _failed = true;
            _host!.Log(PluginLogLevel.Error, $"{alarm.KindName} {alarm.Sequence} could not be persisted: {e.Message}; the seizure alarm stops (it is not announced: fix the log and restart)");
            throw;
        }
    }

    private void Announce(AlarmEvent alarm)
    {
        foreach (var worker in _workers) worker.Enqueue(alarm);
    }

    /// <inheritdoc />
    public void Close()
    {
        // One deadline for all announcers (they drain in parallel, each on its own thread).
        var deadline = DateTime.UtcNow.AddSeconds(CloseTimeout);
        foreach (var worker in _workers) worker.CompleteAdding();
        foreach (var worker in _workers)
        {
            var left = deadline - DateTime.UtcNow;
            worker.Complete(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        if (_raised is { } open)
            _host?.Log(PluginLogLevel.Info, $"alarm {open.Sequence} was still active at close (no offset recorded)");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var worker in _workers) worker.Dispose();
        _workers.Clear();
        _log?.Dispose();
        _log = null;
    }

    private string[] ResolveExec(string pipelineDirectory)
    {
        string program = Exec[0];
        if (program.Length == 0) throw new PluginConfigurationException("exec", "exec's first item is the program to run, and it is empty");
        if (program.Contains('/'))
        {
            // A path (not a bare name looked up in PATH) is relative to the pipeline folder, like every file parameter.
            program = Path.GetFullPath(Path.Combine(pipelineDirectory, program));
            if (!File.Exists(program)) throw new PluginConfigurationException("exec", $"{program}: the exec program does not exist");
        }

        var command = (string[])Exec.Clone();
        command[0] = program;
        return command;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "no named values" : string.Join(", ", names);
}
