using System.Runtime.InteropServices;

namespace NeuroRT.Snn.Tests.Serial;

/// <summary>
/// A pseudo-terminal pair for tests: this object holds the master (posix_openpt/grantpt/unlockpt,
/// all exported by glibc's libc.so.6 on Debian 12); the port under test opens <see cref="SlavePath"/>.
/// </summary>
internal sealed unsafe partial class PseudoTerminal : IDisposable
{
    private int _master;

    public PseudoTerminal()
    {
        _master = posix_openpt(0x2 | 0x100 | 0x80000); // O_RDWR | O_NOCTTY | O_CLOEXEC
        if (_master < 0) throw new IOException($"posix_openpt failed: errno {Marshal.GetLastPInvokeError()}");
        if (grantpt(_master) != 0 || unlockpt(_master) != 0) throw new IOException($"grantpt/unlockpt failed: errno {Marshal.GetLastPInvokeError()}");
        byte* name = stackalloc byte[256];
        if (ptsname_r(_master, name, 256) != 0) throw new IOException("ptsname_r failed");
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
                nint n = write(_master, p + done, (nuint)(data.Length - done));
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
                PollFd pfd = new() { fd = _master, events = 1 };
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                int r = poll(&pfd, 1, left);
                if (r == 0) throw new TimeoutException($"master: received {done} of {data.Length} bytes");
                if (r < 0) continue;
                nint n = read(_master, p + done, (nuint)(data.Length - done));
                if (n <= 0) throw new IOException($"master read failed: errno {Marshal.GetLastPInvokeError()}");
                done += (int)n;
            }
        }
    }

    /// <summary>Closes the master: the slave side sees a hang-up.</summary>
    public void CloseMaster()
    {
        if (_master >= 0) close(_master);
        _master = -1;
    }

    public void Dispose() => CloseMaster();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd { public int fd; public short events; public short revents; }

    [LibraryImport("libc", SetLastError = true)] private static partial int posix_openpt(int flags);
    [LibraryImport("libc", SetLastError = true)] private static partial int grantpt(int fd);
    [LibraryImport("libc", SetLastError = true)] private static partial int unlockpt(int fd);
    [LibraryImport("libc", SetLastError = true)] private static partial int ptsname_r(int fd, byte* buf, nuint len);
    [LibraryImport("libc", SetLastError = true)] private static partial nint write(int fd, byte* buf, nuint count);
    [LibraryImport("libc", SetLastError = true)] private static partial nint read(int fd, byte* buf, nuint count);
    [LibraryImport("libc", SetLastError = true)] private static partial int poll(PollFd* fds, nuint n, int timeout);
    [LibraryImport("libc", SetLastError = true)] private static partial int close(int fd);
}
