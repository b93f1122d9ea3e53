using NeuroRT.Snn.Link;
using NeuroRT.Snn.Serial;

namespace NeuroRT.Snn.Stage;

/// <summary>A NeuroCoreX board on a serial port (1 000 000 baud 8N1, spec §3) as an <see cref="INcxLink"/>.</summary>
public sealed class SerialNcxLink : INcxLink
{
    private readonly SerialPort _port;

    private SerialNcxLink(SerialPort port, string path)
    {
        _port = port;
        Description = path;
    }

    /// <summary>Opens <paramref name="path"/> at <paramref name="baudRate"/>.</summary>
    public static SerialNcxLink Open(string path, int baudRate = 1_000_000) => new(SerialPort.Open(path, baudRate), path);

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data) => _port.Write(data);

    /// <inheritdoc />
    public void Drain() => _port.Drain();

    /// <inheritdoc />
    public int Read(Span<byte> buffer, TimeSpan timeout) => _port.Read(buffer, timeout);

    /// <inheritdoc />
    public void DiscardInput() => _port.DiscardBuffers();

    /// <inheritdoc />
    public void Dispose() => _port.Dispose();
}
