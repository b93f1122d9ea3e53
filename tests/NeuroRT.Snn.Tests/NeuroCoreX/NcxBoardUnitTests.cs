using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Tests.NeuroCoreX;

public class NcxBoardUnitTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1024)]
    [InlineData(127, 127 * 1024)]
    [InlineData(-128, -128 * 1024)]
    [InlineData(128, 0)]
    [InlineData(200, 72 * 1024)]
    [InlineData(254, 126 * 1024)]
    [InlineData(-129, -1 * 1024)]
    public void Scaling_keeps_the_sign_and_the_low_7_bits(int p, int expected) => Assert.Equal(expected, NcxBoard.Scale(p));

    [Fact]
    public void Power_up_sends_one_zero_byte_and_nothing_else()
    {
        var board = new NcxBoard();
        var b = new byte[4];
        Assert.Equal(1, board.Read(b));
        Assert.Equal(0x00, b[0]);
        board.Write([0x70, 0x30]); // undefined command swallows the next byte (here 0x30)
        Assert.Equal(0, board.Available);
    }

    [Fact]
    public void Read_back_returns_9215_bytes_of_the_ff_matrix()
    {
        var board = new NcxBoard();
        board.Read(new byte[1]);
        var ff = new sbyte[NcxLayout.MatrixEntries];
        for (int i = 0; i < ff.Length; i++)
        {
            ff[i] = (sbyte)(i * 7);
        }

        var cmd = new byte[NcxEncoder.MatrixCommandBytes];
        board.Write(cmd.AsSpan(0, NcxEncoder.WriteFfWeights(cmd, ff)));
        board.Write(cmd.AsSpan(0, NcxEncoder.WriteReadBack(cmd, 0x7A)));
        var back = new byte[NcxLayout.MatrixEntries];
        Assert.Equal(NcxLayout.ReadBackBytes, board.Read(back));
        for (int i = 0; i < NcxLayout.ReadBackBytes; i++)
        {
            Assert.Equal(ff[i], (sbyte)back[i]);
        }
    }

    [Fact]
    public void A_run_yields_the_specified_byte_count_and_runs_without_allocating()
    {
        var board = new NcxBoard();
        byte[] host = NcxVectors.Bytes("ff_layer", "host_to_board.bin");
        var sink = new byte[1 << 16];
        board.Write(host);
        int first = board.Read(sink);
        Assert.Equal(NcxVectors.Bytes("ff_layer", "board_to_host.bin").Length, first);

        // Second run of the same events: 1 marker + ⌊(90·23 + 89)/8⌋ data bytes, no allocation.
        int eventsStart = host.Length - NcxEncoder.EventCommandBytes(17);
        ReadOnlySpan<byte> run = host.AsSpan(eventsStart);
        Assert.Equal(0x30, run[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        board.Write(run);
        int n = board.Read(sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1 + NcxSpikeDecoder.DataBytes(24), n);
        Assert.Equal(0, allocated);
    }

    private sealed class WriteLog : INcxProbe
    {
        public List<string> Writes { get; } = [];

        public void OnNeuron(in NcxNeuronState state)
        {
        }

        public void OnWeightWrite(bool ff, int row, int col, int value) => Writes.Add($"{(ff ? "FF" : "AA")} {row} {col} {value}");
    }

    [Fact]
    public void Potentiation_wraps_127_to_minus_128_and_depression_lifts_it_to_minus_1()
    {
        // Pacemaker neuron 0 (bias 0.25, threshold 1.0: spikes at t4, t8) drives neuron 1 through AA[7][5] = 127 (one
        // timestep to integrate, one to spike: t6). STDP on that one synapse: dw_pos = 1, dw_neg = 0, windows 3.
        var aa = new sbyte[NcxLayout.MatrixEntries];
        aa[NcxLayout.Flat(NcxLayout.Row(1), NcxLayout.AaColumn(0))] = 127;
        var enAa = new bool[NcxLayout.MatrixEntries];
        enAa[NcxLayout.Flat(NcxLayout.Row(1), NcxLayout.AaColumn(0))] = true;
        var p = new NcxParameters();
        p.FillThresholds(131071);
        p.Threshold(NcxLayout.Slot(0)) = 1024;
        p.Threshold(NcxLayout.Slot(1)) = 1024;
        p.Gain = 1;
        p.Stdp(1) = 3 | 3 << 8;
        p.Stdp(2) = 1;
        var events = new NcxEvent[10];
        var buffer = new byte[NcxEncoder.MatrixCommandBytes];
        var log = new WriteLog();
        var board = new NcxBoard(log);
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteDebug(buffer, 256, NcxLayout.DebugTarget(0))));
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteAaWeights(buffer, aa)));
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteFfWeights(buffer, new sbyte[NcxLayout.MatrixEntries])));
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteStdpEnables(buffer, enAa, new bool[NcxLayout.MatrixEntries])));
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteParameters(buffer, p.Words)));
        board.Write(buffer.AsSpan(0, NcxEncoder.WriteEvents(buffer, events)));

        var output = new byte[board.Available];
        board.Read(output);
        byte[] data = output[2..];
        Assert.True(NcxSpikeDecoder.Spiked(data, 3, 0)); // t4
        Assert.True(NcxSpikeDecoder.Spiked(data, 5, 1)); // t6
        Assert.Equal(["AA 7 5 -128", "AA 7 5 -1"], log.Writes.Take(2));
    }
}
