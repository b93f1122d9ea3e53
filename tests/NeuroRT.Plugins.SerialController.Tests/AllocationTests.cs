using System.Diagnostics;
using NeuroRT.Plugins;
using NeuroRT.Plugins.SerialController.Wire;

namespace NeuroRT.Plugins.SerialController.Tests;

public class AllocationTests
{
    [Fact]
    public void Binary_send_allocates_nothing_in_steady_state()
    {
        using var rig = new Rig(o =>
        {
            o.Protocol = SerialProtocol.Binary;
            o.Commands = ["left=1", "right=2", "stop=0"];
            o.Checksum = FrameChecksum.Crc8;
            o.Clamp = [-1, 1];
            o.WatchdogSeconds = 5;
        }, "left", "right");
        Assert.Equal(0, Measure(rig, 7));
    }

    [Fact]
    public void Line_send_allocates_nothing_in_steady_state()
    {
        using var rig = new Rig(o =>
        {
            o.Template = "{name} {value0:0.000} {right:F2} {seq}\n";
            o.Commands = ["left=L", "right=R"];
            o.Clamp = [-1, 1];
            o.WatchdogSeconds = 5;
        }, "left", "right");
        Assert.Equal(0, Measure(rig, -1));
    }

    // Sends 2000 commands (values clamped and not) while a thread drains the device side; returns the bytes allocated
    // by the sending thread after a warm-up.
    private static long Measure(Rig rig, int frameLength)
    {
        rig.Host.Touch(Counters.Sent, Counters.Clamped);
        using var stop = new CancellationTokenSource();
        long received = 0;
        var drain = new Thread(() =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    rig.Peer.ReadExactly(buffer.AsSpan(0, 1), 50);
                    Interlocked.Increment(ref received);
                }
                catch (TimeoutException) { }
                catch (IOException) { return; }
            }
        }) { IsBackground = true };
        drain.Start();
        float[] a = [0.25f, 0.75f];
        float[] b = [1.5f, -3f];
        var ca = new Command("left", a, 0.75f, 1.0, 0, 0.001, Stopwatch.GetTimestamp());
        var cb = new Command("right", b, 1.5f, 2.0, 1, 0.001, Stopwatch.GetTimestamp());
        for (int i = 0; i < 200; i++) rig.Output.Send(i % 2 == 0 ? ca : cb);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            if (i % 2 == 0) rig.Output.Send(ca);
            else rig.Output.Send(cb);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2200, rig.Host[Counters.Sent]);
        Assert.Equal(1100 * 2, rig.Host[Counters.Clamped]);
        if (frameLength > 0)
        {
            long until = Environment.TickCount64 + 5000;
            while (Interlocked.Read(ref received) < 2200L * frameLength && Environment.TickCount64 < until) Thread.Sleep(5);
            Assert.Equal(2200L * frameLength, Interlocked.Read(ref received));
        }
        stop.Cancel();
        drain.Join();
        return allocated;
    }
}
