using System.Runtime.InteropServices;
using NeuroRT.Serial;
using static NeuroRT.Serial.PosixNative;

namespace NeuroRT.Snn.Tests.Serial;

/// <summary>
/// A pseudo-terminal pair for tests: this object holds the master (posix_openpt/grantpt/unlockpt,
/// all exported by glibc's libc.so.6 on Debian 12); the port under test opens <see cref="SlavePath"/>.
/// </summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private int _master;

    public PseudoTerminal()
    {
        _master = PosixOpenPt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (_master < 0) throw new IOException($"posix_openpt failed: errno {Marshal.GetLastPInvokeError()}");
        if (GrantPt(_master) != 0 || UnlockPt(_master) != 0) throw new IOException($"grantpt/unlockpt failed: errno {Marshal.GetLastPInvokeError()}");
        byte* name = stackalloc byte[256];
        if (PtsNameR(_master, name, 256) != 0) throw new IOException("ptsname_r failed");
        SlavePath = Marshal.PtrToStringUTF8((nint)name)!;
    }

    public string SlavePath { get; }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = PosixNative.Write(_master, p + done, (nuint)(data.Length - done));
                if (n < 0) throw new IOException($"master write failed: errno {Marshal.GetLastPInvokeError()}");
                done += (int)n;
            }
        }
    }

    /// <summary>Reads exactly data.Length bytes from the master, or throws after timeoutMs.</summary>
    public void ReadExactly(Span<byte> data, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                PollFd pfd = new() { fd = _master, events = POLLIN };
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                int r = Poll(&pfd, 1, left);
                if (r == 0) throw new TimeoutException($"master: received {done} of {data.Length} bytes");
                if (r < 0) continue;
                nint n = PosixNative.Read(_master, p + done, (nuint)(data.Length - done));
                if (n <= 0) throw new IOException($"master read failed: errno {Marshal.GetLastPInvokeError()}");
                done += (int)n;
            }
        }
    }

    /// <summary>Closes the master: the slave side sees a hang-up.</summary>
    public void CloseMaster()
    {
        if (_master >= 0) Close(_master);
        _master = -1;
    }

    public void Dispose() => CloseMaster();
}
