namespace NeuroRT.Snn.Link;

/// <summary>
/// A byte link to a NeuroCoreX board or its model: a serial port (the real board, or the virtual board behind a
/// pseudo-terminal) or the in-process virtual board. The driver only ever talks through this.
/// </summary>
public interface INcxLink : IDisposable
{
    /// <summary>What the link is connected to, for messages (a tty path, "virtual board (in-process)").</summary>
    string Description { get; }

    /// <summary>Writes all bytes (blocking until they are accepted).</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Blocks until every written byte has left (tcdrain for a serial port).</summary>
    void Drain();

    /// <summary>
    /// Reads what is available, waiting up to <paramref name="timeout"/> for the first byte; returns 0 on timeout.
    /// Throws <see cref="NeuroRT.Serial.SerialPortClosedException"/> when the peer is gone (unplugged, hung up, closed).
    /// </summary>
    int Read(Span<byte> buffer, TimeSpan timeout);

    /// <summary>Drops bytes received but not yet read.</summary>
    void DiscardInput();
}
