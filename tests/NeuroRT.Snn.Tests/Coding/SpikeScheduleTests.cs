using NeuroRT.Snn.Coding;

namespace NeuroRT.Snn.Tests.Coding;

public class SpikeScheduleTests
{
    [Fact]
    public void Collisions_move_to_the_next_free_timestep_and_overflow_is_counted()
    {
        var s = new SpikeSchedule(4);
        Assert.True(s.Add(3, 1));
        Assert.True(s.Add(3, 2));
        Assert.False(s.Add(3, 3));
        Assert.False(s.Add(1, 4));
        Assert.Equal([3, 4], s.Timesteps.ToArray());
        Assert.Equal([1, 2], s.Addresses.ToArray());
        Assert.Equal(2, s.Dropped);
        s.Clear();
        Assert.Equal(0, s.Count);
        Assert.Equal(0, s.Dropped);
    }

    [Fact]
    public void Gaps_get_the_filler_input_so_every_timestep_has_one_event()
    {
        var s = new SpikeSchedule(6);
        s.Add(2, 7);
        s.Add(5, 8);
        s.FillGaps(95);
        Assert.Equal([1, 2, 3, 4, 5, 6], s.Timesteps.ToArray());
        Assert.Equal([95, 7, 95, 95, 8, 95], s.Addresses.ToArray());
    }
}
