namespace NeuroRT.Serial;

/// <summary>A serial port could not be opened, configured or used; the message names the port and the errno text.</summary>
public class SerialPortException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SerialPortException(string portPath, string message, int errno = 0) : base(message)
    {
        PortPath = portPath;
        Errno = errno;
    }

    /// <summary>The device path, e.g. /dev/ttyUSB0.</summary>
    public string PortPath { get; }

    /// <summary>The errno behind the failure, 0 when none.</summary>
    public int Errno { get; }
}

/// <summary>
/// The port went away: the peer hung up or the USB adapter was unplugged (POLLHUP/POLLERR, EIO, or
/// end of file on the tty). The handle is unusable; the caller decides whether to reopen.
/// </summary>
public sealed class SerialPortClosedException : SerialPortException
{
    /// <summary>Creates the exception.</summary>
    public SerialPortClosedException(string portPath, string message, int errno = 0) : base(portPath, message, errno) { }
}
