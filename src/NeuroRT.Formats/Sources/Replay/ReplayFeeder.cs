using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;

namespace NeuroRT.Formats.Sources.Replay;

/// <summary>
/// The one replay loop of every recording source: cuts the recording into chunks (fixed, or random sizes), passes
/// over it <c>loop</c> times with continuing timestamps, injects the faults (timestamp jitter, hitches, dropped
/// chunks) and hands each chunk to the ring, paced by the samples' own times. All buffers are made before the first
/// chunk, so the loop allocates nothing.
/// </summary>
/// <remarks>
/// Every random draw depends only on the seed and the data (never on the clock), so a seed gives the same chunks,
/// stamps, hitches and drops at any speed. Each fault draws from its own generator, so turning one on does not
/// change what another does. The order per chunk: cut, stamp (pass offset, then jitter), hold while in a hitch,
/// then deliver or drop the chunk as it would leave the amplifier (a hitch's held samples are one chunk).
/// </remarks>
internal sealed class ReplayFeeder
{
    private readonly IReplayReader _reader;
    private readonly ReplayOptions _options;
    private readonly ReplayCounters _counters;
    private readonly int _width;
    private readonly double _period;
    private readonly int _chunk;
    private readonly int _maxCut;

    // The chunk being cut: values, the stamps handed on (jittered) and the stamps it is paced by (not jittered).
    private readonly float[] _values;
    private readonly double[] _stamps;
    private readonly double[] _nominal;

    // Samples held back by a hitch.
    private readonly float[] _heldValues;
    private readonly double[] _heldStamps;
    private int _held;
    private double _heldLast;

    private ReplayRandom _sizes, _jitter, _hitches, _drops;
    private double _nextHitch = double.PositiveInfinity;
    private double _hitchEnd = double.NaN;
    private ReplayPacer _pacer = null!;
    private double _start;

    public ReplayFeeder(IReplayReader reader, ReplayOptions options, ReplayCounters counters)
    {
        _reader = reader;
        _options = options;
        _counters = counters;
        _width = reader.Width;
        _period = 1 / reader.Rate;
        // Never longer than the recording: a chunk of 10 s over a 1 s file needs buffers for 1 s only.
        _chunk = (int)Math.Max(1, Math.Min(Math.Round(options.ChunkSeconds * reader.Rate), reader.SampleCount));
        _maxCut = options.Chunking == ReplayChunking.Random ? 2 * _chunk : _chunk;
        _values = new float[_maxCut * _width];
        _stamps = new double[_maxCut];
        _nominal = new double[_maxCut];
        int held = options.HitchesPerMinute > 0 ? (int)Math.Ceiling(options.HitchSeconds * reader.Rate) + 2 * _maxCut : 0;
        _heldValues = new float[held * _width];
        _heldStamps = new double[held];
        _sizes = new ReplayRandom(options.Seed, 1);
        _jitter = new ReplayRandom(options.Seed, 2);
        _hitches = new ReplayRandom(options.Seed, 3);
        _drops = new ReplayRandom(options.Seed, 4);
    }

    /// <summary>Samples one pass shifts the timestamps by: the pass's span plus one sample period, so passes join seamlessly.</summary>
    public double PassSpan => _reader.SampleCount == 0 ? 0 : _reader.LastStamp - _reader.FirstStamp + _period;

    /// <summary>Replays into <paramref name="ring"/> until the last pass ends or <paramref name="cancel"/> fires.</summary>
    public void Run(SampleRing ring, CancellationToken cancel)
    {
        _counters.Reset();
        if (_reader.SampleCount == 0) return;
        bool realTime = _options.Speed > 0;
        _pacer = new ReplayPacer(_options.Speed);
        _start = _reader.FirstStamp;
        if (_options.HitchesPerMinute > 0) _nextHitch = _start + NextHitchInterval();
        double span = PassSpan;
        _pacer.Start();
        for (long pass = 0; _options.Loop == 0 || pass < _options.Loop; pass++)
        {
            _counters.Pass();
            _reader.Rewind();
            double offset = pass * span;
            while (true)
            {
                int want = _options.Chunking == ReplayChunking.Random ? _sizes.NextInt(1, 2 * _chunk) : _chunk;
                int n = Fill(want);
                if (n == 0) break;
                Stamp(n, offset);
                if (!Hand(ring, n, realTime, cancel)) return;
            }
        }

        // The recording ended inside a hitch: the held samples arrive now.
        if (_held > 0) Deliver(ring, _heldValues, _heldStamps, _held, _heldLast, realTime, cancel);
    }

    private int Fill(int want)
    {
        int n = 0;
        while (n < want)
        {
            int got = _reader.Read(_values.AsSpan(n * _width, (want - n) * _width), _stamps.AsSpan(n, want - n));
            if (got == 0) break;
            n += got;
        }

        return n;
    }

    private void Stamp(int n, double offset)
    {
        double jitter = _options.JitterPercent / 100 * _period;
        for (int i = 0; i < n; i++)
        {
            double t = _stamps[i] + offset;
            _nominal[i] = t;
            _stamps[i] = jitter > 0 ? t + (2 * _jitter.NextDouble() - 1) * jitter : t;
        }
    }

    // Passes the chunk on, or holds it while a hitch lasts; false when cancelled.
    private bool Hand(SampleRing ring, int n, bool realTime, CancellationToken cancel)
    {
        if (double.IsNaN(_hitchEnd) && _nominal[0] >= _nextHitch)
        {
            _hitchEnd = _nextHitch + _options.HitchSeconds;
            _counters.Hitch();
        }

        if (!double.IsNaN(_hitchEnd))
        {
            _values.AsSpan(0, n * _width).CopyTo(_heldValues.AsSpan(_held * _width));
            _stamps.AsSpan(0, n).CopyTo(_heldStamps.AsSpan(_held));
            _held += n;
            _heldLast = _nominal[n - 1];
            // The stall is over once the held data reaches its end, or the buffer could not take another chunk.
            if (_heldLast + _period < _hitchEnd && _held + _maxCut <= _heldStamps.Length) return true;
            int held = _held;
            _held = 0;
            while (_nextHitch <= _hitchEnd) _nextHitch += NextHitchInterval();
            _hitchEnd = double.NaN;
            return Deliver(ring, _heldValues, _heldStamps, held, _heldLast, realTime, cancel);
        }

        return Deliver(ring, _values, _stamps, n, _nominal[n - 1], realTime, cancel);
    }

    private bool Deliver(SampleRing ring, float[] values, double[] stamps, int n, double last, bool realTime, CancellationToken cancel)
    {
        bool drop = _options.DropPercent > 0 && _drops.NextDouble() * 100 < _options.DropPercent;
        // Released when its last sample is due, as an amplifier sends a chunk.
        if (!_pacer.WaitUntil(last - _start + _period, cancel)) return false;
        _counters.Chunk(n, drop);
        if (drop)
        {
            ring.Skip(n);
            return true;
        }

        return RecordingSourceChecks.Push(ring, values.AsSpan(0, n * _width), stamps.AsSpan(0, n), realTime, cancel);
    }

    // Hitches come as a Poisson process in data time: exponential intervals with the mean 60 s / hitches.
    private double NextHitchInterval() => -Math.Log(1 - _hitches.NextDouble()) * 60 / _options.HitchesPerMinute;
}
