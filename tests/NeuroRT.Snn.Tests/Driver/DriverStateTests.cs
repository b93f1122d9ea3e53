using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

public class DriverStateTests
{
    [Fact]
    public void Verify_passes_for_a_faithful_link_and_reads_exactly_9215_bytes()
    {
        var link = new CaptureLink();
        var driver = new NcxDriver(link);
        driver.Load(NcxVectors.Image("ff_layer"), verify: true);
        Assert.Equal(NcxDriverState.Idle, driver.State);
        Assert.Equal(0, link.Board.Available);
        Assert.Equal(1, driver.StaleBytesSkipped); // the power-up 0x00 pending before the read-back
    }

    [Fact]
    public void Verify_mismatch_lists_the_first_differing_entries()
    {
        NcxImage image = NcxVectors.Image("ff_layer");
        // The FF command starts after the debug (7) and AA (9 218) commands; its payload after its command byte.
        long ffStart = NcxEncoder.DebugCommandBytes + NcxEncoder.MatrixCommandBytes + 1;
        int n0a2 = NcxLayout.Flat(NcxLayout.Row(0), 2); // n0 ← a2 = 40
        int n5a5 = NcxLayout.Flat(NcxLayout.Row(5), 5); // n5 ← a5 = 127
        var link = new CaptureLink
        {
            Corrupt = (at, b) => at == ffStart + n0a2 ? (byte)41 : at == ffStart + n5a5 ? (byte)0 : b,
        };
        var driver = new NcxDriver(link);
        var e = Assert.Throws<NcxVerifyException>(() => driver.Load(image, verify: true));
        Assert.Equal(2, e.Mismatches);
        Assert.Equal(new NcxWeightMismatch(6, 2, 40, 41), e.First[0]);
        Assert.Equal(new NcxWeightMismatch(11, 5, 127, 0), e.First[1]);
        Assert.Contains("neuron 0/input 2 (row 6, col 2): sent 40, read 41", e.Message, StringComparison.Ordinal);
        Assert.Contains("neuron 5/input 5 (row 11, col 5): sent 127, read 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("FF[95][95] is never read back", e.Message, StringComparison.Ordinal);
        Assert.Equal(NcxDriverState.Idle, driver.State); // the protocol is still in step
    }

    [Fact]
    public void Verify_cannot_see_the_last_FF_entry_because_the_board_never_sends_it()
    {
        NcxImage image = NcxVectors.Image("ff_layer");
        long last = NcxEncoder.DebugCommandBytes + NcxEncoder.MatrixCommandBytes + 1 + NcxLayout.MatrixEntries - 1;
        var link = new CaptureLink { Corrupt = (at, b) => at == last ? (byte)99 : b };
        var driver = new NcxDriver(link);
        driver.Load(image, verify: true);
        Assert.Equal(99, link.Board.Ff[NcxLayout.MatrixEntries - 1]);
    }

    [Fact]
    public void Illegal_transitions_are_refused_with_the_reason()
    {
        var driver = new NcxDriver(new BoardLink());
        var result = new NcxRunResult(16);
        Assert.Contains("no image loaded", Assert.Throws<NcxDriverStateException>(() => driver.Run([1], [2], 4, result)).Message, StringComparison.Ordinal);
        Assert.Contains("BeginStreaming first", Assert.Throws<NcxDriverStateException>(() => driver.Step(1, out _)).Message, StringComparison.Ordinal);
        Assert.Throws<NcxDriverStateException>(() => driver.EndStreaming([]));

        driver.Load(DriverRunTests.EchoImage(), verify: false);
        driver.BeginStreaming();
        foreach (Action call in new Action[]
        {
            () => driver.Load(DriverRunTests.EchoImage(), verify: false),
            () => driver.ReadBack(new sbyte[NcxLayout.ReadBackBytes]),
            () => driver.Run([1], [2], 4, result),
            () => driver.RunEvents([new NcxEvent(0, 0)], result),
            () => driver.Flush(4),
            () => driver.BeginStreaming(),
        })
        {
            var e = Assert.Throws<NcxDriverStateException>(call);
            Assert.Equal(NcxDriverState.Streaming, e.State);
            Assert.Contains("virtual board (in-process)", e.Message, StringComparison.Ordinal);
            Assert.Contains("would take the bytes for spike events); call EndStreaming first", e.Message, StringComparison.Ordinal);
        }

        driver.Step(1, out _);
        driver.EndStreaming(new NcxSpikeFrame[2]);
        driver.Run([1], [1], 4, result); // idle again: allowed
        Assert.True(result.Spiked(3, 0));
    }

    [Fact]
    public void A_load_or_read_back_during_a_batch_run_is_refused()
    {
        var link = new CaptureLink();
        var driver = new NcxDriver(link);
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        var errors = new List<NcxDriverStateException>();
        link.BeforeRead = () =>
        {
            // A second caller while the run is in progress.
            errors.Add(Assert.Throws<NcxDriverStateException>(() => driver.Load(DriverRunTests.EchoImage(), verify: false)));
            errors.Add(Assert.Throws<NcxDriverStateException>(() => driver.ReadBack(new sbyte[NcxLayout.ReadBackBytes])));
            link.BeforeRead = null;
        };
        var result = new NcxRunResult(16);
        driver.Run([1], [1], 4, result);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(NcxDriverState.InRun, e.State));
        Assert.Contains("a batch run is in progress", errors[0].Message, StringComparison.Ordinal);
        Assert.True(result.Spiked(3, 0));
    }

    [Fact]
    public void Run_without_a_silent_address_is_refused()
    {
        NcxImage image = DriverRunTests.EchoImage();
        for (int a = 0; a < NcxLayout.Size; a++)
        {
            image.Ff[NcxLayout.Flat(NcxLayout.Row(89), a)] = 1;
        }

        var driver = new NcxDriver(new BoardLink());
        driver.Load(image, verify: false);
        Assert.Equal(-1, driver.SilentAddress);
        var e = Assert.Throws<InvalidOperationException>(() => driver.Run([1], [1], 4, new NcxRunResult(8)));
        Assert.Contains("no silent input address", e.Message, StringComparison.Ordinal);
        // Exact events need none.
        var result = new NcxRunResult(8);
        driver.RunEvents([new NcxEvent(0, 1), new NcxEvent(3, 1)], result);
        Assert.Equal(4, result.Timesteps);
    }

    [Fact]
    public void Unplug_mid_run_becomes_NcxLinkLostException_and_the_driver_stays_faulted()
    {
        var link = new BoardLink();
        var driver = new NcxDriver(link);
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        link.UnplugAfterBytesRead(link.BytesRead + 40); // the power-up byte, the marker and a few data bytes
        int[] times = [.. Enumerable.Range(1, 100)];
        int[] addresses = [.. times.Select(t => 1 + t % 4)];
        var e = Assert.Throws<NcxLinkLostException>(() => driver.Run(times, addresses, 100, new NcxRunResult(128)));
        Assert.Equal("virtual board (in-process)", e.Device);
        Assert.Contains("a batch run of 101 events (100 timesteps)", e.Message, StringComparison.Ordinal);
        Assert.IsType<NeuroRT.Serial.SerialPortClosedException>(e.InnerException);
        Assert.Equal(NcxDriverState.Faulted, driver.State);
        Assert.Same(e, driver.Fault);

        foreach (Action call in new Action[]
        {
            () => driver.Run([1], [1], 4, new NcxRunResult(8)),
            () => driver.Load(DriverRunTests.EchoImage(), verify: false),
            () => driver.BeginStreaming(),
            () => driver.Step(1, out _),
        })
        {
            var s = Assert.Throws<NcxDriverStateException>(call);
            Assert.Contains("the driver is faulted since NeuroCoreX link to virtual board (in-process) lost during a batch run", s.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unplug_while_streaming_names_the_streaming_run()
    {
        var link = new BoardLink();
        var driver = new NcxDriver(link);
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        driver.BeginStreaming();
        driver.Step(1, out _);
        link.Unplug();
        var e = Assert.Throws<NcxLinkLostException>(() => driver.Step(2, out _));
        Assert.Contains("lost during a streaming run", e.Message, StringComparison.Ordinal);
        Assert.Equal(NcxDriverState.Faulted, driver.State);
        Assert.Throws<NcxDriverStateException>(() => driver.EndStreaming(new NcxSpikeFrame[2]));
    }

    [Fact]
    public void A_board_that_never_answers_times_out_with_the_byte_count_and_faults()
    {
        var link = new CaptureLink();
        var driver = new NcxDriver(link);
        driver.Load(DriverRunTests.EchoImage(), verify: false);
        link.Mute = true;
        var e = Assert.Throws<TimeoutException>(() => driver.Run([1], [1], 10, new NcxRunResult(16)));
        Assert.Contains("virtual board (in-process): a batch run of 2 events (10 timesteps): no 0xFF start marker within", e.Message, StringComparison.Ordinal);
        Assert.Equal(NcxDriverState.Faulted, driver.State);
    }

    [Fact]
    public void A_load_the_encoder_rejects_leaves_the_driver_idle_and_unloaded()
    {
        var link = new BoardLink();
        var driver = new NcxDriver(link);
        NcxImage image = DriverRunTests.EchoImage();
        image.StdpEnablesAa = new bool[10];
        Assert.Throws<ArgumentException>(() => driver.Load(image, verify: false));
        Assert.Equal(NcxDriverState.Idle, driver.State);
        Assert.False(driver.Loaded);
        Assert.Throws<NcxDriverStateException>(() => driver.Run([1], [1], 4, new NcxRunResult(8)));
        driver.Load(DriverRunTests.EchoImage(), verify: true); // whole commands only were sent: still in step
        Assert.True(driver.Loaded);
    }
}
