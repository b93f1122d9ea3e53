using System.Diagnostics;
using NeuroRT.Devices.NeuroCoreX.Pty;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Pty;

/// <summary>The real-time schedule of the board's answers, computed on a synthetic clock (no waiting).</summary>
public class NcxOutputPacerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static long Us(double us) => (long)(us * Stopwatch.Frequency / 1e6);

    [Fact]
    public void The_power_up_byte_is_due_at_once()
    {
        var pacer = new NcxOutputPacer();
        pacer.OnProduced(1);
        Assert.Equal(1, pacer.DueCount(0, 1));
        pacer.OnDelivered(1);
        Assert.Equal(long.MaxValue, pacer.NextDue());
    }

    [Fact]
    public void A_runs_bytes_follow_the_slots_eight_bits_per_80_us_with_the_timestep_gap()
    {
        var pacer = new NcxOutputPacer();
        long t0 = Us(5_000);
        pacer.OnRunStart(t0);
        pacer.OnRunEnd(12); // bias_single: 1 marker + 134 data bytes
        pacer.OnProduced(135);
        long first = t0 + Us(1_045.1); // timestep 1 starts 1 045.1 µs after the first event (as simulated)

        Assert.Equal(0, pacer.DueCount(first + Us(59), 135));
        Assert.Equal(1, pacer.DueCount(first + Us(61), 135)); // the marker: slot 5, plus 10.1 µs on the wire
        // Data byte 0 is complete with neuron 7 (bit produced in slot 12): 130 µs + 10.1 µs.
        Assert.Equal(1, pacer.DueCount(first + Us(139), 135));
        Assert.Equal(2, pacer.DueCount(first + Us(141), 135));
        // Then one byte per 80 µs within the timestep: 11 bytes complete in frame 1 (bits 7 … 87).
        Assert.Equal(12, pacer.DueCount(first + Us(140.1 + 10 * 80 + 0.5), 135));
        // Byte 11 needs bit 95 = neuron 5 of timestep 2: 960 + 110 + 10.1 µs (the 140 µs gap at the boundary).
        Assert.Equal(12, pacer.DueCount(first + Us(1_080), 135));
        Assert.Equal(13, pacer.DueCount(first + Us(1_081), 135));
        // The last byte is complete with bit 1 071 = neuron 81 of timestep 12: 11·960 + 870 + 10.1 µs.
        Assert.Equal(134, pacer.DueCount(first + Us(11 * 960 + 880), 135));
        Assert.Equal(135, pacer.DueCount(first + Us(11 * 960 + 881), 135));
        Assert.Equal(0, pacer.DueCount(first + Us(11 * 960 + 881), 0));
    }

    [Fact]
    public void A_read_back_sends_a_byte_every_21_us_after_the_previous_answer_has_left()
    {
        var pacer = new NcxOutputPacer();
        pacer.OnRunStart(0);
        pacer.OnRunEnd(2); // 1 + 22 bytes, the last complete with bit 175 = neuron 85 of timestep 2
        pacer.OnReadBack(Us(10)); // requested at once: it starts after the run's last byte
        pacer.OnProduced(23 + 9_215);
        long runEnd = Us(1_045.1 + 960 + 910 + 10.1);
        Assert.Equal(23, pacer.DueCount(runEnd + Us(1), 23 + 9_215));
        pacer.OnDelivered(23);
        Assert.InRange(pacer.NextDue(), runEnd + Us(51.1) - 2, runEnd + Us(51.1) + 2); // 41 µs to the first start bit
        Assert.Equal(0, pacer.DueCount(runEnd + Us(51), 9_215));
        Assert.Equal(1, pacer.DueCount(runEnd + Us(52), 9_215));
        Assert.Equal(100, pacer.DueCount(runEnd + Us(41 + 99 * 21 + 10.2), 9_215));
        Assert.Equal(9_215, pacer.DueCount(runEnd + Us(41 + 9_214 * 21 + 10.2), 9_215));
    }

    [Fact]
    public void Bytes_of_an_unfinished_run_wait_for_its_schedule_and_later_answers_queue_behind()
    {
        var pacer = new NcxOutputPacer();
        pacer.OnRunStart(0);
        pacer.OnProduced(5); // a streaming board's first bytes, before the terminator
        Assert.Equal(0, pacer.DueCount(Us(100), 5));
        Assert.Equal(5, pacer.DueCount(Us(1_045.1 + 420), 5)); // data byte 3 is complete with neuron 31: slot 37
        pacer.OnDelivered(5);
        Assert.Equal(long.MaxValue, pacer.NextDue()); // nothing produced yet
        pacer.OnRunEnd(3); // 1 + 33 bytes, the last complete with neuron 83 of timestep 3
        pacer.OnReadBack(Us(50));
        pacer.OnProduced(29 + 9_215);
        Assert.InRange(pacer.NextDue(), Us(1_045.1 + 460.1) - 2, Us(1_045.1 + 460.1) + 2);
        Assert.Equal(29, pacer.DueCount(Us(1_045.1 + 1_920 + 900.1 + 51), 29 + 9_215));
        pacer.OnDelivered(29);
        Assert.InRange(pacer.NextDue(), Us(1_045.1 + 1_920 + 900.1 + 51.1) - 2, Us(1_045.1 + 1_920 + 900.1 + 51.1) + 2);
    }

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void No_byte_is_due_before_the_simulated_board_sent_it_and_none_much_later(string scenario)
    {
        // The host bytes at the simulated times of host_schedule.txt (1 Mbaud, back to back, idle where it says W),
        // each anchored at the end of its stop bit; the board's bytes at board_to_host_timed.txt's start bits.
        var framer = new NcxHostFramer();
        var pacer = new NcxOutputPacer();
        pacer.OnProduced(1); // the power-up byte
        long ns = 0;
        foreach (string line in File.ReadLines(NcxVectors.PathOf(scenario, "host_schedule.txt")))
        {
            string[] p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length == 0) continue;
            if (p[0] == "W") ns += 1000 * long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture);
            if (p[0] != "B") continue;
            for (int i = 1; i < p.Length; i++)
            {
                ns += 10_000;
                long end = Ticks(ns);
                switch (framer.Feed(Convert.ToByte(p[i], 16)))
                {
                    case NcxHostEvent.RunStart: pacer.OnRunStart(end); break;
                    case NcxHostEvent.RunEnd: pacer.OnRunEnd(framer.LastEventTimestep); break;
                    case NcxHostEvent.ReadBack: pacer.OnReadBack(end); break;
                }
            }
        }

        long[] simulated = [.. File.ReadLines(NcxVectors.PathOf(scenario, "board_to_host_timed.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))];
        pacer.OnProduced(simulated.Length - 1);
        pacer.OnDelivered(1);
        double latestUs = 0;
        for (int j = 1; j < simulated.Length; j++)
        {
            long due = pacer.NextDue();
            long sent = Ticks(simulated[j] + 10_100); // the byte is complete after its 10.1 µs frame
            Assert.True(due >= sent - 2, $"{scenario}: board→host byte {j} due {(sent - due) / (Stopwatch.Frequency / 1e6):0.0} µs before the simulated board sent it");
            latestUs = Math.Max(latestUs, (due - sent) / (Stopwatch.Frequency / 1e6));
            pacer.OnDelivered(1);
        }

        output.WriteLine($"{scenario}: {simulated.Length - 1} bytes, none early, the latest {latestUs:0.0} µs after the simulated board");
        Assert.True(latestUs <= 11, $"{scenario}: a byte is due {latestUs:0.0} µs after the simulated board sent it");
    }

    private static long Ticks(long ns) => (long)(ns * (Stopwatch.Frequency / 1e9));
}
