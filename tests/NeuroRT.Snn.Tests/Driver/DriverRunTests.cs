using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

public class DriverRunTests
{
    /// <summary>
    /// Input a (1…4) drives neuron 2(a − 1) with weight 100 (threshold 1.0, g = 1): a spike two timesteps later. Odd
    /// neurons stay silent so that the FF zeroing of neuron k + 1 when k spikes (spec §7.3) never interferes.
    /// </summary>
    internal static NcxImage EchoImage()
    {
        var image = new NcxImage();
        image.Parameters.FillThresholds(131071);
        for (int a = 1; a <= 4; a++)
        {
            image.Ff[NcxLayout.Flat(NcxLayout.Row(2 * (a - 1)), a)] = 100;
            image.Parameters.Threshold(NcxLayout.Slot(2 * (a - 1))) = NcxLayout.One;
        }

        image.Parameters.Gain = 1;
        return image;
    }

    private static NcxDriver Loaded(NcxImage image, out CaptureLink link)
    {
        link = new CaptureLink();
        var driver = new NcxDriver(link);
        driver.Load(image, verify: false);
        return driver;
    }

    [Fact]
    public void Inputs_in_the_same_timestep_are_serialised_into_the_next_free_ones_and_counted()
    {
        NcxDriver driver = Loaded(EchoImage(), out _);
        var result = new NcxRunResult(64);
        driver.Run([3, 3, 3, 4, 10], [1, 2, 3, 4, 1], 12, result);

        Assert.Equal(3, result.Collisions); // 3→4, 3→5, 4→6
        Assert.Equal(2, result.MaxCollisionDelay);
        var taus = new int[result.EventCount];
        NcxSchedule.ToTimesteps(result.Events, taus);
        Assert.Equal([3, 4, 5, 6, 10, 13], taus);
        Assert.Equal(12, result.Timesteps);
        // Each input acts two timesteps after it is consumed.
        Assert.True(result.Spiked(5, 0) && result.Spiked(6, 2) && result.Spiked(7, 4) && result.Spiked(8, 6) && result.Spiked(12, 0));
        Assert.Equal(5, result.SpikeCount);
    }

    [Fact]
    public void Collisions_at_the_end_lengthen_the_run_instead_of_losing_inputs()
    {
        NcxDriver driver = Loaded(EchoImage(), out _);
        var result = new NcxRunResult(64);
        driver.Run([8, 8, 8], [1, 2, 3], 8, result);
        Assert.Equal(2, result.Collisions);
        Assert.Equal(10, result.Timesteps);
        Assert.Equal(11, result.LastEventTimestep);
        Assert.True(result.Spiked(10, 0));
    }

    [Fact]
    public void Gaps_longer_than_256_timesteps_are_bridged_with_silent_fillers()
    {
        NcxDriver driver = Loaded(EchoImage(), out _);
        var result = new NcxRunResult(1100);
        driver.Run([1, 600], [1, 2], 1000, result);

        Assert.Equal(3, result.FillerEvents); // 257 and 513 before the input at 600; 856 before the dummy at 1001
        var taus = new int[result.EventCount];
        NcxSchedule.ToTimesteps(result.Events, taus);
        Assert.Equal([1, 257, 513, 600, 856, 1001], taus);
        int silent = driver.SilentAddress;
        Assert.Equal(0, silent);
        Assert.Equal([1, silent, silent, 2, silent, silent], result.Events.ToArray().Select(e => (int)e.Address));
        Assert.Equal(1000, result.Timesteps);
        Assert.Equal(2, result.SpikeCount);
        Assert.True(result.Spiked(3, 0) && result.Spiked(602, 2));
    }

    [Fact]
    public void More_than_1024_events_are_fed_as_the_board_consumes_them_and_none_is_dropped()
    {
        const int T = 3000;
        var times = new int[T];
        var addresses = new int[T];
        for (int i = 0; i < T; i++)
        {
            times[i] = i + 1;
            addresses[i] = 1 + i % 4;
        }

        // A real-time board (a timestep per read, as a real board runs while the host waits) shows the FIFO filling.
        var realTime = new BoardLink(new NcxBoard { RealTime = true }, timestepsPerRead: 1);
        var driver = new NcxDriver(realTime);
        driver.Load(EchoImage(), verify: false);
        var paced = new NcxRunResult(T + 8, T + 8);
        driver.Run(times, addresses, T, paced);
        Assert.Equal(0, realTime.Board.DroppedEvents);
        Assert.True(realTime.Writes > 5 + 2, $"events were sent in {realTime.Writes - 5} writes"); // 5 load commands

        // The same inputs on an as-fast-as-possible board give the same raster.
        NcxDriver fast = Loaded(EchoImage(), out _);
        var reference = new NcxRunResult(T + 8, T + 8);
        fast.Run(times, addresses, T, reference);
        Assert.Equal(T, paced.Timesteps);
        Assert.Equal(reference.Spikes.ToArray(), paced.Spikes.ToArray());
        Assert.Equal(T - 2, paced.SpikeCount); // every input but the last two lands inside the run

        // Control: sent in one go, a real-time board drops what does not fit its 1 024-entry FIFO.
        var board = new NcxBoard { RealTime = true };
        var bytes = new byte[NcxEncoder.EventCommandBytes(T + 1)];
        board.Write(bytes.AsSpan(0, NcxEncoder.WriteEvents(bytes, paced.Events)));
        Assert.Equal(T + 1 - 1024, board.DroppedEvents);
    }

    [Fact]
    public void Flush_runs_silent_timesteps_and_flush_between_runs_makes_runs_independent()
    {
        // multirun_readback: run 2 spikes with no input because run 1's state leaks (spec §5.5).
        NcxImage image = NcxVectors.Image("multirun_readback");
        var plain = new NcxDriver(new CaptureLink());
        plain.Load(image, verify: false);
        var result = new NcxRunResult(64);
        plain.Run([1, 2, 3, 4, 5], [7, 7, 7, 8, 7], 5, result);
        int[] first = [.. result.Spikes.ToArray().Select(w => (int)w)];
        plain.Run([], [], 4, result);
        Assert.True(result.SpikeCount > 0, "state leaks into a run without input");

        var link = new CaptureLink();
        var flushed = new NcxDriver(link, new NcxDriverOptions { FlushBetweenRuns = 20 });
        flushed.Load(image, verify: false);
        flushed.Run([1, 2, 3, 4, 5], [7, 7, 7, 8, 7], 5, result);
        Assert.Equal(first, result.Spikes.ToArray().Select(w => (int)w));
        int runsBefore = link.Board.RunsCompleted;
        flushed.Run([], [], 4, result);
        Assert.Equal(runsBefore + 2, link.Board.RunsCompleted); // the flush run, then the run
        Assert.Equal(0, result.SpikeCount);

        flushed.Flush(300); // > 256: bridged with a filler
        Assert.Equal(runsBefore + 3, link.Board.RunsCompleted);
    }

    [Fact]
    public void A_batch_run_allocates_nothing_in_steady_state()
    {
        var driver = new NcxDriver(new BoardLink());
        driver.Load(EchoImage(), verify: false);
        var result = new NcxRunResult(200);
        int[] times = [.. Enumerable.Range(1, 150)];
        int[] addresses = [.. times.Select(t => 1 + t % 4)];
        driver.Run(times, addresses, 160, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            driver.Run(times, addresses, 160, result);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
