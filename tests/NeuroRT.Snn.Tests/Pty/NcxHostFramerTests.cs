using NeuroRT.Devices.NeuroCoreX.Pty;
using NeuroRT.Snn.Tests.NeuroCoreX;

namespace NeuroRT.Snn.Tests.Pty;

public class NcxHostFramerTests
{
    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Runs_their_last_event_timestep_and_read_backs_are_found_in_each_scenarios_host_bytes(string scenario)
    {
        var framer = new NcxHostFramer();
        var ends = new List<(int Offset, int Tau)>();
        var starts = new List<int>();
        var readBacks = new List<int>();
        byte[] host = NcxVectors.Bytes(scenario, "host_to_board.bin");
        for (int i = 0; i < host.Length; i++)
        {
            switch (framer.Feed(host[i]))
            {
                case NcxHostEvent.RunStart: starts.Add(i); break;
                case NcxHostEvent.RunEnd: ends.Add((i, framer.LastEventTimestep)); break;
                case NcxHostEvent.ReadBack: readBacks.Add(i); break;
            }
        }

        var steps = NcxReplay.Steps(scenario);
        var runSteps = steps.Where(s => s.Command >> 4 == 3).ToList();
        var runs = NcxVectors.Expected(scenario).GetProperty("runs");
        Assert.Equal(runSteps.Count, ends.Count);
        for (int r = 0; r < ends.Count; r++)
        {
            Assert.Equal(runSteps[r].Offset + 3, starts[r]); // the first event's third byte
            Assert.Equal(runSteps[r].Offset + runSteps[r].Length - 1, ends[r].Offset);
            Assert.Equal(runs[r].GetProperty("last_event_timestep").GetInt32(), ends[r].Tau);
        }

        Assert.Equal(steps.Where(s => s.Command >> 4 == 5).Select(s => s.Offset + 1), readBacks);
    }

    [Fact]
    public void A_terminator_without_events_starts_no_run_and_undefined_commands_swallow_one_byte()
    {
        var framer = new NcxHostFramer();
        byte[] bytes = [0x30, 0xFF, 0xFF, 0xFF, 0x70, 0x30, 0x30, 0x00, 0x05, 0x00, 0xFF, 0xFF, 0xFF];
        var events = bytes.Select(framer.Feed).ToArray();
        Assert.Equal(NcxHostEvent.RunStart, events[9]);
        Assert.Equal(NcxHostEvent.RunEnd, events[12]);
        Assert.Equal(2, events.Count(e => e != NcxHostEvent.None));
        Assert.Equal(1, framer.LastEventTimestep);
    }
}
