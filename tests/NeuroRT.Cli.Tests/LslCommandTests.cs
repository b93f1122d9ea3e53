using System.Diagnostics;
using System.Globalization;

namespace NeuroRT.Cli.Tests;

/// <summary>The LSL commands end to end, each test on an isolated LSL network of its own (see <see cref="LslTestNetwork"/>).</summary>
public class LslCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly LslTestNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Theory]
    [InlineData("float32", 4)]
    [InlineData("int16", 3)]
    [InlineData("string", 2)]
    public void Send_and_receive_deliver_every_ramp_sample_in_order(string format, int channels)
    {
        using var sender = _net.Start("lsl", "send", "--name", $"Ramp-{format}", "--format", format, "--channels", $"{channels}",
            "--rate", "500", "--signal", "ramp", "--wait-consumer");
        sender.WaitForStderr("waiting for a consumer", Limit);
        string csv = Path.Combine(_net.Folder, "out.csv");
        var r = _net.Run(Limit, "lsl", "receive", "--name", $"Ramp-{format}", "--samples", "500", "--csv", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(r.Stdout); // the data went to the file, status to stderr
        Assert.Contains("500 samples written", r.Stderr);

        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,timestamp," + string.Join(',', Enumerable.Range(1, channels).Select(c => $"ch{c}")), lines[0]);
        Assert.Equal(501, lines.Length);
        double previous = double.NaN;
        for (int i = 0; i < 500; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(channels + 2, fields.Length);
            Assert.Equal($"{i}", fields[0]);
            double t = double.Parse(fields[1], CultureInfo.InvariantCulture);
            if (i > 0) Assert.True(Math.Abs(t - previous - 0.002) < 1e-6, $"sample {i}: timestamp {t} after {previous}, expected 1/500 s later");
            previous = t;
            for (int c = 0; c < channels; c++)
            {
                // Values are exact: the ramp is sample index + channel, integers print without a decimal point in every format.
                string expected = format == "string" ? (c == 0 ? $"s{i}" : $"s{i} ch{c + 1}") : $"{i + c}";
                Assert.Equal(expected, fields[c + 2]);
            }
        }
    }

    [Fact]
    public void Receive_writes_csv_to_stdout_with_double_values_exact()
    {
        using var sender = _net.Start("lsl", "send", "--name", "Sine64", "--format", "double64", "--channels", "2", "--rate", "200", "--signal", "sine", "--wait-consumer");
        sender.WaitForStderr("waiting for a consumer", Limit);
        var r = _net.Run(Limit, "lsl", "receive", "--name", "Sine64", "--samples", "40", "--corrected");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.StdoutLines;
        Assert.Equal("index,timestamp,ch1,ch2", lines[0]);
        Assert.Equal(41, lines.Length);
        for (int i = 0; i < 40; i++)
        {
            var fields = lines[i + 1].Split(',');
            // Sample i of the 10 Hz sine at 200 Hz, amplitude 50, channel 2 shifted by half a period; printed so it reads back bit for bit.
            double ch1 = 50 * Math.Sin(2 * Math.PI * (10 * (i * (1 / 200.0)) + 0.0 / 2));
            double ch2 = 50 * Math.Sin(2 * Math.PI * (10 * (i * (1 / 200.0)) + 1.0 / 2));
            Assert.Equal(ch1, double.Parse(fields[2], CultureInfo.InvariantCulture));
            Assert.Equal(ch2, double.Parse(fields[3], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Streams_once_lists_a_running_sender_with_its_clock_offset()
    {
        using var sender = _net.Start("lsl", "send", "--name", "ListedEEG", "--channels", "16", "--rate", "256", "--source-id", "amp-42");
        sender.WaitForStderr("streaming", Limit);
        var r = _net.Run(Limit, "streams", "--once");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var row = r.StdoutLines.Single(l => l.Contains("ListedEEG"));
        Assert.Matches(@"ListedEEG\s*│\s*EEG\s*│\s*16\s*│\s*float32\s*│\s*256\s*│.*│\s*amp-42\s*│\s*127\.0\.0\.1:\d+\s*│\s*[-+]?\d+\.\d{3}\s*│\s*\d+\.\d{3}\s*│", row);
        Assert.Contains($"1 stream in session '{_net.SessionId}'", r.Stdout);
    }

    [Fact]
    public void Streams_once_says_when_there_is_nothing_and_points_to_doctor()
    {
        var r = _net.Run(Limit, "streams", "--once", "--wait", "0.5");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"no LSL streams found in session '{_net.SessionId}' within 0.5 s", r.Stdout);
        Assert.Contains("neurort doctor", r.Stdout);
    }

    [Fact]
    public void Doctor_finds_its_test_stream_over_loopback_and_explains_the_settings()
    {
        var r = _net.Run(Limit, "doctor");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains(_net.ConfigFile, r.Stdout);
        Assert.Contains(_net.SessionId, r.Stdout);
        Assert.Matches($@"OK\s+UDP {_net.MulticastPort} \(discovery port\) on all addresses: can be bound with address reuse", r.Stdout);
        Assert.Matches($@"OK\s+TCP {_net.MulticastPort + 1}-{_net.MulticastPort + 32} .*: \d+ of 32 free", r.Stdout);
        Assert.Matches($@"OK\s+loopback 127\.0\.0\.1:{_net.MulticastPort}: answered in \d+ ms", r.Stdout);
        Assert.Contains("broadcast 255.255.255.255", r.Stdout);
        Assert.Contains("the KnownPeers path", r.Stdout);
        Assert.Contains("Network interfaces", r.Stdout);
        Assert.Contains("Summary: discovery works", r.Stdout);
    }

    [Fact]
    public void Replay_to_lsl_serves_the_recording_with_its_channel_labels()
    {
        string edf = Path.Combine(AppContext.BaseDirectory, "samples", "S001R04.edf");
        using var replay = _net.Start("replay", edf, "--to-lsl", "--name", "Replayed");
        replay.WaitForStderr("Ctrl-C stops", Limit);
        var r = _net.Run(Limit, "lsl", "receive", "--name", "Replayed", "--samples", "200");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.StdoutLines;
        var header = lines[0].Split(',');
        Assert.Equal(66, header.Length); // index, timestamp, the 64 EEG signals (the annotation signal is not data)
        Assert.Equal(["index", "timestamp", "Fc5.", "Fc3.", "Fc1.", "Fcz.", "Fc2.", "Fc4.", "Fc6.", "C5..", "C3.."], header[..11]);
        Assert.Equal("Iz..", header[^1]);
        Assert.Equal(201, lines.Length);
        double previous = double.NaN;
        for (int i = 0; i < 200; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(66, fields.Length);
            Assert.Equal($"{i}", fields[0]);
            double t = double.Parse(fields[1], CultureInfo.InvariantCulture);
            if (i > 0) Assert.True(Math.Abs(t - previous - 1 / 160.0) < 1e-6, $"sample {i}: timestamp {t} after {previous}, expected 1/160 s later");
            previous = t;
        }
        Assert.Contains("source_id 'neurort-replay-Replayed'", r.Stderr);
    }

    [Fact]
    public void Receive_of_a_missing_stream_fails_after_the_timeout_with_a_clear_message()
    {
        var clock = Stopwatch.StartNew();
        var r = _net.Run(Limit, "lsl", "receive", "--name", "NoSuchStream", "--timeout", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains($"error: LSL stream 'NoSuchStream' not found: no stream of that name answered within 1 s in session '{_net.SessionId}'", r.Stderr);
        Assert.Contains("neurort doctor", r.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Replay_without_a_target_says_only_to_lsl_exists()
    {
        var r = _net.Run(Limit, "replay", Path.Combine(AppContext.BaseDirectory, "samples", "S001R04.edf"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("only --to-lsl exists so far", r.Stderr);
    }

    [Fact]
    public void A_missing_config_file_is_named_in_one_line()
    {
        string missing = Path.Combine(_net.Folder, "nope.cfg");
        var r = NeurortProcess.Run(Limit, "streams", "--once", "--config", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {missing}: LSL config file not found", r.Stderr.Trim());
    }

    [Theory]
    [InlineData("streams", "clock offset")]
    [InlineData("doctor", "multicast")]
    [InlineData("lsl receive", "--corrected")]
    [InlineData("lsl send", "--wait-consumer")]
    [InlineData("replay", "--to-lsl")]
    public void Each_lsl_command_explains_itself(string command, string mentioned)
    {
        var r = NeurortProcess.Run(Limit, [.. command.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(mentioned, r.Stdout);
        Assert.Contains("--config", r.Stdout);
    }
}
