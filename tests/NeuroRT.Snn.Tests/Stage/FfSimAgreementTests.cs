using System.Text.Json;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Stage;

/// <summary>
/// The training script's exact integer simulation of the FF path (models/train_snn_neurocorex.py, NcxFfSim) against
/// the virtual board: random networks (neighbouring neurons, gains up to 3 so the 7-bit scaling wraps, leak, refractory
/// 0…3) and random inputs with gaps, three runs per board so state carried across runs counts too. The fixture holds
/// every spike the simulation predicts; the board must produce exactly those.
/// </summary>
public class FfSimAgreementTests
{
    [Fact]
    public void The_python_integer_simulation_agrees_with_the_board_spike_for_spike()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFiles.Fixture("ff-sim-fixture.json")));
        int cases = 0, runs = 0, spikes = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var image = new NcxImage();
            foreach (JsonElement e in c.GetProperty("ff").EnumerateArray())
            {
                image.Ff[NcxLayout.Flat(e[0].GetInt32(), e[1].GetInt32())] = (sbyte)e[2].GetInt32();
            }

            int slot = 0;
            foreach (JsonElement th in c.GetProperty("thresholds").EnumerateArray())
            {
                image.Parameters.Threshold(slot++) = th.GetInt32();
            }

            slot = 0;
            foreach (JsonElement r in c.GetProperty("refractory").EnumerateArray())
            {
                image.Parameters.Refractory(slot++) = r.GetInt32();
            }

            image.Parameters.Gain = c.GetProperty("gain").GetInt32();
            image.Parameters.Leak = c.GetProperty("leak").GetInt32();

            var board = new NcxBoard();
            board.Read(new byte[1]);
            var buffer = new byte[NcxEncoder.MatrixCommandBytes];
            foreach (NcxConfigStep step in image.Steps())
            {
                board.Write(buffer.AsSpan(0, image.WriteCommand(step, buffer)));
            }

            int run = 0;
            foreach (JsonElement r in c.GetProperty("runs").EnumerateArray())
            {
                int[] ts = r.GetProperty("timesteps").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                int[] ad = r.GetProperty("addresses").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                var expected = r.GetProperty("spikes").EnumerateArray().Select(x => (x[0].GetInt32(), x[1].GetInt32())).ToList();
                var events = new NcxEvent[ts.Length];
                NcxSchedule.FromTimesteps(ts, ad, events);
                board.Write(buffer.AsSpan(0, NcxEncoder.WriteEvents(buffer, events)));
                var reply = new byte[board.Available];
                board.Read(reply);
                var stream = new NcxSpikeStream();
                stream.BeginRun(ts[^1]);
                var got = new List<(int, int)>();
                stream.Feed(reply, (t, spiked) =>
                {
                    for (int k = 0; k < spiked.Length; k++)
                    {
                        if (spiked[k])
                        {
                            got.Add((t, k));
                        }
                    }
                });
                Assert.True(stream.Complete, $"case {cases} run {run}: incomplete reply");
                Assert.True(expected.SequenceEqual(got), $"case {cases} run {run}: python predicts {expected.Count} spikes, the board gave {got.Count}; first difference at {First(expected, got)}");
                spikes += got.Count;
                run++;
                runs++;
            }

            cases++;
        }

        Assert.Equal(12, cases);
        Assert.Equal(36, runs);
        Assert.True(spikes > 1000, $"only {spikes} spikes: the fixture does not exercise the networks");
    }

    private static string First(List<(int T, int K)> a, List<(int T, int K)> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
            {
                return $"#{i}: python (t{a[i].T}, n{a[i].K}) board (t{b[i].T}, n{b[i].K})";
            }
        }

        return $"#{Math.Min(a.Count, b.Count)} (one list ends)";
    }
}
