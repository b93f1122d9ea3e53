using System.Diagnostics;
using System.Runtime.InteropServices;
using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Devices.NeuroCoreX.Pty;
using NeuroRT.Serial;
using NeuroRT.Snn.Tests.NeuroCoreX;
using Xunit.Abstractions;

namespace NeuroRT.Snn.Tests.Pty;

/// <summary>The virtual board served on a real pseudo-terminal, driven through <see cref="SerialPort"/> at 1 Mbaud.</summary>
public partial class PtyVirtualBoardTests(ITestOutputHelper output)
{
    private const int Baud = 1_000_000;

    [Theory]
    [MemberData(nameof(NcxVectors.All), MemberType = typeof(NcxVectors))]
    public void Every_scenario_replayed_through_the_tty_answers_the_simulated_boards_bytes_and_spikes(string scenario)
    {
        using var server = new PtyVirtualBoard();
        byte[] received;
        using (var port = SerialPort.Open(server.SlavePath, Baud))
        {
            received = NcxReplay.Replay(port, scenario);
        }

        NcxReplay.AssertBytesMatch(scenario, received);
        NcxReplay.AssertSpikesMatch(scenario, received);
        var expected = NcxVectors.Expected(scenario);
        Assert.Equal(expected.GetProperty("host_to_board_bytes").GetInt32(), server.BytesIn);
        Assert.Equal(expected.GetProperty("runs").GetArrayLength(), server.Runs);
        Assert.Equal(expected.GetProperty("readback_bytes").GetInt32() > 0 ? 1 : 0, server.ReadBacks);
        // Everything the board produced went to the tty: the answers plus the power-up byte (discarded at open). The
        // counter is updated just after the write that the client may already have read from.
        WaitFor(() => server.BytesOut >= received.Length + 1, $"BytesOut to reach {received.Length + 1} (is {server.BytesOut})");
        Assert.Equal(received.Length + 1, server.BytesOut);
        Assert.Null(server.Fault);
    }

    [Fact]
    public void A_client_that_hangs_up_does_not_stop_the_server_and_the_next_client_is_served()
    {
        using var server = new PtyVirtualBoard();
        var reference = new NcxBoard();
        byte[] host = NcxVectors.Bytes("bias_single", "host_to_board.bin");
        using (var first = SerialPort.Open(server.SlavePath, Baud))
        {
            NcxReplay.AssertBytesMatch("bias_single", NcxReplay.Replay(first, "bias_single"));
        }

        reference.Write(host);
        reference.Read(new byte[reference.Available]);
        WaitFor(() => server.HangUps >= 1, "the server to notice the client's hang-up");
        Assert.False(server.HasStopped);

        // A second client sends the scenario's run again to the same (still powered) board.
        NcxReplay.Step run = NcxReplay.Steps("bias_single").Single(s => s.Command >> 4 == 3);
        ReadOnlySpan<byte> events = host.AsSpan(run.Offset, run.Length);
        reference.Write(events);
        var expected = new byte[reference.Available];
        reference.Read(expected);
        Assert.Equal(run.AnswerBytes, expected.Length);
        using (var second = SerialPort.Open(server.SlavePath, Baud))
        {
            second.Write(events);
            var answer = new byte[expected.Length];
            second.ReadExactly(answer, NcxReplay.AnswerTimeout);
            Assert.Equal(expected, answer);
        }

        Assert.Equal(2, server.Runs);
        Assert.Null(server.Fault);
    }

    [Fact]
    public unsafe void Answers_a_client_left_unread_when_it_closed_are_not_handed_to_the_next_one()
    {
        using var server = new PtyVirtualBoard();
        byte[] host = NcxVectors.Bytes("multirun_readback", "host_to_board.bin");
        using (var first = SerialPort.Open(server.SlavePath, Baud))
        {
            first.Write(host); // two runs and a read-back: 9 340 bytes of answers, never read
            WaitFor(() => server.ReadBacks == 1 && server.BytesOut + server.BytesDropped == 9_341, "the server to send all answers");
        }

        WaitFor(() => server.HangUps >= 1, "the server to notice the client's hang-up");
        // The next client opens without discarding anything (as pyserial does): a real port would show it nothing.
        int fd = PosixNative.Open(server.SlavePath, PosixNative.O_RDWR | PosixNative.O_NOCTTY | PosixNative.O_NONBLOCK | PosixNative.O_CLOEXEC);
        Assert.True(fd >= 0, $"open {server.SlavePath}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            PosixNative.PollFd pfd = new() { fd = fd, events = PosixNative.POLLIN };
            int ready = PosixNative.Poll(&pfd, 1, 200);
            Assert.True(ready == 0, $"the new client found stale bytes waiting (poll {ready}, revents 0x{pfd.revents:X})");
        }
        finally
        {
            PosixNative.Close(fd);
        }

        Assert.Null(server.Fault);
    }

    [Fact]
    public void A_client_that_reads_late_gets_every_answer_in_order_when_they_outgrow_the_ttys_buffers()
    {
        // 9 read-backs after the scenario: 92 KB of answers, more than the pty and the line discipline hold, so the
        // server must wait for room (not drop) while the client is not reading.
        byte[] host = [.. NcxVectors.Bytes("multirun_readback", "host_to_board.bin"), .. Enumerable.Repeat<byte[]>([0x50, 0x7A], 9).SelectMany(b => b)];
        var reference = new NcxBoard();
        reference.Write(host);
        var expected = new byte[reference.Available - 1];
        reference.Read(new byte[1]); // the power-up byte: queued before the client opened, which discards it
        reference.Read(expected);
        Assert.True(expected.Length > 90_000);

        using var server = new PtyVirtualBoard();
        using var port = SerialPort.Open(server.SlavePath, Baud);
        port.Write(host);
        WaitFor(() => server.ReadBacks == 10, "the server to take all commands");
        Thread.Sleep(200); // let the tty fill up
        var received = new byte[expected.Length];
        port.ReadExactly(received, NcxReplay.AnswerTimeout);
        Assert.Equal(expected, received);
        Assert.Equal(0, server.BytesDropped);
        Assert.Equal(0, port.Read(new byte[1], TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void A_closed_port_leaves_the_virtual_boards_tty_open_to_the_next_client()
    {
        // The tty of a pty slave outlives its clients; the exclusive flag set at open must not (else any non-root
        // client's reopen is refused with EBUSY). Root bypasses the flag, so it is read back instead of tested by opening.
        using var server = new PtyVirtualBoard();
        using (var port = SerialPort.Open(server.SlavePath, Baud))
        {
            Assert.Equal(1, Exclusive(server.SlavePath));
        }

        Assert.Equal(0, Exclusive(server.SlavePath));
    }

    [Fact]
    public void Stopping_the_server_is_a_hang_up_for_a_client_waiting_in_read_within_100_ms()
    {
        var server = new PtyVirtualBoard();
        using var port = SerialPort.Open(server.SlavePath, Baud);
        int readerTid = 0;
        Exception? caught = null;
        long caughtAt = 0;
        var reader = new Thread(() =>
        {
            Volatile.Write(ref readerTid, GetTid());
            try
            {
                port.Read(new byte[16], TimeSpan.FromSeconds(30));
            }
            catch (Exception e)
            {
                caughtAt = Stopwatch.GetTimestamp();
                caught = e;
            }
        });
        reader.Start();
        // The read must be waiting in poll before the board goes away, else the test would measure the open, not the
        // detection: the kernel shows the thread's current system call in /proc.
        WaitFor(() => Volatile.Read(ref readerTid) != 0 && InPoll(Volatile.Read(ref readerTid)), "the reader to block in poll");
        long stopAt = Stopwatch.GetTimestamp();
        server.Dispose();
        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "the client's read did not return after the server stopped");
        var closed = Assert.IsType<SerialPortClosedException>(caught);
        Assert.Contains(server.SlavePath, closed.Message);
        double ms = Stopwatch.GetElapsedTime(stopAt, caughtAt).TotalMilliseconds;
        output.WriteLine($"hang-up seen by the client {ms:0.000} ms after Stop()");
        Assert.True(ms < 100, $"the client saw the hang-up {ms:0.0} ms after Stop()");
    }

    [Fact]
    public void In_realtime_mode_answers_do_not_arrive_faster_than_the_board_can_send_them()
    {
        const string scenario = "multirun_readback";
        using var server = new PtyVirtualBoard(realtime: true);
        var times = new List<(NcxReplay.Step Step, TimeSpan Elapsed)>();
        byte[] received;
        using (var port = SerialPort.Open(server.SlavePath, Baud))
        {
            received = NcxReplay.Replay(port, scenario, (step, elapsed) => times.Add((step, elapsed)));
        }

        NcxReplay.AssertBytesMatch(scenario, received);
        var runs = NcxVectors.Expected(scenario).GetProperty("runs");
        int run = 0;
        foreach ((NcxReplay.Step step, TimeSpan elapsed) in times)
        {
            // Lower bounds only: a run's last data byte exists after τₙ − 1 full timesteps of 960 µs (spec §6); the
            // read-back sends a byte every 21 µs (spec §4.5). Measured from the write of the command.
            double boundMs = step.Command >> 4 == 3
                ? (runs[run++].GetProperty("last_event_timestep").GetInt32() - 1) * 0.960
                : 9_215 * 0.021;
            output.WriteLine($"command 0x{step.Command:X2}: {step.AnswerBytes} bytes in {elapsed.TotalMilliseconds:0.00} ms (board: at least {boundMs:0.00} ms)");
            Assert.True(elapsed.TotalMilliseconds >= boundMs, $"command 0x{step.Command:X2}: answer complete after {elapsed.TotalMilliseconds:0.00} ms, the board needs at least {boundMs:0.00} ms");
        }

        Assert.Equal(3, times.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_serving_loop_allocates_nothing_once_running(bool realtime)
    {
        const string scenario = "multirun_readback";
        using var server = new PtyVirtualBoard(realtime: realtime);
        using var port = SerialPort.Open(server.SlavePath, Baud);
        NcxReplay.Replay(port, scenario); // warm-up: JIT and tiering of the serving loop
        Thread.Sleep(100);
        long before = server.ServerAllocatedBytes;
        for (int i = 0; i < 3; i++)
        {
            NcxReplay.Replay(port, scenario);
        }

        Thread.Sleep(100);
        long allocated = server.ServerAllocatedBytes - before;
        output.WriteLine($"serving thread allocated {allocated} bytes over 3 replays of {scenario} (realtime {realtime})");
        Assert.Equal(0, allocated);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(1);
        }
    }

    // The thread's current system call: poll (7) or ppoll (271) on x86_64.
    private static bool InPoll(int tid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/self/task/{tid}/syscall");
        }
        catch (IOException)
        {
            return false;
        }

        string nr = text.Split(' ', 2)[0].Trim();
        return nr is "7" or "271";
    }

    private static unsafe int Exclusive(string path)
    {
        int fd = PosixNative.Open(path, PosixNative.O_RDWR | PosixNative.O_NOCTTY | PosixNative.O_NONBLOCK | PosixNative.O_CLOEXEC);
        Assert.True(fd >= 0, $"open {path}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            int value = -1;
            Assert.True(PosixNative.Ioctl(fd, PosixNative.TIOCGEXCL, &value) == 0, $"TIOCGEXCL {path}: errno {Marshal.GetLastPInvokeError()}");
            return value;
        }
        finally
        {
            PosixNative.Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
