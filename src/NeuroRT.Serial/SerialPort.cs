using System.Diagnostics;
using System.Runtime.InteropServices;
using static NeuroRT.Serial.PosixNative;

namespace NeuroRT.Serial;

/// <summary>
/// A POSIX serial port over termios (System.IO.Ports is not available here): raw 8N1, no flow
/// control, opened exclusively (TIOCEXCL plus an advisory flock, which also holds against root),
/// any baud rate (the classic ones through cfsetispeed/cfsetospeed, all others, e.g. 1,000,000 to
/// 4,000,000, through Linux termios2 with BOTHER). Reads wait in poll with a timeout; Read, Write
/// and ReadExactly allocate nothing after Open. Not thread-safe: one reader and one writer thread
/// at most, never two of either.
/// </summary>
public sealed unsafe class SerialPort : IDisposable
{
    // Rates set through glibc's cfsetispeed/cfsetospeed (termios B-constants); all others use BOTHER.
    private static ReadOnlySpan<int> ClassicRates => [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];
    private static ReadOnlySpan<uint> ClassicCodes => [0x9, 0xB, 0xC, 0xD, 0xE, 0xF, 0x1001, 0x1002, 0x1003];

    private readonly SerialPortHandle _handle;
    private readonly int _fd;

    private SerialPort(string path, SerialPortHandle handle, int baudRate)
    {
        PortPath = path;
        _handle = handle;
        _fd = handle.Fd;
        BaudRate = baudRate;
    }

    /// <summary>The device path the port was opened with.</summary>
    public string PortPath { get; }

    /// <summary>The requested baud rate.</summary>
    public int BaudRate { get; }

    /// <summary>How long Write waits for room in the driver's output buffer before a TimeoutException; default 2 s.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Opens <paramref name="path"/> exclusively in raw 8N1 at <paramref name="baudRate"/> and
    /// discards anything already queued. Throws <see cref="SerialPortException"/> naming the path
    /// and the errno text when the device is missing, not permitted, busy or refuses the settings.
    /// </summary>
    public static SerialPort Open(string path, int baudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (baudRate <= 0 || baudRate > 4_000_000)
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, $"serial port '{path}': baud rate must be 1..4000000");

        // O_NONBLOCK: open must not wait for carrier detect; it stays set, reads and writes wait in poll.
        int fd = PosixNative.Open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) throw OpenError(path, Marshal.GetLastPInvokeError());
        var handle = new SerialPortHandle(fd);
        try
        {
            if (Flock(fd, LOCK_EX | LOCK_NB) != 0)
            {
                int e = Marshal.GetLastPInvokeError();
                throw e == EAGAIN ? OpenError(path, EBUSY) : Fail(path, "flock", e);
            }
            if (Ioctl(fd, TIOCEXCL, 0) != 0) throw Fail(path, "ioctl(TIOCEXCL)", Marshal.GetLastPInvokeError());
            Configure(path, fd, baudRate);
            if (TcFlush(fd, TCIOFLUSH) != 0) throw Fail(path, "tcflush", Marshal.GetLastPInvokeError());
            return new SerialPort(path, handle, baudRate);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads what is available into <paramref name="buffer"/>, waiting up to <paramref name="timeout"/>
    /// for the first byte. Returns the byte count, 0 on timeout. Throws
    /// <see cref="SerialPortClosedException"/> on hang-up or unplug.
    /// </summary>
    public int Read(Span<byte> buffer, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (buffer.IsEmpty) return 0;
        long deadline = Deadline(timeout);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                PollFd pfd = new() { fd = _fd, events = POLLIN };
                int r = Poll(&pfd, 1, RemainingMs(deadline));
                if (r < 0)
                {
                    int e = Marshal.GetLastPInvokeError();
                    if (e == EINTR) continue;
                    throw Fail(PortPath, "poll", e);
                }
                if (r == 0)
                {
                    if (RemainingMs(deadline) == 0) return 0;
                    continue;
                }
                if ((pfd.revents & POLLIN) != 0)
                {
                    nint n = PosixNative.Read(_fd, p, (nuint)buffer.Length);
                    if (n > 0) return (int)n;
                    if (n == 0) throw Closed("end of file on the tty", 0);
                    int e = Marshal.GetLastPInvokeError();
                    if (e == EINTR || e == EAGAIN) continue;
                    if (e == EIO || e == ENXIO || e == ENODEV) throw Closed("read failed", e);
                    throw Fail(PortPath, "read", e);
                }
                if ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
                    throw Closed((pfd.revents & POLLHUP) != 0 ? "hang-up (POLLHUP)" : "error (POLLERR)", 0);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> completely within <paramref name="timeout"/> (one deadline for
    /// the whole buffer) or throws a <see cref="TimeoutException"/> naming the port and the expected
    /// and received byte counts.
    /// </summary>
    public void ReadExactly(Span<byte> buffer, TimeSpan timeout)
    {
        long deadline = Deadline(timeout);
        int got = 0;
        while (got < buffer.Length)
        {
            int n = Read(buffer[got..], TimeSpan.FromMilliseconds(RemainingMs(deadline)));
            if (n == 0 && RemainingMs(deadline) == 0) ThrowReadTimeout(buffer.Length, got, timeout);
            got += n;
        }
    }

    /// <summary>Writes all of <paramref name="data"/> to the driver (see <see cref="Drain"/> to wait until it is on the wire).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = PosixNative.Write(_fd, p + done, (nuint)(data.Length - done));
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                int e = n == 0 ? EAGAIN : Marshal.GetLastPInvokeError();
                if (e == EINTR) continue;
                if (e == EAGAIN)
                {
                    WaitWritable(data.Length, done);
                    continue;
                }
                if (e == EIO || e == ENXIO || e == ENODEV) throw Closed("write failed", e);
                throw Fail(PortPath, "write", e);
            }
        }
    }

    /// <summary>Waits until every byte written has been transmitted (tcdrain).</summary>
    public void Drain()
    {
        while (TcDrain(_fd) != 0)
        {
            int e = Marshal.GetLastPInvokeError();
            if (e == EINTR) continue;
            if (e == EIO) throw Closed("tcdrain failed", e);
            throw Fail(PortPath, "tcdrain", e);
        }
    }

    /// <summary>Discards bytes received but not read and bytes written but not sent (tcflush TCIOFLUSH).</summary>
    public void DiscardBuffers()
    {
        if (TcFlush(_fd, TCIOFLUSH) != 0) throw Fail(PortPath, "tcflush", Marshal.GetLastPInvokeError());
    }

    /// <summary>The output speed the driver reports now (TCGETS2), in baud.</summary>
    public int ReadBackBaudRate()
    {
        Termios2 t;
        if (Ioctl(_fd, TCGETS2, &t) != 0) throw Fail(PortPath, "ioctl(TCGETS2)", Marshal.GetLastPInvokeError());
        return (int)t.c_ospeed;
    }

    /// <summary>The driver's current settings (TCGETS2), for tests and diagnostics.</summary>
    internal Termios2 ReadBackSettings()
    {
        Termios2 t;
        if (Ioctl(_fd, TCGETS2, &t) != 0) throw Fail(PortPath, "ioctl(TCGETS2)", Marshal.GetLastPInvokeError());
        return t;
    }

    /// <summary>
    /// The FTDI-style latency timer of this port when it is a USB-serial adapter on Linux, else null
    /// (see <see cref="UsbSerialLatencyTimer"/>; 16 ms by default, set it to 1 ms for closed loops).
    /// </summary>
    public UsbSerialLatencyTimer? FindLatencyTimer(string sysfsRoot = "/sys") => UsbSerialLatencyTimer.TryFind(PortPath, sysfsRoot);

    /// <summary>Releases the exclusive claim and closes the port.</summary>
    public void Dispose() => _handle.Dispose();

    private static void Configure(string path, int fd, int baudRate)
    {
        int classic = ClassicRates.IndexOf(baudRate);
        if (classic >= 0)
        {
            Termios t;
            if (TcGetAttr(fd, &t) != 0) throw Fail(path, "tcgetattr", Marshal.GetLastPInvokeError());
            MakeRaw(ref t.c_iflag, ref t.c_oflag, ref t.c_cflag, ref t.c_lflag);
            t.c_cc[VMIN] = 1;
            t.c_cc[VTIME] = 0;
            if (CfSetISpeed(&t, ClassicCodes[classic]) != 0 || CfSetOSpeed(&t, ClassicCodes[classic]) != 0)
                throw Fail(path, $"cfsetspeed({baudRate})", Marshal.GetLastPInvokeError());
            if (TcSetAttr(fd, TCSANOW, &t) != 0) throw Fail(path, "tcsetattr", Marshal.GetLastPInvokeError());
        }
        else
        {
            Termios2 t;
            if (Ioctl(fd, TCGETS2, &t) != 0) throw Fail(path, "ioctl(TCGETS2)", Marshal.GetLastPInvokeError());
            MakeRaw(ref t.c_iflag, ref t.c_oflag, ref t.c_cflag, ref t.c_lflag);
            t.c_cc[VMIN] = 1;
            t.c_cc[VTIME] = 0;
            // BOTHER in CBAUD, input speed follows the output speed (CIBAUD cleared), both given in baud.
            t.c_cflag = (t.c_cflag & ~(CBAUD | CIBAUD)) | BOTHER;
            t.c_ispeed = (uint)baudRate;
            t.c_ospeed = (uint)baudRate;
            if (Ioctl(fd, TCSETS2, &t) != 0)
                throw Fail(path, $"ioctl(TCSETS2, {baudRate} baud)", Marshal.GetLastPInvokeError());
        }
    }

    // VMIN = 1, VTIME = 0 with O_NONBLOCK: read never waits (poll does), returns what is there, and an
    // empty queue gives EAGAIN, so a read of 0 bytes means end of file (hung up), never "no data yet"
    // (with VMIN = 0 n_tty returns 0 for an empty queue).
    // cfmakeraw's flags plus 8N1, receiver on, modem lines ignored, no RTS/CTS, no hang-up on close.
    internal static void MakeRaw(ref uint iflag, ref uint oflag, ref uint cflag, ref uint lflag)
    {
        iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY | INPCK | IUCLC | IMAXBEL);
        oflag &= ~OPOST;
        lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS | HUPCL);
        cflag |= CS8 | CREAD | CLOCAL;
    }

    private void WaitWritable(int total, int done)
    {
        long deadline = Deadline(WriteTimeout);
        while (true)
        {
            PollFd pfd = new() { fd = _fd, events = POLLOUT };
            int r = Poll(&pfd, 1, RemainingMs(deadline));
            if (r < 0)
            {
                int e = Marshal.GetLastPInvokeError();
                if (e == EINTR) continue;
                throw Fail(PortPath, "poll", e);
            }
            if (r == 0)
            {
                if (RemainingMs(deadline) == 0) ThrowWriteTimeout(total, done);
                continue;
            }
            if ((pfd.revents & POLLOUT) != 0) return;
            if ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) throw Closed("hang-up while writing", 0);
        }
    }

    private static long Deadline(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be >= 0");
        return Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    // Milliseconds left until the deadline, rounded up so poll never returns before it.
    private static int RemainingMs(long deadline)
    {
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0) return 0;
        long ms = (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return ms > int.MaxValue ? int.MaxValue : (int)ms;
    }

    private SerialPortClosedException Closed(string what, int errno) => new(PortPath,
        $"serial port '{PortPath}' closed: {what}{(errno != 0 ? ": " + Describe(errno) : "")}; the peer hung up or the device was unplugged. Reopen it when it is back.",
        errno);

    private void ThrowReadTimeout(int expected, int received, TimeSpan timeout) => throw new TimeoutException(
        $"serial port '{PortPath}': expected {expected} bytes within {timeout.TotalMilliseconds:0.###} ms, received {received}.");

    private void ThrowWriteTimeout(int total, int done) => throw new TimeoutException(
        $"serial port '{PortPath}': wrote {done} of {total} bytes, then the output stayed full for {WriteTimeout.TotalMilliseconds:0.###} ms (is the receiver reading, or is flow control holding it?).");

    private static SerialPortException Fail(string path, string call, int errno) =>
        new(path, $"serial port '{path}': {call} failed: {Describe(errno)}", errno);

    private static SerialPortException OpenError(string path, int errno)
    {
        string hint = errno switch
        {
            ENOENT => " Check the path and that the device is plugged in (ls /dev/ttyUSB* /dev/ttyACM* /dev/serial/by-id/).",
            EACCES or EPERM => " Add your user to the group that owns it (usually 'dialout': sudo usermod -aG dialout $USER, then log in again).",
            EBUSY => " Another program holds it open exclusively (find it with: fuser -v " + path + ").",
            ENXIO or ENODEV => " The device is gone or not ready (unplugged?).",
            _ => "",
        };
        return new SerialPortException(path, $"cannot open serial port '{path}': {Describe(errno)}.{hint}", errno);
    }
}
