using NeuroRT.Formats.Sources.Xdf;
using NeuroRT.Formats.Xdf;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// Serves the streams of an XDF recording as live LSL outlets, one per stream, on one timeline: every sample goes
/// out when its (clock-synchronised) time is due, stamped <c>start + (t - t0) / speed</c> with t0 the file's earliest
/// stamp, so the streams keep their alignment (a marker stays on its EEG sample). Names, types, channel labels,
/// units and value formats are the file's; string streams go out as string outlets, one marker per push.
/// </summary>
internal sealed class XdfRelay : IDisposable
{
    // The timeline advances in steps of this many milliseconds of wall-clock time.
    private const int StepMs = 5;
    private readonly Served[] _served;
    private readonly double _speed;
    private readonly double _t0;
    private readonly double _span;
    private long _passes;

    public XdfRelay(XdfFile file, string? only, string? rename, string? sourceId, LslOutletOptions options, double speed)
    {
        _speed = speed;
        var picked = new List<XdfStream>();
        foreach (var s in file.Streams)
            if (only is null || s.Info.Name == only) picked.Add(s);
        if (picked.Count == 0)
            throw new ArgumentException($"{file.Path} has no stream named '{only}'; its streams: {XdfSource.DescribeStreams(file)}");
        if (picked.Count > 1 && (rename is not null || sourceId is not null))
            throw new ArgumentException($"--name and --source-id name one stream, and {file.Path} has {picked.Count} ({XdfSource.DescribeStreams(file)}); serve one with --stream NAME");

        double t0 = double.PositiveInfinity, end = double.NegativeInfinity, period = 0;
        foreach (var s in picked)
        {
            foreach (double t in s.Timestamps)
            {
                t0 = Math.Min(t0, t);
                end = Math.Max(end, t);
            }

            if (s.Info.NominalRate > 0) period = Math.Max(period, 1 / s.Info.NominalRate);
        }

        _t0 = double.IsFinite(t0) ? t0 : 0;
        // A pass lasts from the earliest to the latest stamp plus one sample, so passes follow each other seamlessly.
        _span = double.IsFinite(end) ? end - _t0 + period : 0;
        _served = new Served[picked.Count];
        for (int i = 0; i < picked.Count; i++)
        {
            var s = picked[i];
            string name = rename ?? s.Info.Name;
            _served[i] = new Served(s, new LslOutlet(Describe(s, name, sourceId ?? $"neurort-replay-{name}"), options));
        }
    }

    public IReadOnlyList<Served> Streams => _served;

    /// <summary>Seconds of one pass.</summary>
    public double PassSeconds => _span;

    /// <summary>Passes started.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Samples pushed, over all streams.</summary>
    public long SamplesServed
    {
        get
        {
            long n = 0;
            foreach (var s in _served) n += s.Pushed;
            return n;
        }
    }

    /// <summary>Replays the timeline once (or until cancelled, with <paramref name="loop"/>).</summary>
    public void Run(bool loop, CancellationToken cancel)
    {
        double start = LslClock.Now;
        for (long pass = 0; !cancel.IsCancellationRequested; pass++)
        {
            Interlocked.Increment(ref _passes);
            double offset = pass * _span;
            foreach (var s in _served) s.Next = 0;
            while (!cancel.IsCancellationRequested)
            {
                double due = _t0 + (LslClock.Now - start) * _speed - offset;
                bool left = false;
                foreach (var s in _served) left |= s.PushUntil(due, start, offset - _t0, _speed);
                if (!left) break;
                cancel.WaitHandle.WaitOne(StepMs);
            }

            if (!loop || _span <= 0) return;
        }
    }

    public void Dispose()
    {
        foreach (var s in _served) s.Outlet.Dispose();
    }

    private static LslStreamInfo Describe(XdfStream s, string name, string sourceId)
    {
        var info = new LslStreamInfo
        {
            Name = name,
            Type = s.Info.Type,
            ChannelCount = s.Info.ChannelCount,
            ChannelFormat = s.Info.Format switch
            {
                XdfChannelFormat.Int8 => ChannelFormat.Int8,
                XdfChannelFormat.Int16 => ChannelFormat.Int16,
                XdfChannelFormat.Int32 => ChannelFormat.Int32,
                XdfChannelFormat.Int64 => ChannelFormat.Int64,
                XdfChannelFormat.Double64 => ChannelFormat.Double64,
                XdfChannelFormat.String => ChannelFormat.String,
                _ => ChannelFormat.Float32,
            },
            NominalRate = s.Info.NominalRate,
            SourceId = sourceId,
        };
        var channels = XdfSource.ChannelsOf(s.Info);
        var described = new List<(string, string, string)>(channels.Count);
        foreach (var c in channels) described.Add((c.Name, c.Unit, c.Type));
        info.SetChannels(described);
        return info;
    }

    /// <summary>One stream served: its outlet and how far the current pass has pushed it.</summary>
    internal sealed class Served(XdfStream stream, LslOutlet outlet)
    {
        private readonly double[] _stamps = new double[256];
        private readonly string[] _row = new string[stream.Info.ChannelCount];
        private long _pushed;

        public XdfStream Stream { get; } = stream;

        public LslOutlet Outlet { get; } = outlet;

        public int Next { get; set; }

        public long Pushed => Interlocked.Read(ref _pushed);

        /// <summary>
        /// Pushes the samples stamped up to <paramref name="due"/> (file time), each stamped
        /// <c>start + (t + shift) / speed</c> in the LSL clock; true while samples are left.
        /// </summary>
        public bool PushUntil(double due, double start, double shift, double speed)
        {
            var times = Stream.Timestamps;
            int channels = Stream.Info.ChannelCount;
            while (Next < Stream.SampleCount && times[Next] <= due)
            {
                if (Stream.Info.Format == XdfChannelFormat.String)
                {
                    Array.Copy(Stream.StringValues, (long)Next * channels, _row, 0, channels);
                    Outlet.PushSample(_row, start + (times[Next] + shift) / speed);
                    Next++;
                    Interlocked.Increment(ref _pushed);
                    continue;
                }

                int n = 0;
                while (n < _stamps.Length && Next + n < Stream.SampleCount && times[Next + n] <= due)
                {
                    _stamps[n] = start + (times[Next + n] + shift) / speed;
                    n++;
                }

                Outlet.PushChunk<double>(Stream.NumericValues.AsSpan(Next * channels, n * channels), _stamps.AsSpan(0, n));
                Next += n;
                Interlocked.Add(ref _pushed, n);
            }

            return Next < Stream.SampleCount;
        }
    }
}
