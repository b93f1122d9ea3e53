using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Coding;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.Stage;

namespace NeuroRT.Snn.Tests.Stage;

/// <summary>
/// The snn stage on the trained network models/snn-mi, fed the held-out feature vectors of models/snn-mi/reference.json
/// directly: decisions, allocation, and what happens when the board goes away mid-run.
/// </summary>
public class SnnStageTests
{
    private sealed record Reference(string[] Inputs, double[] Min, double[] Max, int MaxEvents, int Timesteps, List<(float[] Features, int[] Counts, string Predicted)> Cases);

    private static Reference Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path(Path.Combine("models", "snn-mi", "reference.json"))));
        JsonElement r = doc.RootElement;
        var cases = r.GetProperty("cases").EnumerateArray().Select(c => (
            c.GetProperty("features").EnumerateArray().Select(x => (float)x.GetDouble()).ToArray(),
            c.GetProperty("counts").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            c.GetProperty("predicted").GetString()!)).ToList();
        return new Reference(
            r.GetProperty("inputs").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            r.GetProperty("min").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
            r.GetProperty("max").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
            r.GetProperty("max_events").GetInt32(),
            r.GetProperty("timesteps").GetInt32(),
            cases);
    }

    private static (SnnStage Stage, StageOutput Output, StringWriter Log) Configure(Reference r, Func<string, INcxLink> open, string device = NcxBackends.Virtual, DeviceLost lost = DeviceLost.Stop, int flush = 0)
    {
        var log = new StringWriter();
        var stage = new SnnStage
        {
            Network = RepoFiles.Path(Path.Combine("models", "snn-mi", "network.yaml")),
            Device = device,
            OnDeviceLost = lost,
            Flush = flush,
            Timesteps = r.Timesteps,
            Min = r.Min,
            Max = r.Max,
            MaxEvents = r.MaxEvents,
            Groups = [new("left", ["left0", "left1", "left2", "left3"]), new("right", ["right0", "right1", "right2", "right3"])],
            Log = log,
            OpenLink = open,
        };
        // EDF labels keep their dots ('C3..'): the stage matches names ignoring them.
        var channels = r.Inputs.Select(n => new ChannelInfo(n.Replace("C3:", "C3..:").Replace("C4:", "C4..:"), ChannelTypes.Feature)).ToArray();
        var output = stage.Configure(new StageInput(new StreamFormat("features", channels, 0), 4));
        return (stage, output, log);
    }

    private static void Frame(SampleBlock block, float[] features)
    {
        block.Count = 1;
        features.CopyTo(block.Frame(0));
        block.SetFrameTime(0, 1.0, 0, 0);
    }

    private static string Decision(ReadOnlySpan<float> y) => y[0] > y[1] ? "left" : y[1] > y[0] ? "right" : "none";

    [Fact]
    public void Held_out_feature_vectors_get_the_offline_decisions_and_count_shares()
    {
        Reference r = Load();
        var (stage, output, log) = Configure(r, _ => new BoardLink());
        using var _ = stage;
        Assert.Equal(["left", "right"], output.Format.Channels.Select(c => c.Name));
        Assert.Contains("virtual board (in-process)", log.ToString());
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        foreach (var (features, counts, predicted) in r.Cases)
        {
            Frame(input, features);
            result.Count = 0;
            stage.Process(input, result);
            Assert.Equal(1, result.Count);
            int total = counts.Sum();
            Assert.Equal(total == 0 ? 0f : (float)((double)counts[0] / total), result.Frame(0)[0]);
            Assert.Equal(predicted, Decision(result.Frame(0)));
        }
    }

    [Fact]
    public void Held_out_feature_vectors_through_a_real_tty_get_the_offline_decisions()
    {
        // The stage given a tty path opens it as the board's serial port (SerialLink, 1 Mbaud); the virtual board
        // answers on the pseudo-terminal server, so this is the code path of `device: /dev/ttyUSB0`.
        Reference r = Load();
        using var server = new NeuroRT.Devices.NeuroCoreX.Pty.PtyVirtualBoard();
        var (stage, _, log) = Configure(r, NcxBackends.Open, server.SlavePath);
        using var _s = stage;
        Assert.Contains(server.SlavePath, log.ToString());
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        foreach (var (features, _, predicted) in r.Cases)
        {
            Frame(input, features);
            result.Count = 0;
            stage.Process(input, result);
            Assert.Equal(predicted, Decision(result.Frame(0)));
        }

        Assert.False(stage.FellBack);
        Assert.True(server.Runs >= r.Cases.Count, $"{server.Runs} runs reached the board for {r.Cases.Count} frames");
    }

    [Fact]
    public void With_a_flush_between_frames_each_frame_follows_a_silent_run_and_decisions_are_unchanged()
    {
        // This network is feed-forward with refractory 0, so nothing it computes carries from one run to the next:
        // flushing must not change a decision, only add the silent runs.
        Reference r = Load();
        BoardLink? link = null;
        var (stage, _, _) = Configure(r, _ => link = new BoardLink(), flush: 8);
        using var _s = stage;
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        long runsBefore = link!.Board.RunsCompleted;
        foreach (var (features, _, predicted) in r.Cases)
        {
            Frame(input, features);
            result.Count = 0;
            stage.Process(input, result);
            Assert.Equal(predicted, Decision(result.Frame(0)));
        }

        Assert.Equal(2 * r.Cases.Count - 1, link.Board.RunsCompleted - runsBefore);
    }

    [Fact]
    public void A_negative_flush_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<StageConfigurationException>(() => Configure(Load(), _ => new BoardLink(), flush: -1));
        Assert.Contains("flush must be 0..10000", e.Message);
    }

    [Fact]
    public void A_frame_on_the_virtual_board_allocates_nothing()
    {
        Reference r = Load();
        var (stage, _, _) = Configure(r, _ => new BoardLink());
        using var _s = stage;
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        for (int warm = 0; warm < 3; warm++)
        {
            Frame(input, r.Cases[warm].Features);
            result.Count = 0;
            stage.Process(input, result);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var c in r.Cases)
        {
            Frame(input, c.Features);
            result.Count = 0;
            stage.Process(input, result);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Unplugged_with_on_device_lost_stop_the_stage_fails_naming_the_device()
    {
        Reference r = Load();
        BoardLink? link = null;
        var (stage, _, _) = Configure(r, d => new MutableLink(link = new BoardLink(), d), "/dev/ttyUSB7");
        using var _s = stage;
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        Frame(input, r.Cases[0].Features);
        stage.Process(input, result);
        link!.Unplug();
        result.Count = 0;
        var e = Assert.Throws<IOException>(() => stage.Process(input, result));
        Assert.Contains("lost the NeuroCoreX board '/dev/ttyUSB7'", e.Message);
        Assert.Contains("on-device-lost: stop", e.Message);
    }

    [Fact]
    public void Unplugged_with_on_device_lost_virtual_the_stage_warns_once_and_decides_on_the_model()
    {
        Reference r = Load();
        BoardLink? board = null;
        int virtualOpened = 0;
        var (stage, _, log) = Configure(r, d =>
        {
            if (d == NcxBackends.Virtual)
            {
                virtualOpened++;
                return new BoardLink();
            }

            return new MutableLink(board = new BoardLink(), d);
        }, "/dev/ttyUSB7", DeviceLost.Virtual);
        using var _s = stage;
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        for (int i = 0; i < r.Cases.Count; i++)
        {
            if (i == 5)
            {
                board!.Unplug();
            }

            Frame(input, r.Cases[i].Features);
            result.Count = 0;
            stage.Process(input, result);
            Assert.Equal(r.Cases[i].Predicted, Decision(result.Frame(0)));
        }

        Assert.True(stage.FellBack);
        Assert.Equal(1, virtualOpened);
        Assert.Equal("virtual board (in-process)", stage.Backend);
        string[] warnings = log.ToString().Split('\n').Where(l => l.Contains("warning")).ToArray();
        Assert.Single(warnings);
        Assert.Contains("lost the NeuroCoreX board '/dev/ttyUSB7'", warnings[0]);
    }

    [Fact]
    public void The_delta_code_reads_windows_through_up_and_down_inputs()
    {
        string folder = Directory.CreateTempSubdirectory("neurort-snn-").FullName;
        try
        {
            string network = Path.Combine(folder, "delta.yaml");
            File.WriteAllText(network, """
                format: neurocorex-network/1
                name: delta-demo
                inputs: ["x:up", "x:down"]
                neurons:
                  - {name: rising, threshold: 2.5}
                  - {name: falling, index: 2, threshold: 2.5}
                feedforward:
                  - {from: "x:up", to: rising, weight: 1}
                  - {from: "x:down", to: falling, weight: 1}
                """);
            var stage = new SnnStage
            {
                Network = network,
                Encoder = SnnEncoder.Delta,
                Step = 1.0,
                Timesteps = 32,
                Groups = [new("up", ["rising"]), new("down", ["falling"])],
                Log = TextWriter.Null,
                OpenLink = _ => new BoardLink(),
            };
            using var _s = stage;
            var output = stage.Configure(new StageInput(new StreamFormat("eeg", [new ChannelInfo("x")], 100, frameLength: 8), 1));
            Assert.Equal(1, output.Format.FrameLength);
            using var input = new SampleBlock(1, 8, 1);
            using var result = new SampleBlock(2, 1, 1);
            input.Count = 1;
            float[] ramp = [0, 1, 2, 3, 4, 5, 6, 7];
            ramp.CopyTo(input.Frame(0));
            stage.Process(input, result);
            Assert.Equal(0, stage.LastClass); // 7 UP events: 'rising' reaches 2.5 twice, 'falling' gets nothing
            Assert.Equal([1f, 0f], result.Frame(0).ToArray());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_group_naming_an_unknown_neuron_is_refused_at_configure()
    {
        Reference r = Load();
        var e = Assert.Throws<StageConfigurationException>(() =>
        {
            var stage = new SnnStage
            {
                Network = RepoFiles.Path(Path.Combine("models", "snn-mi", "network.yaml")),
                Min = r.Min,
                Max = r.Max,
                MaxEvents = r.MaxEvents,
                Groups = [new("left", ["left0"]), new("right", ["middle"])],
                Log = TextWriter.Null,
                OpenLink = _ => new BoardLink(),
            };
            stage.Configure(new StageInput(new StreamFormat("f", r.Inputs.Select(n => new ChannelInfo(n)).ToArray(), 0), 1));
        });
        Assert.Equal("groups", e.Parameter);
        Assert.Contains("neuron 'middle' is not in network", e.Message);
    }

    [Fact]
    public void A_board_that_stops_answering_counts_as_lost()
    {
        Reference r = Load();
        MutableLink? board = null;
        var (stage, _, log) = Configure(r, d => d == NcxBackends.Virtual ? new BoardLink() : board = new MutableLink(new BoardLink(), d), "/dev/ttyACM3", DeviceLost.Virtual);
        using var _s = stage;
        using var input = new SampleBlock(r.Inputs.Length, 1, 4);
        using var result = new SampleBlock(2, 1, 4);
        board!.Mute();
        Frame(input, r.Cases[0].Features);
        stage.Process(input, result);
        Assert.True(stage.FellBack);
        Assert.Equal(r.Cases[0].Predicted, Decision(result.Frame(0)));
        Assert.Contains("lost the NeuroCoreX board '/dev/ttyACM3'", log.ToString());

        var (stopping, _, _) = Configure(r, d => board = new MutableLink(new BoardLink(), d), "/dev/ttyACM3");
        using var _t = stopping;
        board!.Mute();
        result.Count = 0;
        var e = Assert.Throws<IOException>(() => stopping.Process(input, result));
        Assert.Contains("'/dev/ttyACM3'", e.Message);
    }

    // A virtual board that calls itself by a tty path (to stand in for a real board that gets unplugged) and can go
    // silent: writes vanish and reads time out, as with a hung board or a dead cable.
    private sealed class MutableLink(INcxLink inner, string description) : INcxLink
    {
        private bool _mute;

        public void Mute() => _mute = true;

        public string Description => description;

        public void Write(ReadOnlySpan<byte> data)
        {
            if (!_mute)
            {
                inner.Write(data);
            }
        }

        public void Drain() => inner.Drain();

        public int Read(Span<byte> buffer, TimeSpan timeout)
        {
            if (_mute)
            {
                Thread.Sleep(timeout < TimeSpan.FromMilliseconds(20) ? timeout : TimeSpan.FromMilliseconds(20));
                return 0;
            }

            return inner.Read(buffer, timeout);
        }

        public void DiscardInput() => inner.DiscardInput();

        public void Dispose() => inner.Dispose();
    }
}
