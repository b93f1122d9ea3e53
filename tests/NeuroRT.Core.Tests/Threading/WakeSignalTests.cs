using NeuroRT.Core.Threading;

namespace NeuroRT.Core.Tests.Threading;

public class WakeSignalTests
{
    [Fact]
    public void A_set_signal_wakes_a_blocked_waiter()
    {
        var signal = new WakeSignal();
        bool woke = false;
        var waiter = new Thread(() => woke = signal.Wait(10_000));
        waiter.Start();
        Thread.Sleep(50);
        signal.Set();
        Assert.True(waiter.Join(5_000), "the waiter was not woken");
        Assert.True(woke);
    }

    [Fact]
    public void Waiting_on_a_clear_signal_times_out_false()
    {
        var signal = new WakeSignal();
        Assert.False(signal.Wait(20));
        signal.Set();
        Assert.True(signal.Wait(0));
        signal.Reset();
        Assert.False(signal.IsSet);
    }

    [Fact]
    public void The_first_blocking_wait_and_set_allocate_nothing()
    {
        var signal = new WakeSignal();
        var setter = new Thread(() => { Thread.Sleep(30); signal.Set(); });
        long before = GC.GetAllocatedBytesForCurrentThread();
        setter.UnsafeStart();
        signal.Wait(5_000);
        signal.Reset();
        signal.Wait(1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        setter.Join();
        Assert.Equal(0, allocated);
    }
}
