using System.Runtime.InteropServices;

namespace NeuroRT.Serial;

/// <summary>
/// libc entry points and constants for x86_64 Linux (glibc). Values checked against this machine's
/// kernel headers (asm-generic/termbits.h, asm-generic/ioctls.h, bits/fcntl-linux.h) with a compiled
/// probe: sizeof(struct termios2) = 44, c_ispeed at 36; sizeof(glibc struct termios) = 60.
/// </summary>
internal static unsafe partial class PosixNative
{
    private const string LibC = "libc";

    public const int O_RDWR = 0x2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    public const int EINTR = 4, EIO = 5, ENXIO = 6, EAGAIN = 11, EACCES = 13, EBUSY = 16, ENODEV = 19, ENOENT = 2, EPERM = 1;
    public const int LOCK_EX = 2, LOCK_NB = 4;
    public const int TCSANOW = 0, TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;

    // ioctl request numbers: TCGETS2 = _IOR('T', 0x2A, struct termios2), TCSETS2 = _IOW('T', 0x2B, ...).
    public const ulong TCGETS2 = 0x802C542A, TCSETS2 = 0x402C542B, TIOCEXCL = 0x540C, TIOCNXCL = 0x540D;

    // TIOCGEXCL = _IOR('T', 0x40, int): whether the tty is in exclusive mode (Linux 3.8+).
    public const ulong TIOCGEXCL = 0x80045440;

    // eventfd(2) flags.
    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    // termios flag bits (asm-generic/termbits.h, termbits-common.h).
    public const uint IGNBRK = 0x001, BRKINT = 0x002, PARMRK = 0x008, INPCK = 0x010, ISTRIP = 0x020,
        INLCR = 0x040, IGNCR = 0x080, ICRNL = 0x100, IUCLC = 0x200, IXON = 0x400, IXANY = 0x800,
        IXOFF = 0x1000, IMAXBEL = 0x2000;
    public const uint OPOST = 0x01;
    public const uint CBAUD = 0x0000100F, CSIZE = 0x30, CS8 = 0x30, CSTOPB = 0x40, CREAD = 0x80,
        PARENB = 0x100, HUPCL = 0x400, CLOCAL = 0x800, BOTHER = 0x1000, CIBAUD = 0x100F0000, CRTSCTS = 0x80000000;
    public const uint ISIG = 0x1, ICANON = 0x2, ECHO = 0x8, ECHONL = 0x40, IEXTEN = 0x8000;
    public const int VTIME = 5, VMIN = 6;

    /// <summary>The kernel's struct termios2 (asm-generic/termbits.h), 44 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios2
    {
        public uint c_iflag, c_oflag, c_cflag, c_lflag;
        public byte c_line;
        public fixed byte c_cc[19];
        public uint c_ispeed, c_ospeed;
    }

    /// <summary>glibc's struct termios (bits/termios-struct.h), 60 bytes, for tcgetattr/cfsetispeed.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios
    {
        public uint c_iflag, c_oflag, c_cflag, c_lflag;
        public byte c_line;
        public fixed byte c_cc[32];
        public uint c_ispeed, c_ospeed;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibC, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(LibC, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, void* arg);

    [LibraryImport(LibC, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, nint arg);

    [LibraryImport(LibC, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(LibC, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, Termios* termios);

    [LibraryImport(LibC, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, Termios* termios);

    [LibraryImport(LibC, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int CfSetISpeed(Termios* termios, uint speed);

    [LibraryImport(LibC, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int CfSetOSpeed(Termios* termios, uint speed);

    [LibraryImport(LibC, EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(int fd, int queueSelector);

    [LibraryImport(LibC, EntryPoint = "tcdrain", SetLastError = true)]
    public static partial int TcDrain(int fd);

    /// <summary>struct timespec for ppoll.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    [LibraryImport(LibC, EntryPoint = "ppoll", SetLastError = true)]
    public static partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, void* sigmask);

    // Pseudo-terminal pairs (glibc, Unix 98 ptys through /dev/ptmx).
    [LibraryImport(LibC, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport(LibC, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(int fd);

    [LibraryImport(LibC, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(int fd);

    [LibraryImport(LibC, EntryPoint = "ptsname_r", SetLastError = true)]
    public static partial int PtsNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(LibC, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    /// <summary>"No such file or directory (ENOENT 2)": the errno text with its number.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
