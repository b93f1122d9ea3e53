using System.Runtime.InteropServices;
using NeuroRT.Serial;
using static NeuroRT.Serial.PosixNative;

namespace NeuroRT.Devices.NeuroCoreX.Pty;

/// <summary>
/// The master side of a new pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname_r), non-blocking, with the
/// line discipline in raw mode: no echo, no canonical line editing, no CR/LF translation, 8 bits. The raw settings are
/// made through the master (on Linux they are the slave's settings), before any client opens the slave, so no byte the
/// board sends can be echoed back as a command while a client has not configured the port yet.
/// </summary>
internal sealed unsafe class PseudoTerminalMaster : IDisposable
{
    private int _fd;

    public PseudoTerminalMaster()
    {
        _fd = PosixOpenPt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (_fd < 0) throw Fail("posix_openpt", "/dev/ptmx");
        try
        {
            if (GrantPt(_fd) != 0) throw Fail("grantpt", "/dev/ptmx");
            if (UnlockPt(_fd) != 0) throw Fail("unlockpt", "/dev/ptmx");
            byte* name = stackalloc byte[128];
            if (PtsNameR(_fd, name, 128) != 0) throw Fail("ptsname_r", "/dev/ptmx");
            SlavePath = Marshal.PtrToStringUTF8((nint)name)!;

            Termios2 t;
            if (Ioctl(_fd, TCGETS2, &t) != 0) throw Fail("ioctl(TCGETS2)", SlavePath);
            SerialPort.MakeRaw(ref t.c_iflag, ref t.c_oflag, ref t.c_cflag, ref t.c_lflag);
            t.c_cc[VMIN] = 1;
            t.c_cc[VTIME] = 0;
            if (Ioctl(_fd, TCSETS2, &t) != 0) throw Fail("ioctl(TCSETS2)", SlavePath);
        }
        catch
        {
            Close(_fd);
            _fd = -1;
            throw;
        }
    }

    /// <summary>The slave device, e.g. /dev/pts/3: what a client opens as its serial port.</summary>
    public string SlavePath { get; } = "";

    /// <summary>The master descriptor (valid until <see cref="Dispose"/>).</summary>
    public int Fd => _fd;

    /// <summary>
    /// Discards what the master wrote and no client read. After the last client closed, those bytes wait in the slave's
    /// line discipline (up to 4 KiB) and in the pty's buffer; a real port loses them on close, and a next client that
    /// does not flush at open must not receive them. The master can only flush the pty's buffer, so the slave is
    /// opened for a moment to flush its input too (skipped when it cannot be opened, e.g. left exclusive).
    /// </summary>
    public void DiscardUnread()
    {
        TcFlush(_fd, TCOFLUSH);
        int slave = Open(SlavePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (slave < 0) return;
        TcFlush(slave, TCIFLUSH);
        Close(slave);
    }

    /// <summary>Closes the master: every client of the slave sees a hang-up, as when a USB board is unplugged.</summary>
    public void Dispose()
    {
        if (_fd >= 0) Close(_fd);
        _fd = -1;
    }

    private static SerialPortException Fail(string call, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new SerialPortException(path, $"virtual board pseudo-terminal '{path}': {call} failed: {Describe(errno)}", errno);
    }
}
