using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuroRT.Lsl.Inlet;

/// <summary>
/// Prepares, once per process, the native-call stubs that <see cref="Socket"/>'s synchronous receive path uses,
/// so that no receive call on the acquisition thread ever has to build one.
/// </summary>
/// <remarks>
/// Why: on Unix the JIT does not inline a P/Invoke that ends up inside a try region, and calls it through an
/// IL stub that the runtime builds on the first such call, allocating on the calling thread. The ready-to-run
/// and early tiered versions of <c>Socket.Receive</c> inline the <c>recvmsg</c> call (no stub needed); the final
/// tier-1 version, compiled in the background seconds into a run, inlines it into the try/catch of
/// <c>SocketPal.TryCompleteReceiveFrom</c>, so its first call built the stub: 56 bytes allocated inside one
/// <c>Pull</c>, once per process, at a moment set by the tiering timer (seen with dynamic PGO on, the default).
/// <see cref="Marshal.Prelink(MethodInfo)"/> builds those stubs now. The P/Invokes are private to the runtime
/// (<c>Interop+Sys</c> in System.Net.Sockets); if a runtime names them differently, nothing is prepared and
/// nothing fails.
/// </remarks>
internal static class ReceiveInterop
{
    // The native calls behind Receive, Poll and Available.
    private static readonly string[] Calls = ["ReceiveMessage", "Receive", "Poll", "GetBytesAvailable"];
    // Built by the class initialiser: exactly once, and a second inlet opening meanwhile waits for it.
    private static readonly int PreparedCount = PrepareAll();

    /// <summary>Makes sure the stubs are built (the first call builds them; later calls cost nothing).</summary>
    public static void Prepare() => _ = PreparedCount;

    private static int PrepareAll()
    {
        int prepared = 0;
        foreach (var method in Methods())
        {
            Marshal.Prelink(method);
            prepared++;
        }

        return prepared;
    }

    /// <summary>The P/Invoke methods of the runtime's receive path (for tests).</summary>
    internal static IEnumerable<MethodInfo> Methods()
    {
        var interop = typeof(Socket).Assembly.GetType("Interop+Sys", throwOnError: false);
        if (interop is null) yield break;
        foreach (var method in interop.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 && IsReceiveCall(method.Name)) yield return method;
    }

    // Generated P/Invokes are named after their wrapper: "<ReceiveMessage>g____PInvoke|71_0"; hand-written ones plainly.
    private static bool IsReceiveCall(string name)
    {
        foreach (string call in Calls)
            if (name == call || name.StartsWith($"<{call}>", StringComparison.Ordinal)) return true;
        return false;
    }
}
