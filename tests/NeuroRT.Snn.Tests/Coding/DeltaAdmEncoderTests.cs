using NeuroRT.Snn.Coding;

namespace NeuroRT.Snn.Tests.Coding;

public class DeltaAdmEncoderTests
{
    // Two channels, sample-major: channel 0 ramps up, channel 1 steps down once.
    private static readonly float[] Window =
    [
        0f, 0f,
        1.5f, 0f,
        3.2f, -2.5f,
        3.2f, -2.5f,
    ];

    [Fact]
    public void Delta_emits_one_event_per_level_crossed_with_up_and_down_addresses()
    {
        var schedule = new SpikeSchedule(40);
        new DeltaEncoder([0, 1], [1, 3], [2, 4], 1.0, 40).Encode(Window, 2, schedule);
        // Levels floor(x/1): ch0 0,1,3,3 -> +1 at sample 1, +2 at sample 2; ch1 0,0,-3,-3 -> three DOWN at sample 2.
        // Sample n lands at 1 + floor(n*40/4); collisions move on.
        Assert.Equal([11, 21, 22, 23, 24, 25], schedule.Timesteps.ToArray());
        Assert.Equal([1, 1, 1, 4, 4, 4], schedule.Addresses.ToArray());
        Assert.Equal(0, schedule.Dropped);
    }

    [Fact]
    public void Delta_drops_and_counts_what_no_longer_fits()
    {
        var schedule = new SpikeSchedule(4);
        new DeltaEncoder([0, 1], [1, 3], [2, 4], 0.5, 4).Encode(Window, 2, schedule);
        // Levels floor(x/0.5): ch0 0,3,6,6 (3 UP at sample 1 fill timesteps 2..4; 3 more at sample 2 do not fit),
        // ch1 0,0,-5,-5 (5 DOWN at sample 2 do not fit).
        Assert.Equal([2, 3, 4], schedule.Timesteps.ToArray());
        Assert.Equal(8, schedule.Dropped);
    }

    [Fact]
    public void Adm_tracks_with_threshold_and_refractory()
    {
        float[] ramp = [0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f];
        var schedule = new SpikeSchedule(9);
        new AdmEncoder([0], [1], [2], 1.0, 2, 1, 9).Encode(ramp, 1, schedule);
        // ref 0; sample 2 (level 2) fires UP, deaf for sample 3; sample 4: 4-2 >= 2 fires; deaf 5; sample 6 fires; 8 fires.
        Assert.Equal([3, 5, 7, 9], schedule.Timesteps.ToArray());
        Assert.All(schedule.Addresses.ToArray(), a => Assert.Equal(1, a));

        float[] fall = [0f, -3f, -3f];
        new AdmEncoder([0], [1], [2], 1.0, 2, 0, 3).Encode(fall, 1, schedule);
        Assert.Equal([2], schedule.Addresses.ToArray());
    }

    [Fact]
    public void Delta_and_adm_allocate_nothing()
    {
        var schedule = new SpikeSchedule(40);
        var delta = new DeltaEncoder([0, 1], [1, 3], [2, 4], 1.0, 40);
        var adm = new AdmEncoder([0, 1], [1, 3], [2, 4], 1.0, 1, 0, 40);
        delta.Encode(Window, 2, schedule);
        adm.Encode(Window, 2, schedule);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            delta.Encode(Window, 2, schedule);
            adm.Encode(Window, 2, schedule);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
