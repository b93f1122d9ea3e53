using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

/// <summary>
/// The board's protocol timing (spec §3, §4.5, §4.6, §9), from which the driver derives every wait and timeout: none is
/// a guessed fixed sleep. The margin covers what the protocol does not fix: the USB-serial adapter's latency timer
/// (16 ms by default), the host's scheduler, a loaded test machine.
/// </summary>
public static class NcxTiming
{
    /// <summary>One timestep: 96 slots of 10 µs.</summary>
    public static readonly TimeSpan Timestep = TimeSpan.FromMicroseconds(960);

    /// <summary>One byte on the 1 Mbaud 8N1 line (10 bits).</summary>
    public static readonly TimeSpan LineByte = TimeSpan.FromMicroseconds(10);

    /// <summary>The enable loader stores one byte per 16 µs (1 600 fast cycles).</summary>
    public static readonly TimeSpan EnableLoaderByte = TimeSpan.FromMicroseconds(16);

    /// <summary>The read-back sends one byte per 21 µs (2 100 fast cycles).</summary>
    public static readonly TimeSpan ReadBackByte = TimeSpan.FromMicroseconds(21);

    /// <summary>Added to every derived timeout.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    /// <summary>Data bytes of the enable command after the command byte (2 304 + the ignored one).</summary>
    public const int EnableLoaderBytes = NcxLayout.EnableBytes + 1;

    /// <summary>
    /// After the enable command has drained (its last byte is on the line), how long until the loader has stored
    /// everything: it needs 2 305 × 16 µs from the first data byte, of which 2 305 × 10 µs passed while the bytes were
    /// on the line; plus one loader tick of slack.
    /// </summary>
    public static TimeSpan EnableSettleAfterDrain => EnableLoaderBytes * (EnableLoaderByte - LineByte) + EnableLoaderByte;

    /// <summary>Timeout for the 9 215 read-back bytes: 21 µs to start, 21 µs per byte, 25 % and the margin.</summary>
    public static TimeSpan ReadBackTimeout => (NcxLayout.ReadBackBytes + 1) * ReadBackByte * 1.25 + Margin;

    /// <summary>
    /// Timeout for a whole batch run: its τₙ timesteps, up to one timestep of start latency, the time its
    /// <paramref name="bytesToSend"/> take on the line, 25 % and the margin.
    /// </summary>
    public static TimeSpan RunTimeout(int lastEventTimestep, long bytesToSend) =>
        ((lastEventTimestep + 1) * Timestep + bytesToSend * LineByte) * 1.25 + Margin;

    /// <summary>Timeout for the next <paramref name="timesteps"/> frames of a streaming run.</summary>
    public static TimeSpan FramesTimeout(int timesteps) => (timesteps + 1) * Timestep * 1.25 + Margin;
}
