using System.Text.Json;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Devices.NeuroCoreX.Pty;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

/// <summary>
/// The driver on a real tty (SerialLink at 1 Mbaud), the virtual board behind it on the pseudo-terminal server: the
/// same code path as with the board's USB serial port. Every check of the in-process vector tests is repeated here.
/// </summary>
public class SerialLinkTests
{
    private sealed class HostBytes
    {
        private readonly List<byte> _bytes = [];

        public void Add(ReadOnlySpan<byte> data)
        {
            lock (_bytes)
            {
                foreach (byte b in data)
                {
                    _bytes.Add(b);
                }
            }
        }

        public byte[] ToArray()
        {
            lock (_bytes)
            {
                return [.. _bytes];
            }
        }
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Over_a_pseudo_terminal_the_driver_sends_the_vectors_bytes_and_decodes_their_spikes(string scenario)
    {
        JsonElement x = NcxVectors.Expected(scenario);
        var received = new HostBytes();
        using var server = new PtyVirtualBoard(hostBytes: received.Add);
        using SerialLink link = SerialLink.Open(server.SlavePath);
        Assert.Null(link.LatencyTimer); // a pseudo-terminal is no USB adapter
        Assert.Equal(1_000_000, link.Port.BaudRate);
        var driver = new NcxDriver(link);
        driver.Load(NcxVectors.Image(scenario), verify: false);
        var result = new NcxRunResult(256);
        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            driver.RunEvents(NcxVectors.Events(run), result);
            Assert.Equal(run.GetProperty("full_frames").GetInt32(), result.Timesteps);
            DriverVectorTests.AssertSpikes(scenario + " over a pty", run.GetProperty("spikes_per_timestep"), result);
        }

        if (x.GetProperty("readback_bytes").GetInt32() > 0)
        {
            var ff = new sbyte[NcxLayout.ReadBackBytes];
            Assert.Equal(NcxLayout.ReadBackBytes, driver.ReadBack(ff));
            int[][] want = [.. x.GetProperty("readback_nonzero").EnumerateArray().Select(e => e.EnumerateArray().Select(v => v.GetInt32()).ToArray())];
            int[][] got = [.. Enumerable.Range(0, ff.Length).Where(i => ff[i] != 0).Select(i => new[] { i / 96, i % 96, (int)ff[i] })];
            Assert.Equal(want, got);
        }

        // Everything the driver wrote has been received once the last answer is in.
        byte[] expected = NcxVectors.Bytes(scenario, "host_to_board.bin");
        byte[] actual = received.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{scenario}: host→board byte {i} through the tty: vectors 0x{expected[i]:X2}, driver 0x{actual[i]:X2}");
        }

        Assert.Equal(NcxDriverState.Idle, driver.State);
        Assert.Null(server.Fault);
    }

    [Fact]
    public void Load_with_verify_streaming_and_the_boards_unplugging_over_a_pseudo_terminal()
    {
        using var server = new PtyVirtualBoard();
        using SerialLink link = SerialLink.Open(server.SlavePath);
        Assert.Equal(server.SlavePath, link.Description);
        var driver = new NcxDriver(link);
        driver.Load(NcxVectors.Image("ff_layer"), verify: true);
        JsonElement run = NcxVectors.Expected("ff_layer").GetProperty("runs")[0];
        NcxEvent[] events = NcxVectors.Events(run);
        var result = new NcxRunResult(64);
        driver.RunEvents(events, result);
        DriverVectorTests.AssertSpikes("ff_layer over a pty", run.GetProperty("spikes_per_timestep"), result);

        // The same inputs streamed through the tty, one event per timestep, give the batch run's frames. State leaks
        // between runs (spec §5.5), so the reference is a fresh in-process board given the same history.
        var reference = new NcxDriver(new BoardLink());
        reference.Load(NcxVectors.Image("ff_layer"), verify: true);
        reference.RunEvents(events, new NcxRunResult(64));
        var referenceResult = new NcxRunResult(64);
        var taus = new int[events.Length];
        NcxSchedule.ToTimesteps(events, taus);
        int[] perStep = new int[taus[^1] - 1];
        Array.Fill(perStep, -1);
        for (int i = 0; i < events.Length - 1; i++)
        {
            perStep[taus[i] - 1] = events[i].Address;
        }

        reference.Run(
            [.. Enumerable.Range(0, perStep.Length).Where(t => perStep[t] >= 0).Select(t => t + 1)],
            [.. perStep.Where(a => a >= 0)],
            perStep.Length,
            referenceResult);

        driver.BeginStreaming();
        var frames = new List<NcxSpikeFrame>();
        foreach (int address in perStep)
        {
            if (driver.Step(address, out NcxSpikeFrame frame))
            {
                frames.Add(frame);
            }
        }

        var tail = new NcxSpikeFrame[64];
        int n = driver.EndStreaming(tail);
        frames.AddRange(tail.Take(n));
        Assert.True(frames.Count >= perStep.Length, $"{frames.Count} frames streamed for {perStep.Length} steps");
        for (int t = 1; t <= perStep.Length; t++)
        {
            for (int k = 0; k < NcxLayout.Neurons; k++)
            {
                Assert.True(referenceResult.Spiked(t, k) == frames[t - 1].Spiked(k), $"streamed over the tty, timestep {t}, neuron {k}");
            }
        }

        // The board goes away while streaming: the server stops, the tty hangs up.
        driver.BeginStreaming();
        driver.Step(2, out _);
        server.Stop();
        var e = Assert.Throws<NcxLinkLostException>(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                driver.Step(2, out _);
            }
        });
        Assert.Contains(server.SlavePath, e.Message, StringComparison.Ordinal);
        Assert.Equal(NcxDriverState.Faulted, driver.State);
    }
}
