using System.Globalization;
using System.Text.Json;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;
using NeuroRT.Snn.Tests.Network;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Driver;

public class DriverVectorTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Driver_writes_exactly_the_vectors_host_to_board_bytes_and_decodes_their_spikes(string scenario) =>
        ReplayScenario(scenario, NcxVectors.Image(scenario));

    /// <summary>The whole host path: the scenario's network file compiled, then loaded and run by the driver.</summary>
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Compiled_network_file_loaded_by_the_driver_gives_exactly_the_vectors_bytes_and_spikes(string scenario) =>
        ReplayScenario(scenario, NcxCompiler.Compile(NcxNetworkFile.Load(NcxNetworkFixtures.PathOf(scenario))));

    private static void ReplayScenario(string scenario, NcxImage image)
    {
        JsonElement x = NcxVectors.Expected(scenario);
        var link = new CaptureLink();
        var driver = new NcxDriver(link);
        driver.Load(image, verify: false);
        var result = new NcxRunResult(256);
        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            NcxEvent[] events = NcxVectors.Events(run);
            driver.RunEvents(events, result);
            Assert.Equal(run.GetProperty("last_event_timestep").GetInt32(), result.LastEventTimestep);
            Assert.Equal(run.GetProperty("full_frames").GetInt32(), result.Timesteps);
            AssertSpikes(scenario, run.GetProperty("spikes_per_timestep"), result);
        }

        if (x.GetProperty("readback_bytes").GetInt32() > 0)
        {
            var ff = new sbyte[NcxLayout.ReadBackBytes];
            Assert.Equal(9215, driver.ReadBack(ff));
            var nonzero = new List<int[]>();
            for (int i = 0; i < ff.Length; i++)
            {
                if (ff[i] != 0)
                {
                    nonzero.Add([i / 96, i % 96, ff[i]]);
                }
            }

            int[][] want = [.. x.GetProperty("readback_nonzero").EnumerateArray().Select(e => e.EnumerateArray().Select(v => v.GetInt32()).ToArray())];
            Assert.Equal(want, nonzero.ToArray());
        }

        byte[] expected = NcxVectors.Bytes(scenario, "host_to_board.bin");
        Assert.Equal(expected.Length, link.Written.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == link.Written[i], $"{scenario}: host→board byte {i}: vectors 0x{expected[i]:X2}, driver 0x{link.Written[i]:X2}");
        }

        Assert.Equal(1, driver.StaleBytesSkipped); // the power-up 0x00, skipped explicitly
        Assert.Equal(NcxDriverState.Idle, driver.State);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Raster_overload_rebuilds_the_vectors_events_from_their_input_raster(string scenario)
    {
        JsonElement x = NcxVectors.Expected(scenario);
        var driver = new NcxDriver(new CaptureLink());
        NcxImage image = NcxVectors.Image(scenario);
        driver.Load(image, verify: false);
        var result = new NcxRunResult(256);
        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            NcxEvent[] events = NcxVectors.Events(run);
            var taus = new int[events.Length];
            int tauLast = NcxSchedule.ToTimesteps(events, taus);
            int inputs = events.Length - 1; // the last event is the vectors' trailing dummy
            int[] addresses = [.. events.Take(inputs).Select(e => (int)e.Address)];
            driver.Run(taus.AsSpan(0, inputs), addresses, tauLast - 1, result);

            Assert.Equal(0, result.Collisions);
            Assert.Equal(0, result.FillerEvents);
            Assert.Equal(events.Length, result.EventCount);
            for (int i = 0; i < events.Length; i++)
            {
                Assert.Equal(events[i].Dt, result.Events[i].Dt);
                // The dummy goes to the image's silent address; the vectors' dummies use other addresses (multirun_readback
                // ends run 1 with an input to 7), which is harmless because the board never applies a run's last event.
                Assert.Equal(i < inputs ? events[i].Address : (ushort)image.SilentAddress(), result.Events[i].Address);
            }

            AssertSpikes(scenario, run.GetProperty("spikes_per_timestep"), result);
        }
    }

    internal static void AssertSpikes(string scenario, JsonElement spikes, NcxRunResult result)
    {
        for (int t = 1; t <= result.Timesteps; t++)
        {
            int[] want = spikes.TryGetProperty(t.ToString(CultureInfo.InvariantCulture), out JsonElement w)
                ? [.. w.EnumerateArray().Select(e => e.GetInt32())]
                : [];
            int[] got = [.. Enumerable.Range(0, NcxLayout.Neurons).Where(k => result.Spiked(t, k))];
            Assert.True(want.SequenceEqual(got), $"{scenario} t{t}: expected [{string.Join(",", want)}], driver [{string.Join(",", got)}]");
        }
    }
}
