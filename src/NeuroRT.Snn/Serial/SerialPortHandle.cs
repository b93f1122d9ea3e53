using Microsoft.Win32.SafeHandles;

namespace NeuroRT.Snn.Serial;

/// <summary>Owns a serial port's file descriptor; closes it exactly once.</summary>
internal sealed class SerialPortHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SerialPortHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => PosixNative.Close((int)handle) == 0;
}
