using System.Diagnostics;
using System.Globalization;
using NeuroRT.Plugins.SerialController.Safety;
using NeuroRT.Plugins.SerialController.Wire;
using NeuroRT.Serial;

namespace NeuroRT.Plugins.SerialController;

/// <summary>The wire protocol of the serial controller.</summary>
public enum SerialProtocol
{
    /// <summary>A text line per command, from <c>template</c>.</summary>
    Line,

    /// <summary>A fixed binary frame per command.</summary>
    Binary,
}

/// <summary>
/// Sends control commands to a prosthesis or robot prototype over a serial port, as text lines or binary frames,
/// with clamping, a minimum confidence, a rate limit and a watchdog that sends the safe command when fresh commands
/// stop (pipeline stalled, stream lost, plugin starved). See plugins/serial-controller/README.md and docs/safety.md.
/// Send allocates nothing in steady state. Writes from Send, the watchdog thread and Close are serialised by one lock.
/// The watchdog thread calls <see cref="IPluginHost.Log"/> and <see cref="IPluginHost.Count"/> too.
/// </summary>
[CommandOutput("serial-controller", Summary = "commands to a serial device (line or binary protocol) with clamping, rate limit and a watchdog safe command")]
public sealed class SerialControllerOutput : ICommandOutput, IWatchdogTarget
{
    private readonly object _writeLock = new();
    private IPluginHost? _host;
    private ICommandEncoder? _encoder;
    private ValueClamp? _clamp;
    private Watchdog? _watchdog;
    private SerialPort? _port;
    private byte[] _frame = [];
    private float[] _values = [];
    private byte[] _safe = [];
    private string _safeShown = "";
    private long _rateInterval;
    private long _lastSent;
    private bool _anySent;
    private bool _safeActive;
    private long _stallStart;
    private long _reconnectInterval;
    private long _nextReconnect;
    private bool _closed;

    /// <summary>The serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...</summary>
    [PluginParameter("device", Required = true, Help = "serial device path, e.g. /dev/ttyUSB0")]
    public string Device { get; set; } = "";

    /// <summary>Baud rate, 1..4000000.</summary>
    [PluginParameter("baud", Help = "baud rate, any rate up to 4000000 (default 115200)")]
    public int Baud { get; set; } = 115200;

    /// <summary>line or binary.</summary>
    [PluginParameter("protocol", Help = "line (text template) or binary (fixed frame); default line")]
    public SerialProtocol Protocol { get; set; } = SerialProtocol.Line;

    /// <summary>The line protocol's template.</summary>
    [PluginParameter("template", Help = "line protocol: text per command, e.g. \"{name} {value0:0.000}\\n\" (default \"{name}\\n\")")]
    public string Template { get; set; } = "{name}\\n";

    /// <summary>Command name to device code: <c>[left=L, right=R, none=S]</c>.</summary>
    [PluginParameter("commands", Help = "command name to device code, [left=L, right=R, none=S]; line: text, binary: a byte (number or one character); required for binary")]
    public string[] Commands { get; set; } = [];

    /// <summary>[min, max] for all values or one pair per value.</summary>
    [PluginParameter("clamp", Help = "[min, max] for all values, or [min0, max0, min1, max1, ...]; applied before encoding, counted")]
    public double[] Clamp { get; set; } = [];

    /// <summary>Commands per second at most, 0 for no limit.</summary>
    [PluginParameter("rate-limit", Help = "commands per second at most (later commands of an interval are dropped, counted); 0 = no limit (default)")]
    public double RateLimit { get; set; }

    /// <summary>Commands below this confidence are not sent.</summary>
    [PluginParameter("min-confidence", Help = "commands with a lower confidence are not sent (counted); 0 = off (default)")]
    public double MinConfidence { get; set; }

    /// <summary>The watchdog deadline in seconds, 0 to disable.</summary>
    [PluginParameter("watchdog", Help = "deadline for a fresh command, then the safe command is sent (default 200ms; 0 disables it)")]
    public double WatchdogSeconds { get; set; } = 0.2;

    /// <summary>The safe command: a name from the table, raw:TEXT or hex:BYTES.</summary>
    [PluginParameter("safe-command", Required = true, Help = "what puts the device in its safe state: a command name (encoded with safe-values), raw:TEXT (escapes allowed) or hex:AA 53 00")]
    public string SafeCommand { get; set; } = "";

    /// <summary>The values encoded with a named safe command (default zeros).</summary>
    [PluginParameter("safe-values", Help = "values of a named safe command (default all 0); must lie inside clamp")]
    public double[] SafeValues { get; set; } = [];

    /// <summary>Repeat the safe command every deadline while stalled.</summary>
    [PluginParameter("safe-repeat", Help = "repeat the safe command every deadline while stalled (default false: once per stall)")]
    public bool SafeRepeat { get; set; }

    /// <summary>Binary: the start byte, or "none".</summary>
    [PluginParameter("start-byte", Help = "binary: first byte of a frame, 0..255 or 0xNN, or none (default 0xAA)")]
    public string StartByte { get; set; } = "0xAA";

    /// <summary>Binary: the values in the frame, by index or name.</summary>
    [PluginParameter("values", Help = "binary: the values in the frame, by index or name (default all, in order)")]
    public string[] FrameValues { get; set; } = [];

    /// <summary>Binary: int16 or float32.</summary>
    [PluginParameter("value-type", Help = "binary: int16 (value x scale, rounded, saturated) or float32 (default int16)")]
    public FrameValueType ValueType { get; set; } = FrameValueType.Int16;

    /// <summary>Binary: the int16 scale.</summary>
    [PluginParameter("scale", Help = "binary int16: the value is multiplied by this before rounding (default 1000)")]
    public double Scale { get; set; } = 1000;

    /// <summary>Binary: byte order.</summary>
    [PluginParameter("endian", Help = "binary: little or big (default little)")]
    public FrameEndian Endian { get; set; } = FrameEndian.Little;

    /// <summary>Binary: none, xor or crc8.</summary>
    [PluginParameter("checksum", Help = "binary: none, xor or crc8 (poly 0x07) over the bytes after the start byte (default none)")]
    public FrameChecksum Checksum { get; set; } = FrameChecksum.None;

    /// <summary>Seconds between reopen attempts after a hang-up, 0 for never.</summary>
    [PluginParameter("reconnect", Help = "after a hang-up, try to reopen the device at most this often (default 1s; 0 = never)")]
    public double ReconnectSeconds { get; set; } = 1;

    /// <summary>The safe command's bytes (after Open).</summary>
    public ReadOnlySpan<byte> SafeBytes => _safe;

    /// <summary>When the watchdog's last safe command left for the driver (Stopwatch ticks), 0 before any: tells the
    /// watchdog's own delay from the reader's in measurements.</summary>
    internal long LastWatchdogWrite { get; private set; }

    /// <summary>Whether the device is gone (hung up, not reopened yet).</summary>
    public bool IsDisconnected { get; private set; }

    /// <inheritdoc />
    public void Open(IPluginHost host)
    {
        _host = host;
        if (string.IsNullOrWhiteSpace(Device)) throw new PluginConfigurationException("device", "device: required, the serial device path (e.g. /dev/ttyUSB0)");
        if (Baud is <= 0 or > 4_000_000) throw new PluginConfigurationException("baud", $"baud: {Baud} is outside 1..4000000");
        if (!(RateLimit >= 0) || double.IsInfinity(RateLimit)) throw new PluginConfigurationException("rate-limit", $"rate-limit: {RateLimit} must be >= 0 commands per second");
        if (!(WatchdogSeconds >= 0) || WatchdogSeconds > 3600) throw new PluginConfigurationException("watchdog", $"watchdog: {WatchdogSeconds} s must be 0 (off) or a deadline up to 1 hour");
        if (!(ReconnectSeconds >= 0)) throw new PluginConfigurationException("reconnect", $"reconnect: {ReconnectSeconds} s must be >= 0");
        if (!(MinConfidence >= 0) && !double.IsNaN(MinConfidence)) throw new PluginConfigurationException("min-confidence", $"min-confidence: {MinConfidence} must be >= 0");

        IReadOnlyList<string> names = host.ValueNames;
        var table = CommandTable.Parse(Commands);
        _encoder = Protocol == SerialProtocol.Line ? new LineEncoder(Template, names, table) : CreateBinary(names, table);
        _clamp = ValueClamp.Create(Clamp, names.Count);
        _frame = new byte[_encoder.MaxLength];
        _values = new float[Math.Max(names.Count, 16)];
        _rateInterval = RateLimit > 0 ? (long)Math.Round(Stopwatch.Frequency / RateLimit) : 0;
        _reconnectInterval = (long)Math.Round(ReconnectSeconds * Stopwatch.Frequency);
        _safe = BuildSafe(names.Count);
        _safeShown = EscapedText.Show(_safe);

        try
        {
            _port = SerialPort.Open(Device, Baud);
        }
        catch (SerialPortException ex)
        {
            throw new PluginConfigurationException("device", ex.Message);
        }
        if (WatchdogSeconds > 0)
        {
            _watchdog = new Watchdog(WatchdogSeconds, SafeRepeat, this, "serial-controller watchdog");
            _watchdog.Start();
        }
        else
        {
            host.Log(PluginLogLevel.Warning, $"watchdog disabled (watchdog: 0): a stalled pipeline leaves '{Device}' executing its last command");
        }
        string limit = RateLimit > 0 ? string.Create(CultureInfo.InvariantCulture, $", at most {RateLimit:0.###} commands/s") : "";
        host.Log(PluginLogLevel.Info, string.Create(CultureInfo.InvariantCulture,
            $"'{Device}' at {Baud} baud, {Protocol.ToString().ToLowerInvariant()} protocol, watchdog {WatchdogSeconds * 1000:0.###} ms, safe command \"{_safeShown}\"{limit}"));
    }

    /// <inheritdoc />
    public void Send(in Command command)
    {
        IPluginHost host = _host ?? throw new InvalidOperationException("serial-controller: Send before Open");
        if (_closed) return;
        if (IsDisconnected && !TryReconnect(host))
        {
            host.Count(Counters.Disconnected);
            return;
        }
        if (MinConfidence > 0 && !(command.Confidence >= MinConfidence))
        {
            host.Count(Counters.LowConfidence);
            return;
        }
        ReadOnlySpan<float> source = command.Values.Span;
        for (int i = 0; i < source.Length; i++)
        {
            if (float.IsNaN(source[i]))
            {
                host.Count(Counters.Rejected);
                return;
            }
        }
        long now = Stopwatch.GetTimestamp();
        if (_rateInterval > 0 && _anySent && now - _lastSent < _rateInterval)
        {
            // A command came, so the pipeline is alive and the device got one less than an interval ago.
            _watchdog?.Feed(now);
            host.Count(Counters.RateLimited);
            return;
        }
        if (source.Length > _values.Length) _values = new float[source.Length];
        Span<float> values = _values.AsSpan(0, source.Length);
        if (_clamp != null)
        {
            int changed = _clamp.Apply(source, values);
            if (changed > 0) host.Count(Counters.Clamped, changed);
        }
        else
        {
            source.CopyTo(values);
        }
        int n = _encoder!.Encode(command.Name, values, command.Confidence, command.Sequence, _frame);
        if (n < 0)
        {
            host.Count(Counters.Rejected);
            return;
        }
        if (_encoder.LastSaturated > 0) host.Count(Counters.Saturated, _encoder.LastSaturated);

        // Fed before the lock: a watchdog holding the lock either sees this feed or writes the safe command before
        // this command, never after it.
        _watchdog?.Feed(now);
        bool resumed;
        lock (_writeLock)
        {
            if (!WriteLocked(_frame.AsSpan(0, n), "sending a command")) return;
            resumed = _safeActive;
            _safeActive = false;
        }
        _lastSent = now;
        _anySent = true;
        host.Count(Counters.Sent);
        if (resumed)
        {
            host.Count(Counters.WatchdogResumes);
            host.Log(PluginLogLevel.Info, string.Create(CultureInfo.InvariantCulture,
                $"watchdog: fresh commands again after {(now - _stallStart) * 1000.0 / Stopwatch.Frequency:0.#} ms without; resumed with '{command.Name}'"));
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _watchdog?.Dispose();
        _watchdog = null;
        IPluginHost? host = _host;
        lock (_writeLock)
        {
            if (_port != null && !IsDisconnected)
            {
                if (WriteLocked(_safe, "sending the safe command at close"))
                {
                    try
                    {
                        _port.Drain();
                        host?.Count(Counters.SafeOnClose);
                        host?.Log(PluginLogLevel.Info, $"closing: sent the safe command \"{_safeShown}\" to '{Device}'");
                    }
                    catch (SerialPortException ex)
                    {
                        host?.Log(PluginLogLevel.Error, $"closing: the safe command to '{Device}' may not have left: {ex.Message}");
                    }
                }
            }
            else if (host != null && IsDisconnected)
            {
                host.Log(PluginLogLevel.Warning, $"closing: '{Device}' is gone, the safe command could not be sent");
            }
            _port?.Dispose();
            _port = null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
    }

    void IWatchdogTarget.OnStalled(long lastFresh, int repeat)
    {
        IPluginHost host = _host!;
        bool sent;
        lock (_writeLock)
        {
            if (_closed || _watchdog == null || !_watchdog.IsStale(lastFresh) || _port == null || IsDisconnected) return;
            sent = WriteLocked(_safe, "sending the watchdog's safe command");
            if (sent) LastWatchdogWrite = Stopwatch.GetTimestamp();
            if (sent && repeat == 0)
            {
                _safeActive = true;
                _stallStart = lastFresh;
            }
        }
        if (!sent) return;
        if (repeat == 0)
        {
            string repeating = SafeRepeat ? ", repeating it every deadline while stalled" : "";
            host.Log(PluginLogLevel.Warning, string.Create(CultureInfo.InvariantCulture,
                $"watchdog: no fresh command for {(Stopwatch.GetTimestamp() - lastFresh) * 1000.0 / Stopwatch.Frequency:0.#} ms (deadline {WatchdogSeconds * 1000:0.###} ms): sent the safe command \"{_safeShown}\" to '{Device}'{repeating}"));
            host.Count(Counters.WatchdogStalls);
        }
        host.Count(Counters.WatchdogSafe);
    }

    // Under _writeLock. False when the device hung up (reported, counted, port released) or the write failed.
    private bool WriteLocked(ReadOnlySpan<byte> bytes, string doing)
    {
        if (_port == null)
        {
            _host?.Count(Counters.Disconnected);
            return false;
        }
        try
        {
            _port.Write(bytes);
            return true;
        }
        catch (SerialPortClosedException ex)
        {
            HangUpLocked(ex, doing);
            return false;
        }
        catch (TimeoutException ex)
        {
            _host?.Count(Counters.Rejected);
            _host?.Log(PluginLogLevel.Error, $"{doing}: {ex.Message}");
            return false;
        }
    }

    private void HangUpLocked(SerialPortClosedException ex, string doing)
    {
        IsDisconnected = true;
        // The safe command is tried on the same handle once: a half-gone USB adapter sometimes still takes it.
        bool safeTaken = false;
        try
        {
            _port!.Write(_safe);
            safeTaken = true;
        }
        catch (SerialPortException) { }
        _port!.Dispose();
        _port = null;
        _nextReconnect = Stopwatch.GetTimestamp() + _reconnectInterval;
        _host?.Count(Counters.HangUps);
        _host?.Log(PluginLogLevel.Error,
            $"'{Device}' hung up or was unplugged while {doing}: {ex.Message} The safe command {(safeTaken ? "was written once more" : "could not be sent")}; " +
            (ReconnectSeconds > 0
                ? string.Create(CultureInfo.InvariantCulture, $"commands are dropped (counted) and the device is reopened when it is back (tried every {ReconnectSeconds:0.###} s).")
                : "commands are dropped (counted) until the pipeline restarts (reconnect: 0)."));
    }

    // On the Send thread: at most one open attempt per reconnect interval; allocation only here, off the steady state.
    private bool TryReconnect(IPluginHost host)
    {
        if (_reconnectInterval <= 0 || Stopwatch.GetTimestamp() < _nextReconnect) return false;
        _nextReconnect = Stopwatch.GetTimestamp() + _reconnectInterval;
        SerialPort port;
        try
        {
            port = SerialPort.Open(Device, Baud);
        }
        catch (SerialPortException)
        {
            return false;
        }
        lock (_writeLock)
        {
            _port = port;
            IsDisconnected = false;
            _anySent = false;
        }
        host.Count(Counters.Reconnects);
        host.Log(PluginLogLevel.Info, $"'{Device}' is back: reopened, sending commands again");
        return true;
    }

    private BinaryEncoder CreateBinary(IReadOnlyList<string> names, List<KeyValuePair<string, string>> table)
    {
        if (table.Count == 0)
            throw new PluginConfigurationException(CommandTable.Parameter, $"{CommandTable.Parameter}: required for the binary protocol (the code byte of each command, e.g. [left=0x01, right=0x02, stop=0x00])");
        var codes = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var (name, code) in table) codes[name] = EscapedText.ParseByte(code, CommandTable.Parameter, $"code of '{name}'");
        int start = StartByte.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? -1 : EscapedText.ParseByte(StartByte, "start-byte", "start byte");
        int[] indices;
        if (FrameValues.Length == 0)
        {
            indices = new int[names.Count];
            for (int i = 0; i < indices.Length; i++) indices[i] = i;
        }
        else
        {
            indices = new int[FrameValues.Length];
            for (int i = 0; i < indices.Length; i++) indices[i] = ValueIndex(FrameValues[i], names, i);
        }
        if (ValueType == FrameValueType.Int16 && (!(Scale > 0) || double.IsInfinity(Scale)))
            throw new PluginConfigurationException("scale", $"scale: {Scale} must be a positive number");
        return new BinaryEncoder(start, codes, indices, ValueType, Endian, (float)Scale, Checksum);
    }

    private static int ValueIndex(string entry, IReadOnlyList<string> names, int position)
    {
        string e = entry.Trim();
        for (int k = 0; k < names.Count; k++)
            if (names[k] == e) return k;
        if (int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && (names.Count == 0 || index < names.Count)) return index;
        throw new PluginConfigurationException("values", $"values[{position}]: '{entry}' is neither a value name ({string.Join(", ", names)}) nor an index 0..{names.Count - 1}");
    }

    private byte[] BuildSafe(int valueCount)
    {
        const string Key = "safe-command";
        string safe = SafeCommand.Trim();
        if (safe.Length == 0) throw new PluginConfigurationException(Key, $"{Key}: required: a command name, raw:TEXT or hex:BYTES (e.g. safe-command: stop)");
        if (safe.StartsWith("hex:", StringComparison.OrdinalIgnoreCase)) return EscapedText.ParseHex(safe[4..], Key);
        if (safe.StartsWith("raw:", StringComparison.OrdinalIgnoreCase))
        {
            byte[] raw = EscapedText.Decode(SafeCommand.TrimStart()[4..], Key);
            if (raw.Length == 0) throw new PluginConfigurationException(Key, $"{Key}: raw: with no bytes");
            return raw;
        }
        if (!_encoder!.Knows(safe))
            throw new PluginConfigurationException(Key, $"{Key}: '{safe}' is not in the commands table ({string.Join(", ", CommandTable.Parse(Commands).Select(p => p.Key))}); give one of them, raw:TEXT or hex:BYTES");
        var values = new float[Math.Max(Math.Max(valueCount, SafeValues.Length), 16)];
        for (int i = 0; i < SafeValues.Length; i++)
        {
            values[i] = (float)SafeValues[i];
            if (_clamp != null && !_clamp.Contains(i, values[i]))
                throw new PluginConfigurationException("safe-values", $"safe-values[{i}]: {SafeValues[i].ToString(CultureInfo.InvariantCulture)} lies outside clamp: the safe state must be a state the device may take");
        }
        int count = valueCount > 0 ? valueCount : values.Length;
        var buffer = new byte[_encoder.MaxLength];
        int n = _encoder.Encode(safe, values.AsSpan(0, Math.Max(count, SafeValues.Length)), float.NaN, -1, buffer);
        if (n == EncodeResult.MissingValue)
            throw new PluginConfigurationException("safe-values", $"safe-values: the safe command '{safe}' needs more values than the {count} it has");
        if (n < 0) throw new PluginConfigurationException(Key, $"{Key}: '{safe}' cannot be encoded (result {n})");
        return buffer.AsSpan(0, n).ToArray();
    }
}
