using NeuroRT.Snn.Coding;

namespace NeuroRT.Snn.Tests.Coding;

public class RateEncoderTests
{
    private static RateEncoder Encoder(int inputs, int maxEvents, int timesteps)
    {
        var addresses = Enumerable.Range(10, inputs).ToArray();
        return new RateEncoder(addresses, Enumerable.Repeat(0.0, inputs).ToArray(), Enumerable.Repeat(1.0, inputs).ToArray(), maxEvents, timesteps);
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(-3f, 0)]
    [InlineData(float.NaN, 0)]
    [InlineData(0.09f, 0)]
    [InlineData(0.1f, 1)] // 0.1 * 5 + 0.5 = 1.0000000015 (0.1f is just above 0.1)
    [InlineData(0.5f, 3)] // round half up: 2.5 -> 3
    [InlineData(0.99f, 5)]
    [InlineData(7f, 5)]
    public void Values_map_linearly_to_event_counts_rounding_half_up(float value, int events) =>
        Assert.Equal(events, Encoder(1, 5, 64).EventsFor(0, value));

    [Fact]
    public void Events_of_one_input_sit_at_the_centres_of_equal_parts()
    {
        var schedule = new SpikeSchedule(64);
        Encoder(1, 4, 64).Encode([1f], schedule);
        Assert.Equal([9, 25, 41, 57], schedule.Timesteps.ToArray()); // 1 + floor((2j+1)*64/8)
        Assert.All(schedule.Addresses.ToArray(), a => Assert.Equal(10, a));
    }

    [Fact]
    public void Inputs_interleave_one_per_timestep_in_order_of_wanted_time_then_input()
    {
        var schedule = new SpikeSchedule(8);
        Encoder(4, 2, 8).Encode([1f, 1f, 1f, 1f], schedule);
        // Each input wants timesteps 3 and 7; the four collide and are serialised, the tail pulled back inside T = 8.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], schedule.Timesteps.ToArray());
        Assert.Equal([10, 11, 12, 13, 10, 11, 12, 13], schedule.Addresses.ToArray());
        Assert.Equal(0, schedule.Dropped);
    }

    [Fact]
    public void Every_full_load_fits_strictly_increasing_inside_the_run()
    {
        var rng = new Random(7);
        var schedule = new SpikeSchedule(64);
        var encoder = Encoder(12, 5, 64);
        var values = new float[12];
        for (int trial = 0; trial < 500; trial++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(rng.NextDouble() * 1.4 - 0.2);
            }

            encoder.Encode(values, schedule);
            int expected = 0;
            for (int i = 0; i < values.Length; i++)
            {
                expected += encoder.EventsFor(i, values[i]);
            }

            Assert.Equal(expected, schedule.Count);
            for (int e = 0; e < schedule.Count; e++)
            {
                Assert.InRange(schedule.Timesteps[e], e == 0 ? 1 : schedule.Timesteps[e - 1] + 1, 64);
            }
        }
    }

    [Fact]
    public void More_events_than_timesteps_is_refused_at_construction()
    {
        var e = Assert.Throws<ArgumentException>(() => Encoder(12, 6, 64));
        Assert.Contains("72 events", e.Message);
    }

    [Fact]
    public void Encoding_allocates_nothing()
    {
        var schedule = new SpikeSchedule(64);
        var encoder = Encoder(12, 5, 64);
        var values = new float[] { 0.1f, 0.9f, 0.5f, 0.3f, 1f, 0f, 0.7f, 0.2f, 0.6f, 0.4f, 0.8f, 0.05f };
        encoder.Encode(values, schedule);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            encoder.Encode(values, schedule);
            schedule.FillGaps(95);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
