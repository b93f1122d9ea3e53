using NeuroRT.Core.Blocks;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Stages;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Sources.Replay;
using NeuroRT.Formats.Sources.Xdf;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>Looping and the injected faults of the recording sources: each deterministic per seed and doing what it says.</summary>
public sealed class ReplayFaultTests : IDisposable
{
    private const double Rate = 250;
    private const int Samples = 20_000; // 80 s
    private const int Width = 3;        // 2 channels + the marker channel
    private readonly string _path = XdfRecordings.Signal(2, Rate, Samples, 100, (101.0, "a"), (150.0, "b"));

    public void Dispose() => File.Delete(_path);

    private XdfSource Open(Action<XdfSource>? set = null)
    {
        var source = new XdfSource { Path = _path, Speed = 0, Markers = ["Markers"] };
        set?.Invoke(source);
        source.Open();
        return source;
    }

    private (float[] Values, double[] Times, long[] Index, XdfSource Source) Replay(Action<XdfSource>? set = null, int samples = Samples)
    {
        var source = Open(set);
        var (v, t, i) = XdfRecordings.Run(source, Width, samples);
        return (v, t, i, source);
    }

    [Fact]
    public void Loop_plays_the_recording_n_times_with_timestamps_that_continue()
    {
        var once = Replay();
        var thrice = Replay(s => s.Loop = 3, 3 * Samples);
        Assert.Equal(3 * Samples, thrice.Times.Length);
        Assert.Equal(3, thrice.Source.Counters.Passes);
        Assert.Equal(3 * Samples / Rate, thrice.Source.DurationSeconds);
        double span = once.Times[^1] - once.Times[0] + 1 / Rate; // pass k adds k x (duration + one period)
        for (int k = 0; k < thrice.Times.Length; k++)
        {
            int pass = k / Samples, inPass = k % Samples;
            Assert.Equal(once.Times[inPass] + pass * span, thrice.Times[k], 9);
            Assert.Equal(once.Values[inPass * Width + 1], thrice.Values[k * Width + 1]);
            Assert.Equal(once.Values[inPass * Width + 2], thrice.Values[k * Width + 2]); // markers repeat
            Assert.Equal(k, thrice.Index[k]);
            if (k > 0) Assert.InRange(thrice.Times[k] - thrice.Times[k - 1], 0.999 / Rate, 1.001 / Rate);
        }

        Assert.Equal(6, thrice.Values.Where((v, i) => i % Width == 2 && v != 0).Count());
    }

    [Fact]
    public void Loop_0_plays_endlessly_until_cancelled()
    {
        using var source = Open(s => s.Loop = 0);
        Assert.Null(source.DurationSeconds);
        var ring = new SampleRing(Width, 4096);
        using var cancel = new CancellationTokenSource();
        var run = new Thread(() => source.Run(ring, cancel.Token));
        run.Start();
        using var block = new SampleBlock(Width, 1, 4096);
        long read = 0;
        double last = double.NegativeInfinity;
        while (read < 4 * Samples)
        {
            if (!ring.WaitForData(1000)) continue;
            int n = ring.Read(block, 4096);
            for (int i = 0; i < n; i++)
            {
                Assert.True(block.Timestamps[i] > last);
                last = block.Timestamps[i];
            }

            read += n;
        }

        cancel.Cancel();
        Assert.True(run.Join(TimeSpan.FromSeconds(30)));
        Assert.True(source.Counters.Passes >= 4);
    }

    [Fact]
    public void Jitter_moves_each_stamp_within_the_given_share_of_a_period_the_same_way_for_a_seed()
    {
        var clean = Replay();
        var jittered = Replay(s => s.Jitter = 30);
        var again = Replay(s => s.Jitter = 30);
        var otherSeed = Replay(s => { s.Jitter = 30; s.FaultSeed = 2; });
        Assert.Equal(clean.Values, jittered.Values);
        Assert.Equal(jittered.Times, again.Times);
        Assert.NotEqual(jittered.Times, otherSeed.Times);
        double bound = 0.30 / Rate, largest = 0;
        for (int k = 0; k < Samples; k++)
        {
            double d = Math.Abs(jittered.Times[k] - clean.Times[k]);
            Assert.True(d <= bound + 1e-12, $"sample {k} moved {d} s");
            largest = Math.Max(largest, d);
        }

        Assert.True(largest > 0.9 * bound, $"largest move {largest} s of {bound} s"); // uniform: 20,000 draws reach the edge
    }

    [Fact]
    public void Dropped_chunks_show_as_lost_samples_in_a_pipeline_run()
    {
        using var source = Open(s => { s.DropChunks = 10; s.Chunk = 0.1; });
        var format = source.Open();
        using var pipeline = new PipelineGraph().Build(format, new PipelineSettings { MaxBlockSamples = 64 });
        using var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromSeconds(60)));
        Assert.Equal(PipelineState.Completed, runner.State);
        var c = source.Counters;
        Assert.InRange(c.ChunksDropped, 50, 110); // 10 % of 800 chunks, seeded
        Assert.Equal(c.ChunksDropped * 25, c.SamplesDropped);
        Assert.Equal(Samples, c.SamplesDelivered + c.SamplesDropped);
        Assert.Equal(c.SamplesDelivered, runner.SamplesIn);
        // A drop at the very end leaves no later sample to show the gap.
        long trailing = Samples - 1 - LastIndexDelivered(s => { s.DropChunks = 10; s.Chunk = 0.1; });
        Assert.Equal(c.SamplesDropped - trailing, runner.SamplesLost);
        Assert.InRange(runner.Gaps, 1, c.ChunksDropped);
    }

    private long LastIndexDelivered(Action<XdfSource> set) => Replay(set).Index[^1];

    [Fact]
    public void Dropped_chunks_are_the_same_for_a_seed_and_leave_the_other_samples_untouched()
    {
        var clean = Replay();
        var dropped = Replay(s => s.DropChunks = 25);
        var again = Replay(s => s.DropChunks = 25);
        Assert.Equal(dropped.Index, again.Index);
        Assert.True(dropped.Index.Length < Samples);
        for (int i = 0; i < dropped.Index.Length; i++)
        {
            long k = dropped.Index[i];
            Assert.Equal(clean.Times[k], dropped.Times[i]);
            Assert.Equal(clean.Values[k * Width], dropped.Values[i * Width]);
        }
    }

    [Fact]
    public void Hitches_change_only_how_the_samples_are_chunked()
    {
        var clean = Replay();
        var hitched = Replay(s => { s.Hitches = 6; s.HitchLength = 0.5; });
        Assert.Equal(clean.Values, hitched.Values);
        Assert.Equal(clean.Times, hitched.Times);
        Assert.Equal(clean.Index, hitched.Index);
        var c = hitched.Source.Counters;
        Assert.InRange(c.Hitches, 2, 30); // 6 per minute over 80 s, seeded
        Assert.True(c.LargestChunk >= 0.5 * Rate, $"largest chunk {c.LargestChunk}");
        Assert.True(c.ChunksDelivered < clean.Source.Counters.ChunksDelivered);
        Assert.Equal(2, clean.Source.Counters.LargestChunk); // 10 ms at 250 Hz: 2.5 samples, rounded to even
        Assert.Equal(c.Hitches, Replay(s => { s.Hitches = 6; s.HitchLength = 0.5; }).Source.Counters.Hitches);
    }

    [Fact]
    public void Random_rechunking_gives_exactly_the_same_samples_in_chunks_of_1_to_2_x_chunk()
    {
        var clean = Replay(s => s.Chunk = 0.04);
        var random = Replay(s => { s.Chunk = 0.04; s.Rechunk = ReplayChunking.Random; });
        Assert.Equal(clean.Values, random.Values);
        Assert.Equal(clean.Times, random.Times);
        Assert.Equal(clean.Index, random.Index);
        var c = random.Source.Counters;
        Assert.InRange(c.LargestChunk, 11, 20);
        Assert.NotEqual(clean.Source.Counters.ChunksDelivered, c.ChunksDelivered);
    }

    [Fact]
    public void Every_fault_together_is_the_same_at_any_speed()
    {
        const int samples = 1000; // 4 s of data: 0.2 s at 20 x real time
        string path = XdfRecordings.Signal(2, Rate, samples, 3, (4.0, "a"));
        try
        {
            (float[], double[], long[], ReplayCounters) Run(double speed)
            {
                using var source = new XdfSource
                {
                    Path = path, Speed = speed, Markers = ["Markers"], Jitter = 20, DropChunks = 10, Hitches = 60, HitchLength = 0.1,
                    Rechunk = ReplayChunking.Random, FaultSeed = 7, Loop = 2,
                };
                source.Open();
                var (v, t, i) = XdfRecordings.Run(source, Width, 2 * samples);
                return (v, t, i, source.Counters);
            }

            var fast = Run(0);
            var paced = Run(20);
            Assert.Equal(fast.Item1, paced.Item1);
            Assert.Equal(fast.Item2, paced.Item2);
            Assert.Equal(fast.Item3, paced.Item3);
            Assert.Equal(fast.Item4.ChunksDropped, paced.Item4.ChunksDropped);
            Assert.Equal(fast.Item4.Hitches, paced.Item4.Hitches);
            Assert.True(fast.Item4.ChunksDropped > 0 && fast.Item4.Hitches > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fault_parameters_out_of_range_name_the_parameter()
    {
        void Refused(string parameter, Action<XdfSource> set)
        {
            var source = new XdfSource { Path = _path };
            set(source);
            Assert.Equal(parameter, Assert.Throws<StageConfigurationException>(() => source.Open()).Parameter);
        }

        Refused("loop", s => s.Loop = -1);
        Refused("jitter", s => s.Jitter = 101);
        Refused("hitches", s => s.Hitches = -1);
        Refused("hitch-length", s => s.HitchLength = 0);
        Refused("drop-chunks", s => s.DropChunks = double.NaN);
        Refused("speed", s => s.Speed = -1);
        Refused("chunk", s => s.Chunk = 0);
    }
}
