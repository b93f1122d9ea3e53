using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Driver;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;
using NeuroRT.Snn.Tests.NeuroCoreX;
using NeuroRT.Snn.Tests.Serial;

namespace NeuroRT.Snn.Tests.Driver;

public class SerialLinkTests
{
    /// <summary>
    /// The virtual board on the master side of a pseudo-terminal, the driver on the slave through SerialLink: the same
    /// driver code as with the real board's tty.
    /// </summary>
    [Fact]
    public void The_driver_runs_a_scenario_over_a_pseudo_terminal()
    {
        using var pty = new PseudoTerminal();
        var board = new NcxBoard();
        bool stop = false;
        var bridge = new Thread(() =>
        {
            var one = new byte[1];
            var output = new byte[4096];
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    pty.ReadExactly(one, 5);
                    lock (board)
                    {
                        board.Write(one);
                    }
                }
                catch (TimeoutException)
                {
                }
                catch (IOException)
                {
                    return;
                }

                int n;
                lock (board)
                {
                    n = board.Read(output);
                }

                if (n > 0)
                {
                    pty.Write(output.AsSpan(0, n));
                }
            }
        })
        { IsBackground = true };
        bridge.Start();
        try
        {
            using SerialLink link = SerialLink.Open(pty.SlavePath);
            Assert.Null(link.LatencyTimer); // a pseudo-terminal is no USB adapter
            Assert.Equal(pty.SlavePath, link.Description);
            Assert.Equal(1_000_000, link.Port.BaudRate);

            var driver = new NcxDriver(link);
            driver.Load(NcxVectors.Image("ff_layer"), verify: true);
            System.Text.Json.JsonElement run = NcxVectors.Expected("ff_layer").GetProperty("runs")[0];
            var result = new NcxRunResult(64);
            driver.RunEvents(NcxVectors.Events(run), result);
            DriverVectorTests.AssertSpikes("ff_layer over a pty", run.GetProperty("spikes_per_timestep"), result);
            Assert.Equal(23, result.Timesteps);

            // Hang-up while streaming: the master goes away.
            driver.BeginStreaming();
            driver.Step(2, out _);
            Volatile.Write(ref stop, true);
            bridge.Join();
            pty.CloseMaster();
            var e = Assert.Throws<NcxLinkLostException>(() =>
            {
                for (int i = 0; i < 10; i++)
                {
                    driver.Step(2, out _);
                }
            });
            Assert.Contains(pty.SlavePath, e.Message, StringComparison.Ordinal);
            Assert.Equal(NcxDriverState.Faulted, driver.State);
        }
        finally
        {
            Volatile.Write(ref stop, true);
            bridge.Join();
        }
    }
}
