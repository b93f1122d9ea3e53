using System.Globalization;
using NeuroRT.Devices.NeuroCoreX;

namespace NeuroRT.Snn.Tests.NeuroCoreX;

public class NcxBoardTests
{
    private sealed class Recorder : INcxProbe
    {
        public List<NcxNeuronState> Rows { get; } = [];

        public List<(bool Ff, int Row, int Col, int Value)> Writes { get; } = [];

        public void OnNeuron(in NcxNeuronState state) => Rows.Add(state);

        public void OnWeightWrite(bool ff, int row, int col, int value) => Writes.Add((ff, row, col, value));

        public Dictionary<(int Memory, int Flat), List<int>> Traces { get; } = [];

        public void OnTraceWrite(int memory, int flat, int value)
        {
            if (!Traces.TryGetValue((memory, flat), out List<int>? list))
            {
                Traces[(memory, flat)] = list = [];
            }

            list.Add(value);
        }
    }

    private static (byte[] Bytes, Recorder Probe) Run(string scenario)
    {
        var probe = new Recorder();
        var board = new NcxBoard(probe);
        board.Write(NcxVectors.Bytes(scenario, "host_to_board.bin"));
        var output = new byte[board.Available];
        board.Read(output);
        return (output, probe);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.WithStdp), MemberType = typeof(NcxVectors))]
    public void Stdp_board_to_host_bytes_are_identical(string scenario) => Board_to_host_bytes_are_identical(scenario);

    [Theory]
    [MemberData(nameof(NcxVectors.WithStdp), MemberType = typeof(NcxVectors))]
    public void Stdp_internal_state_per_timestep_is_identical(string scenario) => Internal_state_per_timestep_is_identical(scenario);

    [Theory]
    [MemberData(nameof(NcxVectors.WithoutStdp), MemberType = typeof(NcxVectors))]
    public void Board_to_host_bytes_are_identical(string scenario)
    {
        byte[] expected = NcxVectors.Bytes(scenario, "board_to_host.bin");
        byte[] actual = Run(scenario).Bytes;
        int n = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(expected[i] == actual[i], $"{scenario}: board→host byte {i} of {expected.Length}: expected 0x{expected[i]:X2}, model 0x{actual[i]:X2}");
        }

        Assert.Equal(expected.Length, actual.Length);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.WithoutStdp), MemberType = typeof(NcxVectors))]
    public void Internal_state_per_timestep_is_identical(string scenario)
    {
        string[] lines = File.ReadAllLines(NcxVectors.PathOf(scenario, "internal_slots.csv"));
        string[] header = lines[0].Split(',');
        List<NcxNeuronState> rows = Run(scenario).Probe.Rows;
        Assert.Equal(lines.Length - 1, rows.Count);
        for (int i = 1; i < lines.Length; i++)
        {
            int[] e = [.. lines[i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))];
            NcxNeuronState r = rows[i - 1];
            int[] a =
            [
                r.TimestepGlobal, r.Slot, r.Neuron, r.U, r.Iso, r.Iff, r.InputFlag, r.SGateForNextSlot, r.RefractoryCounter,
                r.Threshold, r.AaRowSumForNextSlot, r.FfRowSumForNextSlot,
            ];
            for (int c = 0; c < header.Length; c++)
            {
                Assert.True(e[c] == a[c], $"{scenario}: timestep {e[0]}, neuron {e[2]}, field {header[c]}: expected {e[c]}, model {a[c]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NcxVectors.WithStdp), MemberType = typeof(NcxVectors))]
    public void Stdp_weight_writes_equal_the_reference_model(string scenario)
    {
        string[] expected = [.. NcxVectors.Expected(scenario).GetProperty("model_stdp_writes").EnumerateArray()
            .Select(e => $"{e[0].GetString()} {e[1].GetInt32()} {e[2].GetInt32()} {e[3].GetInt32()}")];
        string[] actual = [.. Run(scenario).Probe.Writes.Select(w => $"{(w.Ff ? "FF" : "AA")} {w.Row} {w.Col} {w.Value}")];

        // Writes to the two memories in the same slot window are simultaneous; compare each memory's sequence in order.
        foreach (string memory in new[] { "AA", "FF" })
        {
            Assert.Equal(expected.Where(x => x.StartsWith(memory, StringComparison.Ordinal)), actual.Where(x => x.StartsWith(memory, StringComparison.Ordinal)));
        }

        Assert.Equal(expected.Length, actual.Length);
    }

    [Theory]
    [InlineData("stdp_dense", null)]
    [InlineData("stdp_pairing", "AA 7 7 3")] // the potentiation the chip misses through the trace-pass drift (spec §8.3)
    public void Stdp_weight_writes_equal_the_simulated_chip_except_the_documented_drift_case(string scenario, string? driftOnly)
    {
        string[] chip = [.. File.ReadAllLines(NcxVectors.PathOf(scenario, "stdp_weight_writes.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => $"{f[1]} {f[3]} {f[4]} {f[5]}")];
        List<string> actual = [.. Run(scenario).Probe.Writes.Select(w => $"{(w.Ff ? "FF" : "AA")} {w.Row} {w.Col} {w.Value}")];
        if (driftOnly is not null)
        {
            Assert.True(actual.Remove(driftOnly), $"{scenario}: the model should make the write {driftOnly} that the chip misses");
        }

        foreach (string memory in new[] { "AA", "FF" })
        {
            Assert.Equal(chip.Where(x => x.StartsWith(memory, StringComparison.Ordinal)), actual.Where(x => x.StartsWith(memory, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Stdp_dense_trace_writes_per_address_equal_the_simulated_chip() => TraceWrites("stdp_dense");

    private static void TraceWrites(string scenario)
    {
        var chip = new Dictionary<(int Memory, int Flat), List<int>>();
        foreach (string line in File.ReadAllLines(NcxVectors.PathOf(scenario, "stdp_trace_writes.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            int memory = f[1] switch { "TPRE_AA" => 0, "TPRE_FF" => 1, "APRE_FF" => 2, _ => throw new InvalidDataException(line) };
            var key = (memory, int.Parse(f[2], CultureInfo.InvariantCulture));
            if (!chip.TryGetValue(key, out List<int>? list))
            {
                chip[key] = list = [];
            }

            list.Add(int.Parse(f[5], CultureInfo.InvariantCulture));
        }

        Dictionary<(int Memory, int Flat), List<int>> model = Run(scenario).Probe.Traces;
        var mismatches = new List<string>();
        foreach (var key in chip.Keys.Union(model.Keys).OrderBy(k => k))
        {
            List<int> e = chip.GetValueOrDefault(key) ?? [];
            List<int> a = model.GetValueOrDefault(key) ?? [];
            if (!e.SequenceEqual(a))
            {
                mismatches.Add($"memory {key.Memory} flat {key.Flat}: chip [{string.Join(' ', e)}] model [{string.Join(' ', a)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} addresses differ; first: {string.Join("; ", mismatches.Take(6))}");
    }
}
