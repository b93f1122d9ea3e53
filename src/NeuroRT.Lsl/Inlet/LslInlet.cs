using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.TimeSync;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Inlet;

/// <summary>Connection state of an inlet.</summary>
public enum LslInletState
{
    /// <summary>Not connected yet.</summary>
    Idle,
    /// <summary>Receiving.</summary>
    Connected,
    /// <summary>Lost; re-resolving and reconnecting.</summary>
    Recovering,
    /// <summary>Lost for good (no recovery possible or asked for).</summary>
    Lost,
    /// <summary>Disposed.</summary>
    Closed,
}

/// <summary>
/// Receives one stream: connects the feed (protocol 1.10, or 1.00 for old outlets), decodes straight from the
/// socket into a preallocated <see cref="SampleChunk"/> (no allocation per sample or chunk), optionally maps
/// timestamps to this host's clock with the measured offset and smooths them. When the outlet goes away it
/// reports it, pauses 500 ms, re-resolves by source_id (liblsl's recovery query), reconnects — to a restarted
/// outlet too — and reports the gap. A silent stream is noticed by the watchdog. Every call is bounded in time.
/// Use from one thread.
/// </summary>
public sealed class LslInlet : IDisposable
{
    private const double RetryPauseSeconds = 0.5;

    private readonly LslInletOptions _options;
    private readonly LslConfig _config;
    private readonly ILslLog _log;
    private readonly ConcurrentQueue<LslInletEvent> _events = new();
    private readonly Dejitter? _dejitter;
    private FeedConnection? _connection;
    private TimeCorrectionClient? _clock;
    private long _retryAt;
    private long _lastDataTicks;
    private long _lostTicks;
    private double _lastTimestamp = double.NaN;
    private double _gapFrom = double.NaN;
    private bool _gapPending;
    private bool _newOutlet;
    private int _recoveryAttempts;
    private long _samples;

    /// <summary>Creates an inlet for a resolved stream (nothing is opened yet).</summary>
    public LslInlet(LslStreamInfo resolved, LslInletOptions? options = null)
    {
        _options = options ?? new LslInletOptions();
        _config = _options.Config ?? LslConfig.Current;
        _log = _options.Log ?? StderrLslLog.Instance;
        if (resolved.ChannelCount < 1) throw new ArgumentException($"stream {resolved.Name}: an inlet needs at least one channel", nameof(resolved));
        if (resolved.ProtocolVersion / 100 > 1) throw new ArgumentException($"stream {resolved.Name} speaks protocol {resolved.ProtocolVersion / 100.0:0.00}, newer than 1.x");
        Info = resolved.Clone();
        if (_options.Dejitter && Info.NominalRate > 0) _dejitter = new Dejitter(Info.NominalRate, _config.SmoothingHalftime);
    }

    /// <summary>The stream as currently connected (uid and ports change when a restarted outlet is found).</summary>
    public LslStreamInfo Info { get; private set; }

    /// <summary>Connection state.</summary>
    public LslInletState State { get; private set; } = LslInletState.Idle;

    /// <summary>Samples received.</summary>
    public long SamplesReceived => Interlocked.Read(ref _samples);

    /// <summary>Times the feed was re-established after a loss.</summary>
    public int Recoveries { get; private set; }

    /// <summary>Samples known lost in gaps (regular streams).</summary>
    public long SamplesLostInGaps { get; private set; }

    /// <summary>The time-correction client once clock sync started (offset, uncertainty), else null.</summary>
    public TimeCorrectionClient? Clock => _clock;

    /// <summary>True when recovery is possible: asked for, and the stream has a source_id.</summary>
    public bool CanRecover => _options.Recover && Info.SourceId.Length > 0;

    /// <summary>Next connection event, if any.</summary>
    public bool TryGetEvent(out LslInletEvent? e) => _events.TryDequeue(out e);

    /// <summary>Connects and completes the handshake within <paramref name="timeoutSeconds"/>; throws when it cannot.</summary>
    public void Open(double timeoutSeconds, CancellationToken cancel = default)
    {
        if (_connection is not null) return;
        _connection = FeedConnection.Open(Info, _config, _options.MaxBufferSeconds, _options.MaxChunkLength, timeoutSeconds, cancel);
        State = LslInletState.Connected;
        _lastDataTicks = Stopwatch.GetTimestamp();
        if (_options.ClockSync) StartClock();
    }

    /// <summary>Starts time correction (if not yet) and waits up to <paramref name="timeoutSeconds"/> for the first estimate; returns the correction (0 when none yet).</summary>
    public double TimeCorrection(double timeoutSeconds)
    {
        StartClock();
        _clock!.WaitValid(timeoutSeconds);
        return _clock.Correction;
    }

    private void StartClock()
    {
        if (_clock is not null) return;
        _clock = new TimeCorrectionClient(new IPEndPoint(IPAddress.Parse(Info.V4Address), Info.V4ServicePort), _config);
        _clock.Start();
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for samples and decodes what arrived into <paramref name="chunk"/>
    /// (cleared first); returns the count, 0 when nothing came (or the inlet is recovering). Throws
    /// <see cref="LslStreamLostException"/> once the stream is lost for good.
    /// </summary>
    public int Pull(SampleChunk chunk, int timeoutMs, CancellationToken cancel = default)
    {
        chunk.Clear();
        if (State == LslInletState.Lost) throw new LslStreamLostException($"stream {Info.Name} is lost and cannot be recovered{(Info.SourceId.Length == 0 ? " (it has no source_id)" : "")}");
        if (State == LslInletState.Closed) throw new ObjectDisposedException(nameof(LslInlet));
        if (_connection is null && !TryReconnect(timeoutMs, cancel)) return 0;
        try
        {
            int n = _connection!.Read(chunk, timeoutMs);
            if (n == 0)
            {
                CheckWatchdog();
                return 0;
            }

            _lastDataTicks = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _samples, n);
            Finish(chunk);
            return n;
        }
        catch (Exception e) when (e is LslProtocolException or LslStreamGoneException or SocketException or IOException or TimeoutException)
        {
            OnLost(e.Message);
            return 0;
        }
    }

    private void Finish(SampleChunk chunk)
    {
        var timestamps = chunk.Timestamps.AsSpan(0, chunk.Count);
        if (_gapPending)
        {
            _gapPending = false;
            double gap = double.IsNaN(_gapFrom) ? 0 : timestamps[0] - _gapFrom;
            long lost = Info.NominalRate > 0 && gap > 0 ? Math.Max(0, (long)Math.Round(gap * Info.NominalRate) - 1) : 0;
            SamplesLostInGaps += lost;
            double outage = (Stopwatch.GetTimestamp() - _lostTicks) / (double)Stopwatch.Frequency;
            var e = new LslInletEvent(LslInletEventKind.Recovered, Info.Name, "", outage, gap, lost, _newOutlet);
            _events.Enqueue(e);
            _log.Write(LslLogLevel.Warning, e.ToString());
            _dejitter?.Reset();
        }

        _lastTimestamp = timestamps[^1];
        if (_options.ClockSync && _clock is not null)
        {
            double correction = _clock.Correction;
            for (int i = 0; i < timestamps.Length; i++) timestamps[i] += correction;
        }

        if (_dejitter is not null)
            for (int i = 0; i < timestamps.Length; i++) timestamps[i] = _dejitter.Next(timestamps[i]);
    }

    private void CheckWatchdog()
    {
        double silent = (Stopwatch.GetTimestamp() - _lastDataTicks) / (double)Stopwatch.Frequency;
        if (silent > _config.WatchdogTimeThreshold && CanRecover && Info.NominalRate > 0)
            OnLost($"no data for {silent:0.#} s (watchdog)");
        else if (silent > _config.WatchdogTimeThreshold)
            _lastDataTicks = Stopwatch.GetTimestamp(); // irregular streams may be silent; only re-check later
    }

    private void OnLost(string reason)
    {
        _connection?.Dispose();
        _connection = null;
        if (!_gapPending)
        {
            _gapFrom = _lastTimestamp;
            _lostTicks = Stopwatch.GetTimestamp();
            _gapPending = true;
            _newOutlet = false;
        }

        var e = new LslInletEvent(LslInletEventKind.Lost, Info.Name, reason, 0, 0, 0, false);
        _events.Enqueue(e);
        _log.Write(LslLogLevel.Warning, e.ToString() + (CanRecover ? "; recovering" : "; no recovery (the stream has no source_id or recovery is off)"));
        State = CanRecover ? LslInletState.Recovering : LslInletState.Lost;
        _retryAt = Stopwatch.GetTimestamp() + (long)(RetryPauseSeconds * Stopwatch.Frequency);
        _recoveryAttempts = 0;
        if (State == LslInletState.Lost) throw new LslStreamLostException($"stream {Info.Name} lost: {reason}");
    }

    // One bounded recovery step: wait out the pause, re-resolve by the recovery query, reconnect.
    private bool TryReconnect(int timeoutMs, CancellationToken cancel)
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _retryAt)
        {
            int wait = (int)Math.Min(timeoutMs, (_retryAt - now) * 1000 / Stopwatch.Frequency);
            if (wait > 0) cancel.WaitHandle.WaitOne(wait);
            if (Stopwatch.GetTimestamp() < _retryAt) return false;
        }

        try
        {
            if (State == LslInletState.Recovering) Reresolve(cancel);
            _connection = FeedConnection.Open(Info, _config, _options.MaxBufferSeconds, _options.MaxChunkLength, _options.ConnectTimeoutSeconds, cancel);
            State = LslInletState.Connected;
            Recoveries += _gapPending ? 1 : 0;
            _lastDataTicks = Stopwatch.GetTimestamp();
            _log.Write(LslLogLevel.Info, $"stream {Info.Name}: connected to {Info.V4Address}:{Info.V4DataPort}");
            return true;
        }
        catch (Exception e) when (e is LslProtocolException or LslStreamGoneException or SocketException or IOException or TimeoutException or LslRecoveryPendingException)
        {
            if (e is not LslRecoveryPendingException) _log.Write(LslLogLevel.Info, $"stream {Info.Name}: reconnect failed: {e.Message}");
            _retryAt = Stopwatch.GetTimestamp() + (long)(RetryPauseSeconds * Stopwatch.Frequency);
            return false;
        }
    }

    private void Reresolve(CancellationToken cancel)
    {
        using var resolver = new LslResolver(_config, _log);
        double minimumWait = _recoveryAttempts++ == 0 ? Math.Min(1.0, _config.MulticastMinRtt * 2) : 0.2;
        var found = resolver.Resolve(StreamQuery.Recovery(Info), 1, Math.Max(1.0, minimumWait + 0.5), minimumWait, cancel);
        if (found.Count == 0) throw new LslRecoveryPendingException();
        foreach (var candidate in found)
        {
            if (candidate.Uid == Info.Uid)
            {
                Info.V4Address = candidate.V4Address;
                Info.V4DataPort = candidate.V4DataPort;
                Info.V4ServicePort = candidate.V4ServicePort;
                return;
            }
        }

        if (found.Count > 1)
        {
            _log.Write(LslLogLevel.Warning, $"stream {Info.Name}: {found.Count} outlets match the recovery query (name, type, source_id, format, channels); waiting for one");
            throw new LslRecoveryPendingException();
        }

        var next = found[0];
        next.Desc = Info.Desc;
        Info = next;
        _newOutlet = true;
        // A new outlet instance: its clock offset must be measured again.
        _clock?.Dispose();
        _clock = null;
        if (_options.ClockSync) StartClock();
    }

    /// <summary>Closes the feed and the time-correction client.</summary>
    public void Dispose()
    {
        State = LslInletState.Closed;
        _connection?.Dispose();
        _connection = null;
        _clock?.Dispose();
    }

    private sealed class LslRecoveryPendingException : Exception;
}

/// <summary>The stream went away and cannot come back (no source_id, or recovery off).</summary>
public sealed class LslStreamLostException(string message) : Exception(message);
