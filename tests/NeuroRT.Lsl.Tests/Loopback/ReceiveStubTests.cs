using System.Runtime.InteropServices;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Testing;

namespace NeuroRT.Lsl.Tests.Loopback;

/// <summary>
/// The rare receive path behind a 56-byte allocation once per process: the runtime's tier-1 <c>Socket.Receive</c>
/// calls <c>recvmsg</c> through a native-call stub that the first such call used to build, on the receiving
/// thread, seconds into a run. Opening an inlet prepares the stubs, so taking that path allocates nothing.
/// </summary>
public sealed class ReceiveStubTests
{
    [Fact]
    public void The_runtime_receive_calls_are_found()
    {
        var names = ReceiveInterop.Methods().Select(m => m.Name).ToArray();
        Assert.True(names.Any(n => n.StartsWith("<ReceiveMessage>", StringComparison.Ordinal)),
            $"System.Net.Sockets {typeof(System.Net.Sockets.Socket).Assembly.GetName().Version} has no Interop+Sys ReceiveMessage P/Invoke " +
            $"(found: {string.Join(", ", names)}): ReceiveInterop prepares nothing on this runtime, so a receive may build a stub mid-stream");
    }

    [Fact]
    public unsafe void After_an_inlet_opens_the_first_call_through_the_recvmsg_stub_allocates_0_bytes()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        using var outlet = new LslOutlet(new LslStreamInfo { Name = "stub", ChannelCount = 2, ChannelFormat = ChannelFormat.Float32, NominalRate = 100, SourceId = "stub" },
            new LslOutletOptions { Config = config, Log = log });
        using var inlet = new LslInlet(TestNet.Find(config, "name", "stub"), new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);

        // Take the path tier-1 code takes: call the P/Invoke itself (not inlined), as the first caller in this process
        // would. On a closed descriptor it only returns an error code; the header is zeroed (no buffers).
        var receiveMessage = ReceiveInterop.Methods().Single(m => m.Name.StartsWith("<ReceiveMessage>", StringComparison.Ordinal));
        nint entry = receiveMessage.MethodHandle.GetFunctionPointer();
        byte* header = (byte*)NativeMemory.AllocZeroed(128);
        long* received = (long*)NativeMemory.AllocZeroed(sizeof(long));
        int error = 0;
        try
        {
            long allocated = AllocationWindow.Clean(() =>
            {
                var window = AllocationWindow.Open();
                error = ((delegate*<nint, void*, int, long*, int>)entry)(-1, header, 0, received);
                return (window.AllocatedBytes, window.CollectionRan);
            });
            Assert.Equal(0, allocated);
        }
        finally
        {
            NativeMemory.Free(header);
            NativeMemory.Free(received);
        }

        Assert.NotEqual(0, error); // the native call ran and reported the closed descriptor
    }
}
