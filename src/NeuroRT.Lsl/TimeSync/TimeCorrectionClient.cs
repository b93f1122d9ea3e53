using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Lsl.TimeSync;

/// <summary>
/// Measures the clock offset to one outlet as liblsl does: rounds of TimeProbeCount probes sent
/// TimeProbeInterval apart to its service port; a round with at least TimeUpdateMinProbes replies counts,
/// and its reply with the smallest round-trip time gives the offset. Rounds repeat every
/// TimeUpdateInterval on a background thread. Allocation-free per round.
/// </summary>
public sealed class TimeCorrectionClient : IDisposable
{
    private readonly LslConfig _config;
    private readonly Socket _socket;
    private readonly byte[] _send = new byte[128];
    private readonly byte[] _receive = new byte[512];
    private readonly WakeOnDispose _stop = new();
    private Thread? _thread;
    private int _wave = 1804289383 ^ Environment.ProcessId;
    private double _correction;
    private double _uncertainty = double.PositiveInfinity;
    private double _remoteTime;
    private long _rounds;
    private long _failed;
    private volatile bool _valid;

    /// <summary>Opens an unbound UDP client socket towards the outlet's service port.</summary>
    public TimeCorrectionClient(IPEndPoint service, LslConfig? config = null)
    {
        _config = config ?? LslConfig.Current;
        Service = service;
        _socket = new Socket(service.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(service);
    }

    /// <summary>The outlet's service endpoint.</summary>
    public IPEndPoint Service { get; }

    /// <summary>Seconds to add to the outlet's timestamps to express them in this host's clock (liblsl's time_correction).</summary>
    public double Correction => Volatile.Read(ref _correction);

    /// <summary>Round-trip time of the winning probe of the last good round (the estimate's uncertainty).</summary>
    public double Uncertainty => Volatile.Read(ref _uncertainty);

    /// <summary>The outlet's clock at the winning probe.</summary>
    public double RemoteTime => Volatile.Read(ref _remoteTime);

    /// <summary>True once a round succeeded.</summary>
    public bool IsValid => _valid;

    /// <summary>Rounds that produced an estimate.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Rounds with too few replies (discarded).</summary>
    public long FailedRounds => Interlocked.Read(ref _failed);

    /// <summary>Runs one round now (blocks about TimeProbeMaxRTT + count x interval); true when it produced an estimate.</summary>
    public bool RunRound()
    {
        int wave = _wave = (_wave * 1103515245 + 12345) & int.MaxValue;
        double bestRtt = double.PositiveInfinity, bestOffset = 0, bestRemote = 0;
        int replies = 0;
        long start = Stopwatch.GetTimestamp();
        double interval = _config.TimeProbeInterval;
        long end = start + (long)((_config.TimeProbeMaxRtt + interval * _config.TimeProbeCount) * Stopwatch.Frequency);
        int sent = 0;
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end || _stop.IsSet) break;
            long nextProbe = start + (long)(sent * interval * Stopwatch.Frequency);
            if (sent < _config.TimeProbeCount && now >= nextProbe)
            {
                int n = TimeProbe.FormatProbe(_send, wave, LslClock.Now);
                try { _socket.Send(_send.AsSpan(0, n)); } catch (SocketException) { }
                sent++;
                continue;
            }

            long until = sent < _config.TimeProbeCount ? Math.Min(end, start + (long)(sent * interval * Stopwatch.Frequency)) : end;
            int waitUs = (int)Math.Clamp((until - now) * 1_000_000 / Stopwatch.Frequency, 100, 200_000);
            bool readable;
            try { readable = _socket.Poll(waitUs, SelectMode.SelectRead); } catch (ObjectDisposedException) { break; }
            if (!readable) continue;
            int got;
            try { got = _socket.Receive(_receive); } catch (SocketException) { continue; } catch (ObjectDisposedException) { break; }
            double t3 = LslClock.Now;
            if (!TimeProbe.TryParseReply(_receive.AsSpan(0, got), out int replyWave, out double t0, out double t1, out double t2) || replyWave != wave) continue;
            replies++;
            var (rtt, offset) = TimeProbe.Estimate(t0, t1, t2, t3);
            if (rtt < bestRtt)
            {
                bestRtt = rtt;
                bestOffset = offset;
                bestRemote = (t1 + t2) / 2;
            }
        }

        if (replies < _config.TimeUpdateMinProbes)
        {
            Interlocked.Increment(ref _failed);
            return false;
        }

        Volatile.Write(ref _correction, -bestOffset);
        Volatile.Write(ref _uncertainty, bestRtt);
        Volatile.Write(ref _remoteTime, bestRemote);
        _valid = true;
        Interlocked.Increment(ref _rounds);
        return true;
    }

    /// <summary>Starts periodic rounds on a background thread.</summary>
    public void Start()
    {
        if (_thread is not null) return;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"lsl-time {Service}" };
        _thread.Start();
    }

    /// <summary>Waits until a round succeeded; false on timeout.</summary>
    public bool WaitValid(double timeoutSeconds)
    {
        Start();
        long deadline = Stopwatch.GetTimestamp() + (long)(timeoutSeconds * Stopwatch.Frequency);
        while (!_valid)
        {
            if (Stopwatch.GetTimestamp() > deadline || _stop.IsSet) return false;
            Thread.Sleep(10);
        }

        return true;
    }

    private void Loop()
    {
        while (!_stop.IsSet)
        {
            long started = Stopwatch.GetTimestamp();
            RunRound();
            // Until the first success, retry at once; then one round per TimeUpdateInterval.
            double wait = _valid ? _config.TimeUpdateInterval - (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency : 0.1;
            if (wait > 0) _stop.Wait((int)(wait * 1000));
        }
    }

    /// <summary>Stops the rounds and closes the socket.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(2000);
        _socket.Dispose();
    }

    private sealed class WakeOnDispose
    {
        private readonly ManualResetEventSlim _event = new();
        public bool IsSet => _event.IsSet;
        public void Set() => _event.Set();
        public void Wait(int ms) => _event.Wait(ms);
    }
}
