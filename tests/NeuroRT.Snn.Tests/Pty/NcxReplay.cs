using System.Text.Json;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Serial;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Pty;

/// <summary>
/// Replays a vector scenario's host→board bytes through a serial port, one command at a time, waiting after each
/// command for exactly the answer the board gives to it (a run: 0xFF marker + its data bytes from expected.json; a
/// read-back: 9 215 bytes), and checks the answers against board_to_host.bin and the decoded spikes.
/// </summary>
public static class NcxReplay
{
    /// <summary>One command of host_to_board.bin and the number of bytes the board answers to it.</summary>
    public readonly record struct Step(int Offset, int Length, int AnswerBytes, byte Command);

    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Splits the scenario's host→board bytes at the command boundaries of spec §4.</summary>
    public static List<Step> Steps(string scenario)
    {
        byte[] host = NcxVectors.Bytes(scenario, "host_to_board.bin");
        JsonElement runs = NcxVectors.Expected(scenario).GetProperty("runs");
        var steps = new List<Step>();
        int run = 0;
        int i = 0;
        while (i < host.Length)
        {
            byte c = host[i];
            int length = (c >> 4) switch
            {
                0x0 or 0x1 => 1 + 9_217,
                0x2 => 1 + 1_152,
                0x3 => EventsLength(host, i),
                0x4 => 1 + 6,
                0x5 => 2,
                0x6 => 1 + 2_305,
                _ => 2,
            };
            int answer = (c >> 4) switch
            {
                0x3 => 1 + runs[run++].GetProperty("data_bytes").GetInt32(),
                0x5 => NcxLayout.ReadBackBytes,
                _ => 0,
            };
            steps.Add(new Step(i, length, answer, c));
            i += length;
        }

        Assert.Equal(host.Length, i);
        Assert.Equal(runs.GetArrayLength(), run);
        return steps;
    }

    /// <summary>
    /// Sends every step and collects the answers. A power-up 0x00 that arrives before the first answer (a marker 0xFF
    /// in every scenario) is set aside: whether a client sees it depends on when it opened the port (spec §3).
    /// </summary>
    public static byte[] Replay(SerialPort port, string scenario, Action<Step, TimeSpan>? onAnswer = null)
    {
        byte[] host = NcxVectors.Bytes(scenario, "host_to_board.bin");
        var received = new List<byte>();
        bool first = true;
        foreach (Step step in Steps(scenario))
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            port.Write(host.AsSpan(step.Offset, step.Length));
            if (step.AnswerBytes == 0) continue;
            var answer = new byte[step.AnswerBytes];
            port.ReadExactly(answer.AsSpan(0, 1), AnswerTimeout);
            if (first && answer[0] == 0x00)
            {
                port.ReadExactly(answer.AsSpan(0, 1), AnswerTimeout); // that was the power-up byte
            }

            first = false;
            port.ReadExactly(answer.AsSpan(1), AnswerTimeout);
            onAnswer?.Invoke(step, System.Diagnostics.Stopwatch.GetElapsedTime(start));
            received.AddRange(answer);
        }

        return [.. received];
    }

    /// <summary>Asserts the answers equal board_to_host.bin after its power-up byte, byte for byte.</summary>
    public static void AssertBytesMatch(string scenario, byte[] received)
    {
        byte[] expected = NcxVectors.Bytes(scenario, "board_to_host.bin");
        Assert.Equal(0x00, expected[0]);
        int n = Math.Min(expected.Length - 1, received.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(expected[i + 1] == received[i],
                $"{scenario}: board→host byte {i + 1} of {expected.Length}: expected 0x{expected[i + 1]:X2}, received 0x{received[i]:X2}");
        }

        Assert.Equal(expected.Length - 1, received.Length);
    }

    /// <summary>Decodes each run's answer and asserts its spikes equal expected.json's (and no other spike).</summary>
    public static void AssertSpikesMatch(string scenario, byte[] received)
    {
        JsonElement runs = NcxVectors.Expected(scenario).GetProperty("runs");
        int offset = 0;
        Span<int> neurons = stackalloc int[NcxLayout.Neurons];
        foreach (JsonElement run in runs.EnumerateArray())
        {
            int dataBytes = run.GetProperty("data_bytes").GetInt32();
            Assert.Equal(0xFF, received[offset]);
            ReadOnlySpan<byte> data = received.AsSpan(offset + 1, dataBytes);
            JsonElement spikes = run.GetProperty("spikes_per_timestep");
            int frames = run.GetProperty("full_frames").GetInt32();
            for (int f = 0; f < frames; f++)
            {
                int count = NcxSpikeDecoder.DecodeFrame(data, f, neurons);
                int[] expected = spikes.TryGetProperty((f + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), out JsonElement list)
                    ? [.. list.EnumerateArray().Select(e => e.GetInt32())]
                    : [];
                Assert.Equal(expected, neurons[..count].ToArray());
            }

            offset += 1 + dataBytes;
            if (offset < received.Length && received[offset] != 0xFF)
            {
                offset += NcxLayout.ReadBackBytes; // a read-back between runs
            }
        }
    }

    private static int EventsLength(byte[] host, int start)
    {
        for (int i = start + 1; i + 2 < host.Length; i += 3)
        {
            if (host[i] == 0xFF && host[i + 1] == 0xFF && host[i + 2] == 0xFF) return i + 3 - start;
        }

        throw new InvalidOperationException($"events command at byte {start} has no FF FF FF terminator");
    }
}
