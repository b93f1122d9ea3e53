using System.Text.Json;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Tests.NeuroCoreX;

public class NcxProtocolTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Encoding_the_scenario_reproduces_host_to_board_bytes(string scenario)
    {
        byte[] expected = NcxVectors.Bytes(scenario, "host_to_board.bin");
        byte[] actual = NcxVectors.EncodeScenario(scenario);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{scenario}: host→board byte {i}: expected 0x{expected[i]:X2}, encoded 0x{actual[i]:X2}");
        }
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Decoding_board_to_host_bytes_gives_the_expected_spikes(string scenario)
    {
        byte[] board = NcxVectors.Bytes(scenario, "board_to_host.bin");
        JsonElement x = NcxVectors.Expected(scenario);
        Assert.Equal(0x00, board[0]); // power-up byte
        int p = 1;
        var neurons = new int[NcxLayout.Neurons];
        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            int tau = run.GetProperty("last_event_timestep").GetInt32();
            int dataBytes = NcxSpikeDecoder.DataBytes(tau);
            Assert.Equal(run.GetProperty("data_bytes").GetInt32(), dataBytes);
            int frames = NcxSpikeDecoder.FullFrames(dataBytes);
            Assert.Equal(run.GetProperty("full_frames").GetInt32(), frames);
            Assert.Equal(tau - 1, frames);
            Assert.Equal(0xFF, board[p]);
            ReadOnlySpan<byte> data = board.AsSpan(p + 1, dataBytes);
            JsonElement spikes = run.GetProperty("spikes_per_timestep");
            for (int f = 0; f < frames; f++)
            {
                int n = NcxSpikeDecoder.DecodeFrame(data, f, neurons);
                int[] want = spikes.TryGetProperty((f + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), out JsonElement w)
                    ? [.. w.EnumerateArray().Select(e => e.GetInt32())]
                    : [];
                Assert.Equal(want, neurons.AsSpan(0, n).ToArray());
            }

            // The truncated last frame is all zeros.
            for (int bit = frames * NcxLayout.Neurons; bit < dataBytes * 8; bit++)
            {
                Assert.Equal(0, data[bit >> 3] >> (bit & 7) & 1);
            }

            p += 1 + dataBytes;
        }

        int readBack = x.GetProperty("readback_bytes").GetInt32();
        Assert.Equal(board.Length, p + readBack);
        if (readBack > 0)
        {
            Assert.Equal(NcxLayout.ReadBackBytes, readBack);
            var got = new List<int[]>();
            for (int i = 0; i < readBack; i++)
            {
                if (board[p + i] != 0)
                {
                    got.Add([i / NcxLayout.Size, i % NcxLayout.Size, (sbyte)board[p + i]]);
                }
            }

            int[][] want = [.. x.GetProperty("readback_nonzero").EnumerateArray().Select(e => e.EnumerateArray().Select(v => v.GetInt32()).ToArray())];
            Assert.Equal(want, got.ToArray());
        }
    }

    [Fact]
    public void Enable_bits_are_packed_most_significant_first()
    {
        var aa = new bool[NcxLayout.MatrixEntries];
        var ff = new bool[NcxLayout.MatrixEntries];
        aa[0] = true;
        aa[9] = true;
        ff[7] = true;
        var b = new byte[NcxEncoder.EnableCommandBytes];
        Assert.Equal(2306, NcxEncoder.WriteStdpEnables(b, aa, ff));
        Assert.Equal(0x60, b[0]);
        Assert.Equal(0x80, b[1]);
        Assert.Equal(0x40, b[2]);
        Assert.Equal(0x01, b[1 + 1152]);
    }

    [Fact]
    public void Words_are_three_bytes_least_significant_first_with_18_bits()
    {
        var b = new byte[3];
        NcxEncoder.WriteWord(b, -1);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0x03 }, b);
        NcxEncoder.WriteWord(b, 0x1_2345);
        Assert.Equal(new byte[] { 0x45, 0x23, 0x01 }, b);
    }
}

public class NcxScheduleTests
{
    [Fact]
    public void The_ff_layer_raster_gives_the_sent_events()
    {
        // MANIFEST.md, ff_layer: raster timestep:address.
        int[] t = [1, 2, 3, 4, 5, 6, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 24];
        int[] a = [2, 3, 4, 5, 2, 2, 4, 4, 5, 3, 2, 5, 5, 4, 2, 3, 0];
        var events = new NcxEvent[t.Length];
        NcxSchedule.FromTimesteps(t, a, events);
        Assert.Equal(NcxVectors.Events(NcxVectors.Expected("ff_layer").GetProperty("runs")[0]), events);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void The_last_event_timestep_follows_from_dt(string scenario)
    {
        foreach (System.Text.Json.JsonElement run in NcxVectors.Expected(scenario).GetProperty("runs").EnumerateArray())
        {
            NcxEvent[] events = NcxVectors.Events(run);
            var t = new int[events.Length];
            Assert.Equal(run.GetProperty("last_event_timestep").GetInt32(), NcxSchedule.ToTimesteps(events, t));
            var again = new NcxEvent[events.Length];
            NcxSchedule.FromTimesteps(t, [.. events.Select(e => (int)e.Address)], again);
            Assert.Equal(events, again);
        }
    }

    [Fact]
    public void Simultaneous_inputs_are_refused()
    {
        var events = new NcxEvent[2];
        Assert.Throws<ArgumentException>(() => NcxSchedule.FromTimesteps([3, 3], [2, 4], events));
    }
}

public class NcxSpikeStreamTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Chunked_decoding_gives_the_same_frames_and_stops_at_the_run_end(string scenario)
    {
        byte[] board = NcxVectors.Bytes(scenario, "board_to_host.bin");
        var random = new Random(7);
        var stream = new NcxSpikeStream();
        int p = 0;
        int runStart = 1;
        foreach (System.Text.Json.JsonElement run in NcxVectors.Expected(scenario).GetProperty("runs").EnumerateArray())
        {
            int tau = run.GetProperty("last_event_timestep").GetInt32();
            stream.BeginRun(tau);
            var got = new List<string>();
            while (!stream.Complete)
            {
                int n = Math.Min(random.Next(1, 40), board.Length - p);
                Assert.True(n > 0, $"{scenario}: stream ended before the run was complete");
                p += stream.Feed(board.AsSpan(p, n), (t, s) =>
                {
                    var on = new List<int>();
                    for (int k = 0; k < s.Length; k++)
                    {
                        if (s[k])
                        {
                            on.Add(k);
                        }
                    }

                    got.Add($"{t}:{string.Join(',', on)}");
                });
            }

            byte[] data = board.AsSpan(runStart + 1, NcxSpikeDecoder.DataBytes(tau)).ToArray();
            var neurons = new int[NcxLayout.Neurons];
            string[] want = [.. Enumerable.Range(0, tau - 1).Select(f => $"{f + 1}:{string.Join(',', neurons.Take(NcxSpikeDecoder.DecodeFrame(data, f, neurons)))}")];
            Assert.Equal(want, got);
            Assert.Equal(runStart + 1 + data.Length, p);
            runStart = p;
        }
    }
}
