using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

public class DriverStreamingTests
{
    /// <summary>A random input per timestep for random1's network (−1: no input), from a fixed seed.</summary>
    private static int[] Inputs(int timesteps, int seed)
    {
        var random = new Random(seed);
        var inputs = new int[timesteps];
        for (int t = 0; t < timesteps; t++)
        {
            inputs[t] = random.Next(3) == 0 ? -1 : random.Next(2, 10);
        }

        return inputs;
    }

    private static List<NcxSpikeFrame> Stream(NcxDriver driver, int[] inputs, int lookahead)
    {
        var frames = new List<NcxSpikeFrame>();
        driver.BeginStreaming(lookahead);
        foreach (int a in inputs)
        {
            if (driver.Step(a, out NcxSpikeFrame frame))
            {
                frames.Add(frame);
            }
        }

        var tail = new NcxSpikeFrame[lookahead];
        int n = driver.EndStreaming(tail);
        frames.AddRange(tail.Take(n));
        return frames;
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(2, true)]
    [InlineData(7, true)]
    public void Streaming_gives_the_same_spikes_as_a_batch_run_of_the_same_events(int lookahead, bool realTimeBoard)
    {
        const int T = 300;
        int[] inputs = Inputs(T, seed: 5);
        NcxImage image = NcxVectors.Image("random1");

        var link = new BoardLink(new NcxBoard { RealTime = realTimeBoard });
        var streaming = new NcxDriver(link);
        streaming.Load(image, verify: false);
        List<NcxSpikeFrame> frames = Stream(streaming, inputs, lookahead);
        Assert.Equal(0, link.Board.DroppedEvents);

        // The batch run of exactly the events the streaming run sent: one per timestep, fillers for "no input", and the
        // closing silent event.
        var batch = new NcxDriver(new BoardLink());
        batch.Load(image, verify: false);
        int silent = batch.SilentAddress;
        NcxEvent[] events = [.. inputs.Select(a => new NcxEvent(0, (ushort)(a < 0 ? silent : a))), new NcxEvent(0, (ushort)silent)];
        var result = new NcxRunResult(T + 1, T + 1);
        batch.RunEvents(events, result);

        Assert.Equal(T, result.Timesteps);
        Assert.Equal(T, frames.Count);
        int spikes = 0;
        for (int t = 1; t <= T; t++)
        {
            Assert.Equal(t, frames[t - 1].Timestep);
            Assert.Equal(result.Frame(t), frames[t - 1]);
            spikes += frames[t - 1].Count;
        }

        Assert.True(spikes > 100, $"the network should be busy: {spikes} spikes");
        Assert.Equal(NcxDriverState.Idle, streaming.State);
    }

    [Fact]
    public void Streaming_frames_arrive_lookahead_steps_after_their_input_and_a_filler_leaves_the_network_alone()
    {
        var driver = new NcxDriver(new BoardLink());
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        driver.BeginStreaming(lookahead: 2);
        Assert.False(driver.Step(1, out _));
        Assert.False(driver.Step(-1, out _));
        var got = new List<NcxSpikeFrame>();
        for (int i = 0; i < 6; i++)
        {
            Assert.True(driver.Step(-1, out NcxSpikeFrame f));
            got.Add(f);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], got.Select(f => f.Timestep));
        Assert.Equal([0, 0, 1, 0, 0, 0], got.Select(f => f.Count)); // input at 1 → neuron 0 spikes at 3
        Assert.True(got[2].Spiked(0));
        Span<NcxSpikeFrame> tail = stackalloc NcxSpikeFrame[2];
        Assert.Equal(2, driver.EndStreaming(tail));
        Assert.Equal(7, tail[0].Timestep);
        Assert.Equal(8, tail[1].Timestep);
    }

    [Fact]
    public void A_streaming_step_allocates_nothing_in_steady_state()
    {
        var driver = new NcxDriver(new BoardLink());
        driver.Load(NcxVectors.Image("random1"), verify: false);
        driver.BeginStreaming(lookahead: 3);
        int[] inputs = Inputs(5000, seed: 9);
        int spikes = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (driver.Step(inputs[i], out NcxSpikeFrame f))
            {
                spikes += f.Count;
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1000; i < inputs.Length; i++)
        {
            driver.Step(inputs[i], out NcxSpikeFrame f);
            spikes += f.Count;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(spikes > 0);
        driver.EndStreaming(new NcxSpikeFrame[3]);
    }

    [Fact]
    public void Streaming_detects_idle_timesteps_when_the_host_falls_behind()
    {
        // A real-time board that runs 3 timesteps per read with one event queued ahead runs dry: frames outnumber events.
        var link = new BoardLink(new NcxBoard { RealTime = true }, timestepsPerRead: 3);
        var driver = new NcxDriver(link);
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        driver.BeginStreaming(lookahead: 2);
        var e = Assert.Throws<NcxProtocolException>(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                driver.Step(-1, out _);
            }
        });
        Assert.Contains("idle timesteps", e.Message, StringComparison.Ordinal);
        Assert.Equal(NcxDriverState.Faulted, driver.State);
    }
}
