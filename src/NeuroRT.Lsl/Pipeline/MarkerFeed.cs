using System.Collections.Concurrent;
using NeuroRT.Core.Markers;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Pipeline;

/// <summary>
/// One marker stream received beside a signal stream, on its own thread: each marker becomes a numeric code
/// (the number itself for numeric streams; for string markers the rule of <see cref="MarkerCodes"/>, shared
/// with the edf source, with each newly assigned code logged) stamped with its timestamp in this host's clock,
/// ready to be placed on the signal sample it falls on.
/// </summary>
internal sealed class MarkerFeed : IDisposable
{
    private readonly LslInlet _inlet;
    private readonly ILslLog _log;
    private readonly MarkerCodes _codes;
    private readonly ConcurrentQueue<(double Time, float Code)> _pending = new();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();

    public MarkerFeed(LslStreamInfo stream, IReadOnlyList<string> names, LslConfig config, ILslLog log)
    {
        Stream = stream;
        _log = log;
        _codes = new MarkerCodes(names);
        _inlet = new LslInlet(stream, new LslInletOptions { Config = config, Log = log, ClockSync = true });
        _thread = new Thread(Receive) { IsBackground = true, Name = $"lsl-markers {stream.Name}" };
    }

    public LslStreamInfo Stream { get; }

    /// <summary>Markers placed on a sample after that sample had already passed (they arrived late).</summary>
    public long Late { get; set; }

    /// <summary>Markers received.</summary>
    public long Received { get; private set; }

    public void Start(double timeoutSeconds, CancellationToken cancel)
    {
        _inlet.Open(timeoutSeconds, cancel);
        _thread.Start();
    }

    /// <summary>The oldest marker not yet placed.</summary>
    public bool TryPeek(out (double Time, float Code) marker) => _pending.TryPeek(out marker);

    /// <summary>Drops the oldest marker (it was placed).</summary>
    public void Take() => _pending.TryDequeue(out _);

    private void Receive()
    {
        var chunk = new SampleChunk(Stream.ChannelFormat, Stream.ChannelCount, 64);
        // Markers are timed in this host's clock: wait for the first offset estimate before taking any.
        _inlet.TimeCorrection(2);
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _inlet.Pull(chunk, 100, _stop.Token);
            }
            catch (LslStreamLostException e)
            {
                _log.Write(LslLogLevel.Warning, $"marker stream {Stream.Name}: {e.Message}; no more markers from it");
                return;
            }

            for (int s = 0; s < n; s++)
            {
                float code = chunk.Format == ChannelFormat.String ? CodeOf(chunk.StringAt(s, 0)) : (float)chunk.DoubleAt(s, 0);
                _pending.Enqueue((chunk.Timestamps[s], code));
                Received++;
            }
        }
    }

    private float CodeOf(string text)
    {
        _codes.TryGetCode(text, out float code, out bool assigned); // never ignores: unlisted texts get codes
        if (assigned) _log.Write(LslLogLevel.Warning, $"marker stream {Stream.Name}: marker '{text}' gets code {code} (list the marker names in 'marker-names' to fix the codes)");
        return code;
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.IsAlive) _thread.Join(2000);
        _inlet.Dispose();
    }
}
