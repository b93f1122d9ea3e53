using NeuroRT.Serial;

namespace NeuroRT.Snn.Link;

/// <summary>
/// An <see cref="INcxLink"/> over a POSIX serial port at the board's 1 000 000 baud (spec §3): the real board's FTDI
/// adapter, or the virtual board behind a pseudo-terminal. One port stays open for the whole session (reopening per
/// sample, as the vendor notebook does, loses bytes and resets the adapter's latency timer, spec §13).
/// </summary>
public sealed class SerialLink : INcxLink
{
    /// <summary>The board's line rate.</summary>
    public const int BaudRate = 1_000_000;

    private readonly SerialPort _port;

    private SerialLink(SerialPort port, UsbSerialLatencyTimer? latencyTimer)
    {
        _port = port;
        LatencyTimer = latencyTimer;
        Description = latencyTimer is null ? port.PortPath : $"{port.PortPath} (USB-serial latency timer {latencyTimer.Milliseconds} ms)";
    }

    /// <summary>
    /// Opens <paramref name="path"/> at 1 Mbaud 8N1. The FTDI latency timer (which delays every board→host byte by up
    /// to its value, 16 ms by default) is looked up and reported in <see cref="Description"/>; with
    /// <paramref name="latencyTimerMs"/> it is also set (needs write permission on the sysfs attribute; a failure is
    /// reported in <see cref="LatencyTimerError"/>, not thrown).
    /// </summary>
    public static SerialLink Open(string path, int? latencyTimerMs = null, string sysfsRoot = "/sys")
    {
        SerialPort port = SerialPort.Open(path, BaudRate);
        try
        {
            UsbSerialLatencyTimer? timer = port.FindLatencyTimer(sysfsRoot);
            string? error = null;
            if (timer is not null && latencyTimerMs is int ms && timer.Milliseconds != ms)
            {
                timer.TrySet(ms, out error);
            }

            return new SerialLink(port, timer) { LatencyTimerError = error };
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The USB-serial adapter's latency timer, or null when the port is not one (a pseudo-terminal, a UART).</summary>
    public UsbSerialLatencyTimer? LatencyTimer { get; }

    /// <summary>Why setting the latency timer failed, or null.</summary>
    public string? LatencyTimerError { get; private init; }

    /// <summary>The port.</summary>
    public SerialPort Port => _port;

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data) => _port.Write(data);

    /// <inheritdoc />
    public void Drain() => _port.Drain();

    /// <inheritdoc />
    public int Read(Span<byte> buffer, TimeSpan timeout) => _port.Read(buffer, timeout);

    /// <summary>Reads and drops whatever has arrived (input only: unsent output is kept, unlike tcflush).</summary>
    public void DiscardInput()
    {
        Span<byte> sink = stackalloc byte[512];
        while (_port.Read(sink, TimeSpan.Zero) > 0)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose() => _port.Dispose();
}
