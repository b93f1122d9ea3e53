using System.Diagnostics;
using NeuroRT.Devices.NeuroCoreX.Pty;

namespace NeuroRT.Snn.Tests.Pty;

/// <summary>The real-time schedule of the board's answers, computed on a synthetic clock (no waiting).</summary>
public class NcxOutputPacerTests
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
        long first = t0 + Us(960); // timestep 1 starts one timestep after the first event (the longest start latency)

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
    public void A_read_back_sends_a_byte_every_21_us_after_the_previous_answer()
    {
        var pacer = new NcxOutputPacer();
        pacer.OnRunStart(0);
        pacer.OnRunEnd(2); // 1 + 22 bytes, the last complete with bit 175 = neuron 85 of timestep 2
        pacer.OnReadBack(Us(10)); // requested at once: it starts after the run's last byte
        pacer.OnProduced(23 + 9_215);
        long runEnd = Us(960 + 960 + 910 + 10.1);
        Assert.Equal(23, pacer.DueCount(runEnd + Us(1), 23 + 9_215));
        pacer.OnDelivered(23);
        Assert.InRange(pacer.NextDue(), runEnd + Us(31.1) - 2, runEnd + Us(31.1) + 2);
        Assert.Equal(1, pacer.DueCount(runEnd + Us(32), 9_215));
        Assert.Equal(100, pacer.DueCount(runEnd + Us(100 * 21 + 10.2), 9_215));
        Assert.Equal(9_215, pacer.DueCount(runEnd + Us(9_215 * 21 + 10.2), 9_215));
    }

    [Fact]
    public void Bytes_of_an_unfinished_run_wait_for_its_schedule_and_later_answers_queue_behind()
    {
        var pacer = new NcxOutputPacer();
        pacer.OnRunStart(0);
        pacer.OnProduced(5); // a streaming board's first bytes, before the terminator
        Assert.Equal(0, pacer.DueCount(Us(100), 5));
        Assert.Equal(5, pacer.DueCount(Us(960 + 420), 5)); // data byte 3 is complete with neuron 31: slot 37
        pacer.OnDelivered(5);
        Assert.Equal(long.MaxValue, pacer.NextDue()); // nothing produced yet
        pacer.OnRunEnd(3); // 1 + 33 bytes, the last complete with neuron 83 of timestep 3
        pacer.OnReadBack(Us(50));
        pacer.OnProduced(29 + 9_215);
        Assert.InRange(pacer.NextDue(), Us(960 + 460.1) - 2, Us(960 + 460.1) + 2);
        Assert.Equal(29, pacer.DueCount(Us(960 + 1_920 + 900.1 + 31), 29 + 9_215));
        pacer.OnDelivered(29);
        Assert.InRange(pacer.NextDue(), Us(960 + 1_920 + 900.1 + 31.1) - 2, Us(960 + 1_920 + 900.1 + 31.1) + 2);
    }
}
