using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Streams;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Lsl.Pipeline;

/// <summary>
/// Serves any pipeline source (a recording replayed at its real rate, the simulated amplifier) as a live LSL
/// stream: the source runs on its own thread into a ring, and each block read from it is pushed as one chunk,
/// stamped in the LSL clock at <c>start + (t - t0) / speed</c> so the stream's timestamps are as regular as the
/// recording's. The outlet's channel labels, units and types come from the source.
/// </summary>
public sealed class SourceRelay : IDisposable
{
    private readonly ISampleSource _source;
    private readonly StreamFormat _format;
    private readonly double _speed;
    private long _served;

    /// <summary>Opens <paramref name="source"/> and creates the outlet (it is visible from now on).</summary>
    public SourceRelay(ISampleSource source, string streamName, string sourceId, LslOutletOptions? options = null, double speed = 1)
    {
        _source = source;
        _format = source.Open();
        _speed = speed > 0 ? speed : 1;
        var info = new LslStreamInfo
        {
            Name = streamName,
            Type = _format.Type.Length > 0 ? _format.Type : "EEG",
            ChannelCount = _format.ChannelCount,
            ChannelFormat = ChannelFormat.Float32,
            NominalRate = _format.NominalRate,
            SourceId = sourceId,
        };
        info.SetChannels(_format.Channels.Select(c => (c.Name, c.Unit, c.Type)).ToList());
        Outlet = new LslOutlet(info, options);
    }

    /// <summary>The outlet serving the data.</summary>
    public LslOutlet Outlet { get; }

    /// <summary>The source's format.</summary>
    public StreamFormat Format => _format;

    /// <summary>Samples pushed.</summary>
    public long SamplesServed => Interlocked.Read(ref _served);

    /// <summary>Runs until the source ends or <paramref name="cancel"/> fires; the outlet stays open (dispose to close it).</summary>
    public void Run(CancellationToken cancel)
    {
        var ring = new SampleRing(_format.ChannelCount, (int)Math.Max(4096, _format.NominalRate * 10));
        var failure = default(Exception);
        var acquisition = new Thread(() =>
        {
            try { _source.Run(ring, cancel); }
            catch (Exception e) { failure = e; }
            finally { ring.Complete(); }
        }) { IsBackground = true, Name = "lsl-relay source" };
        using var block = new SampleBlock(_format, 256);
        var stamps = new double[block.Capacity];
        double start = LslClock.Now;
        double first = double.NaN;
        acquisition.Start();
        while (!cancel.IsCancellationRequested && !ring.IsDrained)
        {
            if (!ring.WaitForData(100)) continue;
            int n = ring.Read(block, block.Capacity);
            if (n == 0) continue;
            if (double.IsNaN(first)) first = block.Timestamps[0];
            if (_speed == 1)
            {
                // One timestamp per chunk, the rest deduced by receivers (as liblsl's push_chunk sends it).
                Outlet.PushChunk<float>(block.Values, start + (block.Timestamps[n - 1] - first));
            }
            else
            {
                for (int i = 0; i < n; i++) stamps[i] = start + (block.Timestamps[i] - first) / _speed;
                Outlet.PushChunk<float>(block.Values, stamps.AsSpan(0, n));
            }

            Interlocked.Add(ref _served, n);
        }

        acquisition.Join();
        if (failure is not null) throw new InvalidOperationException($"the relayed source failed: {failure.Message}", failure);
    }

    /// <summary>Closes the outlet and the source.</summary>
    public void Dispose()
    {
        Outlet.Dispose();
        _source.Dispose();
    }
}
