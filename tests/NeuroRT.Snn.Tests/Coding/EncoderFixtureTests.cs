using System.Text.Json;
using NeuroRT.Snn.Coding;
using NeuroRT.Snn.Tests.Stage;

namespace NeuroRT.Snn.Tests.Coding;

/// <summary>
/// The encoders against the training script's Python versions (models/train_snn_neurocorex.py: rate_schedule,
/// delta_schedule, adm_schedule): 60 random cases, every event's timestep and address and the drop count must agree,
/// so schedules computed offline are the ones the stage sends.
/// </summary>
public class EncoderFixtureTests
{
    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void Rate_delta_and_adm_schedules_equal_the_python_ones()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path(Path.Combine("tests", "NeuroRT.Snn.Tests", "Coding", "encoder-fixture.json"))));
        var seen = new Dictionary<string, int>();
        int index = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string kind = c.GetProperty("kind").GetString()!;
            int t = c.GetProperty("timesteps").GetInt32();
            var schedule = new SpikeSchedule(t);
            if (kind == "rate")
            {
                double[] min = Doubles(c.GetProperty("min"));
                var encoder = new RateEncoder(Enumerable.Range(0, min.Length).ToArray(), min, Doubles(c.GetProperty("max")), c.GetProperty("max_events").GetInt32(), t);
                encoder.Encode(Doubles(c.GetProperty("values")).Select(v => (float)v).ToArray(), schedule);
            }
            else
            {
                int channels = c.GetProperty("channels").GetInt32();
                int[] ch = Enumerable.Range(0, channels).ToArray();
                int[] up = ch.Select(x => 2 * x).ToArray();
                int[] down = ch.Select(x => 2 * x + 1).ToArray();
                float[] window = Doubles(c.GetProperty("window")).Select(v => (float)v).ToArray();
                double step = c.GetProperty("step").GetDouble();
                if (kind == "delta")
                {
                    new DeltaEncoder(ch, up, down, step, t).Encode(window, channels, schedule);
                }
                else
                {
                    new AdmEncoder(ch, up, down, step, c.GetProperty("threshold").GetInt32(), c.GetProperty("refractory").GetInt32(), t).Encode(window, channels, schedule);
                }
            }

            Assert.True(Ints(c.GetProperty("expected_timesteps")).AsSpan().SequenceEqual(schedule.Timesteps), $"case {index} ({kind}): timesteps differ");
            Assert.True(Ints(c.GetProperty("expected_addresses")).AsSpan().SequenceEqual(schedule.Addresses), $"case {index} ({kind}): addresses differ");
            Assert.Equal(c.GetProperty("dropped").GetInt32(), schedule.Dropped);
            seen[kind] = seen.GetValueOrDefault(kind) + schedule.Count;
            index++;
        }

        Assert.Equal(60, index);
        Assert.All(seen.Values, events => Assert.True(events > 100, $"too few events: {string.Join(", ", seen)}"));
    }
}
