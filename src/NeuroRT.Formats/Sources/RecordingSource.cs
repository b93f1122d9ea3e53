using NeuroRT.Core.Configuration;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// What every recording source (edf, brainvision, xdf) replays the same way, with one loop (<see cref="ReplayFeeder"/>):
/// the pace (<see cref="Speed"/>), the chunking, the passes (<see cref="Loop"/>) and the faults injected for testing
/// (timestamp jitter, hitches, dropped chunks, random chunk sizes), all seeded so a run repeats exactly.
/// </summary>
public abstract class RecordingSource : IReplaySource
{
    /// <inheritdoc />
    [Parameter("speed", Help = "1 = real time, N = N x real time, 0 = as fast as possible (default 1)")]
    public double Speed { get; set; } = 1;

    /// <summary>Seconds of data pushed at once.</summary>
    [Parameter("chunk", Quantity = Quantity.Time, Help = "data pushed at once, like an amplifier's transfer (default 10ms)")]
    public double Chunk { get; set; } = 0.010;

    /// <summary>Passes over the recording: 1 plays it once, N plays it N times, 0 endlessly.</summary>
    [Parameter("loop", Help = "passes over the recording: 1 = once, N = N times, 0 = endlessly; each pass continues the timestamps (default 1)")]
    public int Loop { get; set; } = 1;

    /// <summary>Timestamp jitter, percent of the sample period, uniform +/-.</summary>
    [Parameter("jitter", Help = "fault: timestamp jitter in % of the sample period, uniform +/- (0..100; default 0)")]
    public double Jitter { get; set; }

    /// <summary>Hitches per minute of data.</summary>
    [Parameter("hitches", Help = "fault: delivery stalls per minute of data (random times); each holds hitch-length of data, which then arrives at once (default 0)")]
    public double Hitches { get; set; }

    /// <summary>Data held back by one hitch (seconds).</summary>
    [Parameter("hitch-length", Quantity = Quantity.Time, Help = "data held back by one hitch, up to 1min (default 200ms)")]
    public double HitchLength { get; set; } = 0.2;

    /// <summary>Percent of chunks not delivered.</summary>
    [Parameter("drop-chunks", Help = "fault: % of chunks not delivered (0..100); their samples show as a gap in the running sample index (default 0)")]
    public double DropChunks { get; set; }

    /// <summary>How the recording is cut into chunks.</summary>
    [Parameter("rechunk", Help = "fixed: chunks of 'chunk'; random: sizes drawn uniformly from 1 .. 2 x chunk (default fixed)")]
    public ReplayChunking Rechunk { get; set; } = ReplayChunking.Fixed;

    /// <summary>Seed of every random fault (jitter, hitches, drops, random chunk sizes).</summary>
    [Parameter("fault-seed", Help = "seed of the random faults and chunk sizes: a seed gives the same faults at any speed (default 1)")]
    public long FaultSeed { get; set; } = 1;

    /// <summary>What the current (or last) run did: passes, chunks, drops, hitches.</summary>
    public ReplayCounters Counters { get; } = new();

    /// <inheritdoc />
    public bool IsRealTime => Speed > 0;

    /// <summary>Seconds of data of one pass (after <see cref="Open"/>).</summary>
    public abstract double? PassSeconds { get; }

    /// <inheritdoc />
    public double? DurationSeconds => Loop == 0 || PassSeconds is not { } pass ? null : pass * Loop;

    /// <inheritdoc />
    public abstract StreamFormat Open();

    /// <inheritdoc />
    public void Run(SampleRing ring, CancellationToken cancel)
    {
        var reader = CreateReader(MaxChunkSamples());
        new ReplayFeeder(reader, Options, Counters).Run(ring, cancel);
    }

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>The sampling rate the chunk lengths are counted in (after <see cref="Open"/>).</summary>
    protected abstract double ReplayRate { get; }

    /// <summary>A reader of the opened recording that reads at most <paramref name="maxRead"/> samples at once.</summary>
    internal abstract IReplayReader CreateReader(int maxRead);

    internal ReplayOptions Options => new(Speed, Chunk, Loop, Jitter, Hitches, HitchLength, DropChunks, Rechunk, FaultSeed);

    /// <summary>Checks the replay parameters; throws <see cref="StageConfigurationException"/> naming the one at fault.</summary>
    protected void CheckReplayOptions()
    {
        if (!(Speed >= 0)) throw new StageConfigurationException("speed", $"speed must be >= 0 (0 = as fast as possible), got {Speed}");
        if (!(Chunk > 0)) throw new StageConfigurationException("chunk", $"chunk must be a positive duration, got {Chunk} s");
        if (Loop < 0) throw new StageConfigurationException("loop", $"loop must be 0 (endlessly) or a number of passes >= 1, got {Loop}");
        if (!(Jitter >= 0 && Jitter <= 100)) throw new StageConfigurationException("jitter", $"jitter is a percentage of the sample period, 0..100, got {Jitter}");
        if (!(Hitches >= 0) || double.IsInfinity(Hitches)) throw new StageConfigurationException("hitches", $"hitches is a number per minute of data, >= 0, got {Hitches}");
        if (!(HitchLength > 0) || HitchLength > 60) throw new StageConfigurationException("hitch-length", $"hitch-length must be a positive duration up to 1 min (the held data is buffered), got {HitchLength} s");
        if (!(DropChunks >= 0 && DropChunks <= 100)) throw new StageConfigurationException("drop-chunks", $"drop-chunks is a percentage of chunks, 0..100, got {DropChunks}");
    }

    private int MaxChunkSamples()
    {
        int chunk = (int)Math.Max(1, Math.Round(Chunk * ReplayRate));
        return Rechunk == ReplayChunking.Random ? 2 * chunk : chunk;
    }
}
