using System.Net;
using NeuroRT.Plugins.Udp;

namespace NeuroRT.Plugins.Net.Tests.Udp;

/// <summary>Steady state: sending a command allocates nothing on the sending thread.</summary>
public sealed class UdpAllocationTests
{
    [Theory]
    [InlineData("osc", new[] { "values" })]
    [InlineData("osc", new[] { "values", "confidence", "sequence", "sequence32", "timestamp", "timetag", "latency", "name" })]
    [InlineData("json", new[] { "values" })]
    public void Sending_allocates_zero_bytes(string format, string[] arguments)
    {
        using var receiver = new UdpReceiver(IPAddress.Loopback);
        var host = new FakeHost("left", "right", "rest");
        using var output = new UdpOutput { Port = receiver.Port, Format = format, Arguments = arguments };
        output.Open(host);
        float[] values = [0.1f, 0.7f, 0.2f];
        string[] names = ["left", "right", "none"];
        long emitted = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < 200; i++) output.Send(new Command(names[i % 3], values, 0.7f, 100 + i * 0.01, i, 0.001, emitted));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 200; i < 5200; i++) output.Send(new Command(names[i % 3], values, 0.7f, 100 + i * 0.01, i, 0.001, emitted));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(5200, host.Counter(UdpOutput.SentCounter));
        Assert.Equal(0, host.Counter(UdpOutput.SendErrorsCounter));
        Assert.True(receiver.Receive().Length > 0);
    }
}
