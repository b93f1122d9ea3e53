using System.Text.Json;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Network;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Network;

/// <summary>
/// Each scenario's network file, compiled, sent as the driver would (the image's commands in step order), followed by the
/// scenario's events and read-back, is exactly the host→board byte stream the simulated RTL received.
/// </summary>
public sealed class NcxScenarioNetworkTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Compiled_network_file_gives_the_scenarios_host_to_board_bytes(string scenario)
    {
        NcxImage image = NcxCompiler.Compile(NcxNetworkFile.Load(NcxNetworkFixtures.PathOf(scenario)), out NcxCompileReport report);
        JsonElement expected = NcxVectors.Expected(scenario);
        var bytes = new List<byte>();
        var segments = new List<(string Name, int Start, int Length)>();

        void Add(string name, ReadOnlySpan<byte> command)
        {
            segments.Add((name, bytes.Count, command.Length));
            bytes.AddRange(command.ToArray());
        }

        foreach (NcxConfigStep step in image.Steps())
        {
            var buffer = new byte[NcxImage.CommandBytes(step)];
            Add(step.ToString(), buffer.AsSpan(0, image.WriteCommand(step, buffer)));
        }

        Assert.Equal(bytes.Count, report.LoadBytes);
        int run = 0;
        foreach (JsonElement r in expected.GetProperty("runs").EnumerateArray())
        {
            NcxEvent[] events = NcxVectors.Events(r);
            var buffer = new byte[NcxEncoder.EventCommandBytes(events.Length)];
            Add($"events of run {++run}", buffer.AsSpan(0, NcxEncoder.WriteEvents(buffer, events)));
        }

        if (expected.GetProperty("readback_bytes").GetInt32() > 0)
        {
            var buffer = new byte[NcxEncoder.ReadBackCommandBytes];
            Add("read-back", buffer.AsSpan(0, NcxEncoder.WriteReadBack(buffer)));
        }

        byte[] golden = NcxVectors.Bytes(scenario, "host_to_board.bin");
        int n = Math.Min(golden.Length, bytes.Count);
        for (int i = 0; i < n; i++)
        {
            if (golden[i] != bytes[i])
            {
                var (name, start, _) = segments.Last(s => s.Start <= i);
                Assert.Fail($"{scenario}: first difference at byte {i} (offset {i - start} of the {name} command): compiled 0x{bytes[i]:X2}, host_to_board.bin 0x{golden[i]:X2}");
            }
        }

        Assert.True(golden.Length == bytes.Count, $"{scenario}: compiled {bytes.Count} bytes, host_to_board.bin has {golden.Length}");
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Scenario_network_files_use_raw_entries_only_for_the_documented_orientation_ff_enables(string scenario)
    {
        NcxNetwork network = NcxNetworkFile.Load(NcxNetworkFixtures.PathOf(scenario));
        Assert.Empty(network.Raw.Ff);
        Assert.Empty(network.Raw.Aa);
        Assert.Empty(network.Raw.EnableAa);
        // Only stdp_pairing enables FF[neuron+6][address], which the RTL never reads for that synapse (spec §8.2).
        Assert.Equal(scenario == "stdp_pairing" ? 2 : 0, network.Raw.EnableFf.Count);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Silent_address_is_the_lowest_all_zero_ff_column(string scenario)
    {
        NcxImage image = NcxCompiler.Compile(NcxNetworkFile.Load(NcxNetworkFixtures.PathOf(scenario)), out NcxCompileReport report);
        // No scenario has weights at address 0 (several use it for their dummy end event).
        Assert.Equal(0, report.SilentAddress);
        Assert.Equal(image.SilentAddress(), report.SilentAddress);
        for (int r = 0; r < NcxLayout.Size; r++)
        {
            Assert.Equal(0, image.Ff[NcxLayout.Flat(r, report.SilentAddress)]);
        }
    }
}
