using Microsoft.Win32.SafeHandles;

namespace NeuroRT.Serial;

/// <summary>Owns a serial port's file descriptor; closes it exactly once.</summary>
internal sealed class SerialPortHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SerialPortHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    // The exclusive mode set at open (TIOCEXCL) is a flag of the tty, not of this descriptor. A USB adapter's tty
    // goes away on the last close, but a pseudo-terminal slave lives as long as its master: without TIOCNXCL the next
    // opener (not root) of a virtual board's tty would be refused with EBUSY after this port closed. Harmless when
    // the device is already gone (the ioctl then fails and is ignored).
    protected override bool ReleaseHandle()
    {
        PosixNative.Ioctl((int)handle, PosixNative.TIOCNXCL, 0);
        return PosixNative.Close((int)handle) == 0;
    }
}
