using System.Text.Json;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

/// <summary>The board computes timesteps as events arrive; its bytes must not depend on how the input was chunked or paced.</summary>
public class BoardStreamingTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Board_output_does_not_depend_on_how_the_input_is_chunked(string scenario)
    {
        byte[] input = NcxVectors.Bytes(scenario, "host_to_board.bin");
        byte[] expected = NcxVectors.Bytes(scenario, "board_to_host.bin");
        var random = new Random(scenario.Length);
        var board = new NcxBoard();
        var output = new List<byte>();
        var buffer = new byte[64];
        for (int at = 0; at < input.Length;)
        {
            int n = Math.Min(input.Length - at, random.Next(1, 40));
            board.Write(input.AsSpan(at, n));
            at += n;
            int got;
            while ((got = board.Read(buffer)) > 0)
            {
                output.AddRange(buffer.AsSpan(0, got).ToArray());
            }
        }

        Assert.Equal(expected, output.ToArray());
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void A_real_time_board_driven_by_the_driver_gives_the_vectors_spikes(string scenario)
    {
        JsonElement x = NcxVectors.Expected(scenario);
        var link = new CaptureLink(new BoardLink(new NcxBoard { RealTime = true }, timestepsPerRead: 2));
        var driver = new NcxDriver(link);
        driver.Load(NcxVectors.Image(scenario), verify: false);
        var result = new NcxRunResult(256);
        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            driver.RunEvents(NcxVectors.Events(run), result);
            DriverVectorTests.AssertSpikes(scenario, run.GetProperty("spikes_per_timestep"), result);
        }

        Assert.Equal(NcxVectors.Bytes(scenario, "host_to_board.bin").Length - (x.GetProperty("readback_bytes").GetInt32() > 0 ? 2 : 0), link.Written.Count);
        Assert.False(link.Board.Running);
    }

    [Fact]
    public void A_real_time_board_runs_idle_timesteps_while_its_FIFO_is_empty()
    {
        var board = new NcxBoard { RealTime = true };
        var bytes = new byte[16];
        board.Write(bytes.AsSpan(0, NcxEncoder.WriteEvents(bytes, [new NcxEvent(0, 0)], terminate: false)));
        Assert.True(board.Running);
        Assert.Equal(5, board.Tick(5)); // timestep 1 consumes the event, 2…5 are idle
        Assert.Equal(0, board.QueuedEvents);
        Assert.Equal(5, board.RunTimestep);
        board.Write([0xFF, 0xFF, 0xFF]); // the terminator with an empty FIFO: the next timestep is the truncated last one
        Assert.Equal(0, board.Tick(5));
        Assert.False(board.Running);
        Assert.Equal(1 + 1 + NcxSpikeDecoder.DataBytes(6), board.Available); // power-up byte, marker, data
        Assert.Throws<InvalidOperationException>(() => new NcxBoard().Tick(1));
    }

    [Fact]
    public void Advance_runs_the_whole_timesteps_of_the_elapsed_time_and_carries_the_rest()
    {
        var board = new NcxBoard { RealTime = true };
        Assert.Equal(0, board.Advance(TimeSpan.FromMilliseconds(5))); // no run: the generator stands still
        var bytes = new byte[16];
        board.Write(bytes.AsSpan(0, NcxEncoder.WriteEvents(bytes, [new NcxEvent(0, 0)], terminate: false)));
        Assert.Equal(0, board.Advance(TimeSpan.FromMicroseconds(900)));
        Assert.Equal(1, board.Advance(TimeSpan.FromMicroseconds(100))); // 1 000 µs: one timestep, 40 µs carried
        Assert.Equal(2, board.Advance(TimeSpan.FromMicroseconds(1900))); // 1 940 µs: two more, 20 µs carried
        Assert.Equal(3, board.RunTimestep);
    }
}
